import { toLatin } from './scripts';

/** Bump when the rules below change: stored keys with an older version are recomputed. */
export const SCREENING_RULES_VERSION = 1;

/** One part of a name as screening compares it. */
export interface NameToken {
  /** Folded: the form two spellings of one name share. */
  canon: string;
  /** Lower case, accents and apostrophes gone, scripts turned to Latin, nothing folded. */
  plain: string;
  weight: number;
  family: boolean;
}

/** A reading of a name: a Korean personal name is family name + joined given name. */
export interface NameParse {
  tokens: NameToken[];
  korean: boolean;
}

export const FAMILY_WEIGHT = 2.5;
const GENERIC_WEIGHT = 0.15;
const SECTOR_WEIGHT = 0.5;
const PARENTHESISED_WEIGHT = 0.3;
const MAX_GIVEN_WEIGHT = 3;

/** Words that name the kind of body, not which one: they weigh little. */
const GENERIC_WORDS = new Set([
  'a',
  'an',
  'and',
  'at',
  'co',
  'company',
  'companies',
  'corp',
  'corporation',
  'cooperation',
  'dprk',
  'dprkn',
  'for',
  'general',
  'group',
  'hk',
  'inc',
  'international',
  'intl',
  'jsc',
  'jv',
  'korea',
  'korean',
  'limited',
  'llc',
  'ltd',
  'no',
  'of',
  'plc',
  'pte',
  'the',
  'trade',
  'trading',
  'bureau',
]);

/** Words of a sector: shared by many designations, so they tell little apart. */
const SECTOR_WORDS = new Set([
  'academy',
  'army',
  'bank',
  'banking',
  'center',
  'centre',
  'commission',
  'committee',
  'credit',
  'department',
  'development',
  'economic',
  'economics',
  'energy',
  'export',
  'finance',
  'force',
  'forces',
  'import',
  'industry',
  'institute',
  'insurance',
  'investment',
  'joint',
  'machinery',
  'management',
  'marine',
  'maritime',
  'ministry',
  'national',
  'office',
  'operation',
  'research',
  'science',
  'sciences',
  'shipping',
  'shpg',
  'technology',
  'unit',
  'venture',
]);

const ABBREVIATIONS: Record<string, string> = {
  co: 'company',
  corp: 'corporation',
  ltd: 'limited',
  shpg: 'shipping',
  intl: 'international',
};

/** Folded spellings of a family name → the list's (North Korean, McCune-Reischauer) form. */
const FAMILY_VARIANTS: Record<string, string> = {
  lee: 'ri',
  ree: 'ri',
  rie: 'ri',
  yi: 'ri',
  i: 'ri',
  park: 'pak',
  pahk: 'pak',
  choi: 'choe',
  chwe: 'choe',
  chung: 'chong',
  im: 'rim',
  roh: 'ro',
  noh: 'ro',
  no: 'ro',
  na: 'ra',
  paik: 'paek',
  pae: 'pae',
  koh: 'ko',
  oh: 'o',
  sohn: 'son',
  hyun: 'hyon',
  ahn: 'an',
  suh: 'so',
  hur: 'ho',
  sung: 'song',
  chun: 'chon',
};

/** Korean family names in their folded list form. */
const FAMILIES = new Set([
  'an',
  'cha',
  'chae',
  'chang',
  'che',
  'chi',
  'chin',
  'cho',
  'choe',
  'chon',
  'chong',
  'chu',
  'ha',
  'ham',
  'han',
  'ho',
  'hong',
  'hwang',
  'hyon',
  'kang',
  'ki',
  'kil',
  'kim',
  'ko',
  'kong',
  'ku',
  'kwak',
  'kwon',
  'kye',
  'ma',
  'min',
  'myong',
  'mun',
  'nam',
  'o',
  'pae',
  'paek',
  'pak',
  'pang',
  'pyo',
  'pyon',
  'ra',
  'ri',
  'rim',
  'ro',
  'sim',
  'sin',
  'so',
  'sok',
  'son',
  'song',
  'tak',
  'to',
  'u',
  'wi',
  'won',
  'yang',
  'yom',
  'yon',
  'yu',
  'yun',
]);

/** One romanised Korean syllable, after folding (so no g, b, d or j at a syllable's start). */
const SYLLABLE =
  '(?:ch|k|n|t|r|l|m|p|s|h)?(?:yae|wae|ae|ya|ye|yo|yu|wa|wo|we|wi|oe|ui|a|e|i|o|u)(?:ng|k|n|t|l|m|p)?';
const ONE_SYLLABLE = new RegExp(`^${SYLLABLE}$`);
const KOREAN_WORD = new RegExp(`^(?:${SYLLABLE}){1,3}$`);

