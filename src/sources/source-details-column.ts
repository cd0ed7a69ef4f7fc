import { SealedColumn } from '../crypto/sealed-column-rotation';

/** The confidential sources' details, for `rotate-key` (crypto/sealed-column-rotation.ts). */
export const SOURCE_DETAILS: SealedColumn = {
  table: 'sources',
  column: 'sealed',
  entityType: 'source',
  idsKey: 'sourceIds',
};
