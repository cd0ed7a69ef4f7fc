/**
 * How alike two folded name tokens are, 0..1: an edit distance whose costs follow how
 * romanisations of one Korean name differ (o/u, an h or a glide more or less: cheap; another
 * consonant: dear), divided by the syllables of the longer token. Per syllable, not per letter:
 * "songchol" and "yongchol" differ by one letter but are different names (one syllable in two),
 * while "pyongchol" and "pyongchul" are one name spelt two ways.
 */
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const LIGHT = new Set(['h', 'w', 'y']);

const CHEAP_PAIRS = new Map<string, number>([
  ['ou', 0.2],
  ['uo', 0.2],
  ['gk', 0.2],
  ['kg', 0.2],
  ['lr', 0.2],
  ['rl', 0.2],
  ['nr', 0.5],
  ['rn', 0.5],
  ['wy', 0.6],
  ['yw', 0.6],
]);

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  const cheap = CHEAP_PAIRS.get(a + b);
  if (cheap !== undefined) return cheap;
  if (VOWELS.has(a) && VOWELS.has(b)) return 0.6;
  return 1;
}

/** `after` is the letter before: a g after n is a final ng against n (Henjin/Heungjin). */
function indel(letter: string, after: string | undefined): number {
  if (LIGHT.has(letter) || (letter === 'g' && after === 'n')) return 0.4;
  return VOWELS.has(letter) ? 0.6 : 1;
}

function syllables(token: string): number {
  let count = 0;
  let inVowel = false;
  for (const letter of token) {
    const vowel = VOWELS.has(letter);
    if (vowel && !inVowel) count += 1;
    inVowel = vowel;
  }
  // Tokens without Latin vowels (digits, Han characters): each character is a unit.
  return count > 0 ? count : token.length;
}

let previous = new Float64Array(32);
let current = new Float64Array(32);

function editCost(a: string, b: string): number {
  if (previous.length <= b.length) {
    previous = new Float64Array(b.length * 2 + 1);
    current = new Float64Array(b.length * 2 + 1);
  }
  previous[0] = 0;
  for (let j = 1; j <= b.length; j += 1) previous[j] = previous[j - 1] + indel(b[j - 1], b[j - 2]);
  for (let i = 1; i <= a.length; i += 1) {
    const letter = a[i - 1];
    const remove = indel(letter, a[i - 2]);
    current[0] = previous[0] + remove;
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j] + remove,
        current[j - 1] + indel(b[j - 1], b[j - 2]),
        previous[j - 1] + substitution(letter, b[j - 1]),
      );
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

const MIN_INDEL = 0.4;
const CACHE_LIMIT = 200_000;
const cache = new Map<string, number>();

/**
 * The similarity, or 0 when it would be below `floor`: a length difference alone can rule a
 * pair out before the edit distance is computed. Results are cached: a designation list has a
 * small vocabulary, so the same pairs recur across queries and aliases.
 */
export function tokenSimilarity(a: string, b: string, floor = 0): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const units = Math.max(syllables(a), syllables(b));
  if (1 - (Math.abs(a.length - b.length) * MIN_INDEL) / units < floor) return 0;
  const key = a < b ? `${a} ${b}` : `${b} ${a}`;
  let similarity = cache.get(key);
  if (similarity === undefined) {
    similarity = Math.max(0, 1 - editCost(a, b) / units);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, similarity);
  }
  return similarity < floor ? 0 : similarity;
}
