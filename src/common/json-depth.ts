/** Deeper JSON than any request of the API needs; validation recurses once per level. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * Whether a JSON text nests objects and arrays deeper than `max`, found in one pass over the
 * bytes without parsing (the structural characters are ASCII, so UTF-8 needs no decoding).
 * Checked before parsing: a body nested thousands deep would otherwise overflow the stack of
 * the validation that walks it.
 */
export function jsonNestingExceeds(bytes: Buffer, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > max) return true;
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return false;
}
