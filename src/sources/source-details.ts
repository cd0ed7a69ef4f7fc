import { FieldCipher, SealedDataError, SealedEnvelope } from '../crypto/field-cipher';
import { Source } from './source.entity';

/** The fields of a source that are sealed when it is confidential. */
export interface SourceDetails {
  name: string;
  url: string | null;
  contact: string | null;
  notes: string | null;
}

// Ciphertext length follows plaintext length; padding to a block hides a short name's exact size.
const PAD_TO_BYTES = 64;

export interface DetailColumns {
  name: string | null;
  url: string | null;
  contact: string | null;
  notes: string | null;
  sealed: SealedEnvelope | null;
}

/** The column values to store: clear columns for an open source, only the envelope otherwise. */
export function detailColumns(
  cipher: FieldCipher,
  sourceId: string,
  confidential: boolean,
  details: SourceDetails,
): DetailColumns {
  if (!confidential) return { ...details, sealed: null };
  const json = JSON.stringify(details);
  const padding = (PAD_TO_BYTES - (Buffer.byteLength(json) % PAD_TO_BYTES)) % PAD_TO_BYTES;
  return {
    name: null,
    url: null,
    contact: null,
    notes: null,
    sealed: cipher.seal(json + ' '.repeat(padding), sourceId),
  };
}

const stringOrNull = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';

/** The details of a source, opening its envelope when it is confidential. */
export function detailsOf(cipher: FieldCipher, source: Source): SourceDetails {
  if (!source.confidential) {
    return {
      name: source.name ?? '',
      url: source.url,
      contact: source.contact,
      notes: source.notes,
    };
  }
  const parsed = JSON.parse(cipher.open(source.sealed, source.id)) as Record<string, unknown>;
  if (
    typeof parsed.name !== 'string' ||
    !stringOrNull(parsed.url) ||
    !stringOrNull(parsed.contact) ||
    !stringOrNull(parsed.notes)
  ) {
    throw new SealedDataError('Sealed source details have an unexpected shape');
  }
  return { name: parsed.name, url: parsed.url, contact: parsed.contact, notes: parsed.notes };
}