/**
 * The spellings of one Korean sound brought to one: RR vowels to McCune-Reischauer (eo → o,
 * eu → u), common English spellings (oo, young), voiced and unvoiced initials together (g/k,
 * b/p, d/t, j/ch: the two systems write the same sound with either), aspiration marks and
 * doubled consonants dropped, an initial l as r, and an initial r before y dropped (the South's
 * initial-sound rule writes 룡, 련, 류 as yong, yon, yu). Folding happens in every position, which is
 * sound because both sides of a comparison fold alike.
 */
export function fold(piece: string): string {
  return piece
    .replace(/eo/g, 'o')
    .replace(/eu/g, 'u')
    .replace(/oo/g, 'u')
    .replace(/ou(?=ng)/g, 'o')
    .replace(/wu/g, 'u')
    .replace(/ph/g, 'p')
    .replace(/th/g, 't')
    .replace(/kh/g, 'k')
    .replace(/sh/g, 's')
    .replace(/tch|jj|j/g, 'ch')
    .replace(/(?<!n)g/g, 'k')
    .replace(/b/g, 'p')
    .replace(/d/g, 't')
    .replace(/([b-df-hj-np-tv-z])\1+/g, '$1')
    .replace(/^rh/, 'r')
    .replace(/^l/, 'r')
    .replace(/^ry/, 'y')
    .replace(NK_BEFORE_VOWEL, 'ng');
}

/** Syllables joined: "Nam Chon Gang" and "Namchongang" meet at "namchongang". */
const NK_BEFORE_VOWEL = /nk(?=[aeiouwy])/g;
const joinFolded = (pieces: string[]): string => pieces.join('').replace(NK_BEFORE_VOWEL, 'ng');

interface RawToken {
  /** The hyphen-separated pieces, plain. */
  pieces: string[];
  folded: string[];
  inParens: boolean;
}

