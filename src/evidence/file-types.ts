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

/**
 * The MIME type to store, decided from the bytes; the client's claim only chooses between
 * text flavours (plain, CSV, JSON) for content that is text. Null when not allowed.
 */
export async function sniffType(head: Buffer, claimed: string | undefined): Promise<string | null> {
  const detected = await fromBuffer(head);
  if (detected) {
    const allowed =
      ALLOWED.has(detected.mime) || ALLOWED_PREFIXES.some((p) => detected.mime.startsWith(p));
    return allowed ? detected.mime : null;
  }
  if (!looksLikeText(head)) return null;
  const base = (claimed ?? '').split(';')[0].trim().toLowerCase();
  return TEXT_TYPES.has(base) ? base : 'text/plain';
}
