import { fromBuffer } from 'file-type';

/** Types sniffed from the bytes that may be stored (spec 8); anything else is 415. */
const ALLOWED_PREFIXES = ['image/', 'video/', 'audio/'];
const ALLOWED = new Set([
  'application/pdf',
  'application/zip',
  'application/msword',
  'application/x-cfb', // legacy Office (.doc, .xls, .ppt) containers
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
]);
const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'application/json']);

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return true;
  if (head.includes(0)) return false;
  // A multi-byte character may be cut at the end of the head; ignore the last three bytes.
  return !new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, Math.max(0, head.length - 3)))
    .includes('\uFFFD');
}

/** The allow-list as MIME types, for a client to check a file before sending it. */
export const ALLOWED_MIME_TYPES: readonly string[] = [...ALLOWED, ...TEXT_TYPES].sort();
export const ALLOWED_MIME_PREFIXES: readonly string[] = ALLOWED_PREFIXES;

/** The allow-list as a person reads it (spec 8), named in every refusal. */
export const ALLOWED_FILE_TYPES =
  'images, video, audio, PDF, office documents, plain text, CSV, JSON, ZIP';

/** What the bytes are: the MIME type to store, or what was found instead. */
export type SniffedType =
  { allowed: true; mime: string } | { allowed: false; detected: string | null };

/**
 * The MIME type to store, decided from the bytes; the client's claim only chooses between
 * text flavours (plain, CSV, JSON) for content that is text. `detected` is null for binary
 * content of no known type.
 */
export async function sniffType(head: Buffer, claimed: string | undefined): Promise<SniffedType> {
  const detected = await fromBuffer(head);
  if (detected) {
    const allowed =
      ALLOWED.has(detected.mime) || ALLOWED_PREFIXES.some((p) => detected.mime.startsWith(p));
    return allowed ? { allowed, mime: detected.mime } : { allowed, detected: detected.mime };
  }
  if (!looksLikeText(head)) return { allowed: false, detected: null };
  const base = (claimed ?? '').split(';')[0].trim().toLowerCase();
  return { allowed: true, mime: TEXT_TYPES.has(base) ? base : 'text/plain' };
}

/** The 415 message: what the content was found to be, and what may be sent. */
export function refusedTypeMessage(detected: string | null): string {
  const found =
    detected === null
      ? 'binary content of no recognised type'
      : `file type ${detected} (detected from its content)`;
  return `${found} is not allowed; allowed: ${ALLOWED_FILE_TYPES}`;
}
