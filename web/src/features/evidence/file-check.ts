/** What the server accepts (GET /evidence/upload-limits): checked here before any byte is sent. */
export interface UploadLimits {
  maxUploadBytes: number;
  allowedTypes: string[];
  allowedTypePrefixes: string[];
}

export type FileRefusal =
  | { reason: 'empty' }
  | { reason: 'too_large'; size: number; limit: number }
  | { reason: 'type'; type: string };

/**
 * Refuses a file the server would refuse, before sending it: empty, over the limit, or of a
 * type the browser names (from the file's extension) that is not allowed. A type the browser
 * cannot name is let through: the server decides from the bytes (415), as it does for every file.
 */
export function checkFile(
  file: Pick<File, 'size' | 'type'>,
  limits: UploadLimits | undefined,
): FileRefusal | null {
  if (file.size === 0) return { reason: 'empty' };
  if (!limits) return null;
  if (file.size > limits.maxUploadBytes) {
    return { reason: 'too_large', size: file.size, limit: limits.maxUploadBytes };
  }
  const type = file.type.split(';')[0].trim().toLowerCase();
  if (
    type &&
    !limits.allowedTypes.includes(type) &&
    !limits.allowedTypePrefixes.some((prefix) => type.startsWith(prefix))
  ) {
    return { reason: 'type', type };
  }
  return null;
}

/** Lower-case hex of bytes, two digits each. */
export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The SHA-256 of a file, computed in the browser before it is sent, to be compared with what the
 * server stored. WebCrypto exists only in a secure context (HTTPS or localhost): null elsewhere.
 */
export async function sha256Hex(data: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', await data.arrayBuffer()));
}

/** The evidence kind a file most likely is, from its type; the user may change it. */
export function kindOfFile(type: string): 'image' | 'video' | 'audio' | 'document' | 'dataset' {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'text/csv' || type === 'application/json') return 'dataset';
  return 'document';
}

/** A size for people, in the user's language: "1.5 MB", "50 MB". */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
