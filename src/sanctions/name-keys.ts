/**
 * The plain key of a name: Latin letters without their accents, lower case, one space between
 * words. Screening builds its Korean-aware keys on top of this; the list keeps these keys so
 * that an exact-key lookup is an index scan.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
