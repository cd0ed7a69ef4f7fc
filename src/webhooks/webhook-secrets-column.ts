import { SealedColumn } from '../crypto/sealed-column-rotation';

/**
 * The webhooks' signing secrets (deleted webhooks have none left), for `rotate-key`, so they
 * still sign once the previous key is dropped.
 */
export const WEBHOOK_SECRETS: SealedColumn = {
  table: 'webhooks',
  column: 'secret_sealed',
  entityType: 'webhook',
  idsKey: 'webhookIds',
};