const APOSTROPHES = /['’‘`ʼʻ´]/g;
const TOKEN_OR_BRACKET = /[()[\]]|[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

function rawTokens(name: string): RawToken[] {
  const text = toLatin(name.normalize('NFKC'))
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/&/g, ' and ');
  const tokens: RawToken[] = [];
  let depth = 0;
  for (const [match] of text.matchAll(TOKEN_OR_BRACKET)) {
    if (match === '(' || match === '[') depth += 1;
    else if (match === ')' || match === ']') depth = Math.max(0, depth - 1);
    else {
      const pieces = match.split('-');
      tokens.push({ pieces, folded: pieces.map(fold), inParens: depth > 0 });
    }
  }
  return tokens;
}

const syllableCount = (canon: string): number => canon.match(/[aeiou]+/g)?.length ?? 0;

const isKoreanPiece = (folded: string): boolean => KOREAN_WORD.test(folded);
const isKoreanToken = (token: RawToken): boolean =>
  !token.inParens &&
  !GENERIC_WORDS.has(token.pieces.join('')) &&
  !SECTOR_WORDS.has(token.pieces.join('')) &&
  token.folded.every((piece) => isKoreanPiece(piece) || FAMILY_VARIANTS[piece] !== undefined);

function familyForm(token: RawToken): string | null {
  if (token.pieces.length !== 1) return null;
  const folded = token.folded[0];
  const canon = FAMILY_VARIANTS[folded] ?? folded;
  return FAMILIES.has(canon) ? canon : null;
}

function familyToken(token: RawToken, canon: string): NameToken {
  return { canon, plain: token.pieces.join(''), weight: FAMILY_WEIGHT, family: true };
}

function givenToken(tokens: RawToken[]): NameToken {
  const canon = joinFolded(tokens.flatMap((token) => token.folded));
  return {
    canon,
    plain: tokens.flatMap((token) => token.pieces).join(''),
    weight: Math.min(MAX_GIVEN_WEIGHT, Math.max(1, syllableCount(canon))),
    family: false,
  };
}

function wordWeight(plain: string, inParens: boolean): number {
  const weight = GENERIC_WORDS.has(plain)
    ? GENERIC_WEIGHT
    : SECTOR_WORDS.has(plain)
      ? SECTOR_WEIGHT
      : 1;
  return inParens ? Math.min(weight, PARENTHESISED_WEIGHT) : weight;
}

/**
 * Any name that is not read as a Korean personal name: one token per word, hyphenated words
 * joined, and runs of one-syllable Korean words joined too ("Nam Chon Gang" = "Namchongang").
 */
function plainParse(tokens: RawToken[]): NameParse {
  const out: NameToken[] = [];
  let run: RawToken[] = [];
  const flush = (): void => {
    if (run.length > 1) out.push({ ...givenToken(run), weight: 1 });
    else if (run.length === 1) out.push(wordToken(run[0]));
    run = [];
  };
  for (const token of tokens) {
    if (token.pieces.length === 1 && isKoreanToken(token) && ONE_SYLLABLE.test(token.folded[0])) {
      run.push(token);
      continue;
    }
    flush();
    out.push(wordToken(token));
  }
  flush();
  return { tokens: out, korean: false };
}

function wordToken(token: RawToken): NameToken {
  const plain = token.pieces.join('');
  const canon =
    token.pieces.length === 1 && ABBREVIATIONS[plain] !== undefined
      ? fold(ABBREVIATIONS[plain])
      : joinFolded(token.folded);
  return { canon, plain, weight: wordWeight(plain, token.inParens), family: false };
}

function koreanParse(family: RawToken, familyCanon: string, given: RawToken[]): NameParse {
  return { tokens: [familyToken(family, familyCanon), givenToken(given)], korean: true };
}

/**
 * The readings of a name, the likeliest first. A name of two to four Korean-looking words whose
 * first (or, failing that, last) word is a Korean family name is read as family name + given
 * name, the given name's syllables joined whatever their hyphens or spaces (Won-ho = Won Ho =
 * Wonho). With one hyphenated part and one other word, the other word is the family name, in
 * either order ("Chang-Su Han").
 */
export function parseName(name: string): NameParse[] {
  const tokens = rawTokens(name);
  if (tokens.length === 0) return [{ tokens: [], korean: false }];
  const plain = plainParse(tokens);
  if (tokens.length < 2 || tokens.length > 4 || !tokens.every(isKoreanToken)) return [plain];
  const hyphenated = tokens.filter((token) => token.pieces.length > 1);
  if (tokens.length === 2 && hyphenated.length === 1) {
    const [family, given] = hyphenated[0] === tokens[0] ? [tokens[1], tokens[0]] : tokens;
    const canon = familyForm(family) ?? family.folded[0];
    return [koreanParse(family, canon, [given])];
  }
  const parses: NameParse[] = [];
  const first = familyForm(tokens[0]);
  if (first !== null) parses.push(koreanParse(tokens[0], first, tokens.slice(1)));
  const last = familyForm(tokens[tokens.length - 1]);
  if (last !== null && first === null) {
    parses.push(koreanParse(tokens[tokens.length - 1], last, tokens.slice(0, -1)));
  }
  return parses.length > 0 ? parses : [plain];
}

/**
 * A designation's own name, whose family name the list gives (for DPRK individuals FIRST_NAME,
 * SPEC 15): the family name is taken from there, not guessed.
 */
export function parseKnownName(familyName: string, givenName: string | null): NameParse {
  const family = rawTokens(familyName);
  const given = rawTokens(givenName ?? '');
  if (family.length !== 1) return plainParse([...family, ...given]);
  const canon = familyForm(family[0]) ?? joinFolded(family[0].folded);
  if (given.length === 0) return { tokens: [familyToken(family[0], canon)], korean: false };
  if (given.every(isKoreanToken)) return koreanParse(family[0], canon, given);
  return { tokens: [familyToken(family[0], canon), ...plainParse(given).tokens], korean: false };
}

/**
 * Canonical tokens of a name: Hangul romanised syllable by syllable, Cyrillic transcriptions of
 * Korean names turned back, accents stripped, lower case, family-name variants unified,
 * syllable spellings folded, a Korean given name joined into one token after the family name.
 */
export function nameTokens(name: string): string[] {
  return parseName(name)[0].tokens.map((token) => token.canon);
}

const MAX_KEYS = 4;

/**
 * The exact lookup keys of a name: its canonical tokens joined; for a Korean personal name also
 * given + family (the other order) and the reading with the family name last; otherwise the
 * name without its generic words, written without spaces.
 */
export function screeningKeys(name: string): string[] {
  const parses = parseName(name);
  const keys = new Set<string>();
  const add = (key: string): void => {
    if (key !== '' && keys.size < MAX_KEYS) keys.add(key);
  };
  const [primary, ...others] = parses;
  add(primary.tokens.map((token) => token.canon).join(' '));
  if (primary.korean) {
    add(
      primary.tokens
        .map((token) => token.canon)
        .reverse()
        .join(' '),
    );
  }
  for (const parse of others) add(parse.tokens.map((token) => token.canon).join(' '));
  if (!primary.korean) {
    add(
      primary.tokens
        .filter((token) => token.weight > GENERIC_WEIGHT)
        .map((token) => token.canon)
        .join(''),
    );
  }
  return [...keys];
}

/** One canonical string per name, for trigram neighbours. */
export function screeningText(name: string): string {
  return nameTokens(name).join(' ');
}
