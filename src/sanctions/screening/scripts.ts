import { romanize } from 'es-hangul';

/** Family names of two syllables: a Hangul name starting with one splits after it. */
const TWO_SYLLABLE_FAMILIES = new Set(['남궁', '황보', '제갈', '선우', '독고', '사공', '서문']);

const syllableCache = new Map<string, string>();

/** One Hangul syllable in Revised Romanization, alone: no sound change from its neighbours. */
function romanizeSyllable(syllable: string): string {
  let latin = syllableCache.get(syllable);
  if (latin === undefined) {
    latin = romanize(syllable);
    syllableCache.set(syllable, latin);
  }
  return latin;
}

/**
 * A Hangul word as Latin, syllable by syllable. A word of two to four syllables is taken for a
 * whole Korean name written as one word (김정은) and comes out as family name, a space, and
 * the given name's syllables hyphenated ("gim jeong-eun"), the shape a Latin name has.
 */
function romanizeHangulWord(word: string): string {
  const syllables = [...word];
  const latin = syllables.map(romanizeSyllable);
  if (syllables.length < 2 || syllables.length > 4) return latin.join('');
  const familyLength = TWO_SYLLABLE_FAMILIES.has(syllables.slice(0, 2).join('')) ? 2 : 1;
  if (familyLength === syllables.length) return latin.join('');
  return `${latin.slice(0, familyLength).join('')} ${latin.slice(familyLength).join('-')}`;
}

/**
 * Russian transcriptions of Korean name syllables (the Kontsevich system and the older press
 * forms) back to the list's McCune-Reischauer spelling: letter by letter they would come out
 * as "chen", "yn", "tsoi".
 */
const CYRILLIC_KOREAN: Record<string, string> = {
  ли: 'ri',
  ри: 'ri',
  ким: 'kim',
  пак: 'pak',
  цой: 'choe',
  чхве: 'choe',
  чой: 'choe',
  чен: 'jong',
  чон: 'jong',
  ын: 'un',
  ир: 'il',
  иль: 'il',
  ил: 'il',
  сен: 'song',
  сон: 'song',
  ен: 'yong',
  ён: 'yong',
  енг: 'yong',
  хён: 'hyon',
  хен: 'hyon',
  чоль: 'chol',
  чхоль: 'chol',
  чол: 'chol',
  хо: 'ho',
  хак: 'hak',
  хван: 'hwang',
  хан: 'han',
  чан: 'jang',
  кан: 'kang',
  кын: 'kun',
  нам: 'nam',
  мун: 'mun',
  пэк: 'paek',
  пхё: 'pyo',
  пхён: 'pyong',
  рю: 'ryu',
  ю: 'yu',
  юн: 'yun',
  чо: 'cho',
  ко: 'ko',
  о: 'o',
  ян: 'yang',
  рян: 'ryang',
  сын: 'sung',
  хи: 'hui',
  хый: 'hui',
  ук: 'uk',
  ый: 'ui',
  чу: 'chu',
  тхэ: 'thae',
  тэ: 'tae',
  пу: 'pu',
  гу: 'gu',
  ку: 'ku',
  квон: 'kwon',
  вон: 'won',
  ван: 'wang',
  квак: 'kwak',
  сок: 'sok',
};

const CYRILLIC_LETTERS: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'u',
  ь: '',
  э: 'ae',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
};

/** Two letters for one Korean sound: "дж"/"чж" write ㅈ (Дже Сон = Je Son, Джин = Jin). */
const CYRILLIC_DIGRAPHS: [RegExp, string][] = [[/дж|чж/g, 'j']];

function transliterateCyrillicWord(word: string): string {
  const lower = word.toLowerCase();
  const korean = CYRILLIC_KOREAN[lower];
  if (korean !== undefined) return korean;
  let text = lower;
  for (const [pattern, latin] of CYRILLIC_DIGRAPHS) text = text.replace(pattern, latin);
  return [...text].map((letter) => CYRILLIC_LETTERS[letter] ?? letter).join('');
}

const HANGUL_WORD = /[\uAC00-\uD7A3]+/g;
const CYRILLIC_WORD = /[\u0400-\u04FF]+/g;

/** Hangul romanised and Cyrillic transliterated; other scripts untouched. */
export function toLatin(text: string): string {
  return text
    .replace(HANGUL_WORD, (word) => ` ${romanizeHangulWord(word)} `)
    .replace(CYRILLIC_WORD, transliterateCyrillicWord);
}
