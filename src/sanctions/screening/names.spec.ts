import {
  nameTokens,
  parseKnownName,
  SCREENING_RULES_VERSION,
  screeningKeys,
  screeningText,
} from './names';
import { tokenSimilarity } from './token-similarity';

describe('nameTokens', () => {
  it.each([
    ['Lee Won Ho', 'RI WON HO'],
    ['Yi Won-ho', 'RI WON HO'],
    ['Rhee Wonho', 'RI WON HO'],
    ['Li Won Ho', 'RI WON HO'],
    ['Park Chang-ho', 'Pak Chang Ho'],
    ['Bak Chang Ho', 'Pak Chang Ho'],
    ['Choi Song Il', 'CHOE SONG IL'],
    ['Jung Kwang Il', 'Chong Kwang Il'],
    ['Chung Kwang Il', 'Chong Kwang Il'],
    ['Jeong Kwang Il', 'Chong Kwang Il'],
    ['Gim Jong Un', 'Kim Jong Un'],
    ['Lim Chol', 'Rim Chol'],
  ])('unifies the family name variant %s with %s', (variant, listed) => {
    expect(nameTokens(variant)).toEqual(nameTokens(listed));
  });

  it('joins a given name whatever its hyphens or spaces: Won-ho = Won Ho = Wonho', () => {
    expect(nameTokens('Ri Won-ho')).toEqual(['ri', 'wonho']);
    expect(nameTokens('Ri Won Ho')).toEqual(['ri', 'wonho']);
    expect(nameTokens('Ri Wonho')).toEqual(['ri', 'wonho']);
  });

  it('romanises Hangul syllable by syllable into the Kim Jong Un form', () => {
    expect(nameTokens('김정은')).toEqual(['kim', 'chongun']);
    expect(nameTokens('김 정은')).toEqual(['kim', 'chongun']);
    expect(nameTokens('김정은')).toEqual(nameTokens('Kim Jong Un'));
    expect(nameTokens('리원호')).toEqual(nameTokens('Ri Won Ho'));
    expect(nameTokens('이원호')).toEqual(nameTokens('Ri Won Ho'));
    expect(nameTokens('박창호')).toEqual(nameTokens('Pak Chang Ho'));
  });

  it('turns Cyrillic transcriptions of Korean names back', () => {
    expect(nameTokens('Ким Чен Ын')).toEqual(nameTokens('Kim Jong Un'));
    expect(nameTokens('Ли Вон Хо')).toEqual(nameTokens('Ri Won Ho'));
    expect(nameTokens('Ли Сон Хо')).toEqual(nameTokens('Ri Song Ho'));
    expect(nameTokens('Цой Сон Ир')).toEqual(nameTokens('Choe Song Il'));
    expect(nameTokens('Пак Чен Хо')).toEqual(nameTokens('Pak Jong Ho'));
    // "дж" and "чж" write one sound, the list's j/ch ("Сон" reads as Song: 성 and 송 are
    // commoner than 선, which scoring still finds as a near match).
    expect(nameTokens('Ли Дже Сон')).toEqual(nameTokens('Ri Je Song'));
    expect(nameTokens('Юн Хо Джин')).toEqual(nameTokens('Yun Ho Jin'));
    expect(nameTokens('Ли Чже Сон')).toEqual(nameTokens('Ri Je Song'));
  });

  it('folds the two romanisations: eo/o, eu/u and g/k, b/p, d/t, j/ch', () => {
    expect(nameTokens('Kim Yeong Cheol')).toEqual(nameTokens('KIM YONG CHOL'));
    expect(nameTokens('Ri Eun Song')).toEqual(nameTokens('Ri Un Song'));
    expect(nameTokens('Hyon Gwang Il')).toEqual(nameTokens('HYON KWANG IL'));
    expect(nameTokens('Paek Se Bong')).toEqual(nameTokens('Paek Se Pong'));
    expect(nameTokens('Pak Do Chun')).toEqual(nameTokens('PAK TO CHUN'));
    expect(nameTokens('Jo Yong Chol')).toEqual(nameTokens('Cho Yong Chol'));
    expect(nameTokens('Dongbang Bank')).toEqual(nameTokens('TONGBANG BANK'));
  });

  it('drops McCune-Reischauer apostrophes and accents', () => {
    expect(nameTokens("Mun Cho'ng-Ch'o'l")).toEqual(nameTokens('Mun Chong-Chol'));
    expect(nameTokens('Pak Yo’ng-sik')).toEqual(nameTokens('PAK YONG SIK'));
    expect(nameTokens('Kim Chŏng-sik')).toEqual(nameTokens('KIM JONG SIK'));
  });

  it('reads a hyphenated given name before the family name (Chang-Su Han)', () => {
    expect(nameTokens('Chang-Su Han')).toEqual(nameTokens('HAN JANG SU'));
  });

  it('joins runs of one-syllable words in other names, so spacing does not matter', () => {
    expect(nameTokens('NAM CHON GANG CORPORATION')).toEqual(nameTokens('NAMCHONGANG CORPORATION'));
    expect(nameTokens('Chong Chon Gang Shipping')).toEqual(nameTokens('Chongchongang Shipping'));
  });

  it('expands the abbreviations of company names', () => {
    expect(nameTokens('Korea Samma SHPG CO')).toEqual(nameTokens('KOREA SAMMA SHIPPING COMPANY'));
  });

  it('keeps names that are not Korean word by word', () => {
    expect(nameTokens('Neil Tsang')).toEqual(['neil', 'tsang']);
    expect(nameTokens('Leader (Hong Kong) International')).toEqual([
      'reater',
      'hong',
      'kong',
      'international',
    ]);
  });

  it('gives nothing for a name without letters or digits', () => {
    expect(nameTokens('')).toEqual([]);
    expect(nameTokens(' - () ')).toEqual([]);
  });
});

describe('parseKnownName', () => {
  it('takes the family name the list gives and marks it', () => {
    const parse = parseKnownName('RI', 'WON HO');
    expect(parse.tokens.map((token) => [token.canon, token.family])).toEqual([
      ['ri', true],
      ['wonho', false],
    ]);
  });

  it('keeps a given name that is not Korean word by word', () => {
    expect(parseKnownName('TSANG', 'NEIL JAMES').tokens.map((token) => token.canon)).toEqual([
      'tsang',
      'neil',
      'chames',
    ]);
  });
});

describe('screeningKeys and screeningText', () => {
  it('gives equal keys to the spellings of one name', () => {
    const keys = screeningKeys('Lee Won-ho');
    expect(keys).toEqual(screeningKeys('RI WON HO'));
    expect(keys).toEqual(screeningKeys('이원호'));
    expect(keys).toContain('ri wonho');
    expect(keys).toContain('wonho ri');
  });

  it('finds a name written family name last by its keys', () => {
    const listed = screeningKeys('HAN JANG SU');
    expect(screeningKeys('Chang-Su Han').some((key) => listed.includes(key))).toBe(true);
  });

  it('has a key without the generic words of a company name', () => {
    expect(screeningKeys('NAMCHONGANG TRADING CORPORATION')).toContain('namchongang');
    expect(screeningKeys('Namchongang Trading')).toContain('namchongang');
  });

  it('keeps the keys few', () => {
    for (const name of ['Kim Song Il', 'KOREA MINING DEVELOPMENT TRADING CORPORATION', '김정은']) {
      expect(screeningKeys(name).length).toBeLessThanOrEqual(4);
    }
    expect(screeningKeys('')).toEqual([]);
  });

  it('gives one canonical text per name', () => {
    expect(screeningText('Kim Jong-un')).toBe('kim chongun');
    expect(screeningText('김정은')).toBe('kim chongun');
  });

  it('has a rules version', () => {
    expect(Number.isInteger(SCREENING_RULES_VERSION)).toBe(true);
    expect(SCREENING_RULES_VERSION).toBeGreaterThan(0);
  });
});

describe('tokenSimilarity', () => {
  it('is 1 for equal tokens and 0 against an empty one', () => {
    expect(tokenSimilarity('chol', 'chol')).toBe(1);
    expect(tokenSimilarity('chol', '')).toBe(0);
  });

  it('forgives spelling variants but not another syllable', () => {
    const variant = tokenSimilarity('pyongchol', 'pyongchul');
    const otherSyllable = tokenSimilarity('songchol', 'yongchol');
    expect(variant).toBeGreaterThan(0.85);
    expect(otherSyllable).toBeLessThanOrEqual(0.5);
  });

  it('is symmetric', () => {
    expect(tokenSimilarity('hunchin', 'hungchin')).toBe(tokenSimilarity('hungchin', 'hunchin'));
  });

  it('gives 0 below the floor it is asked for', () => {
    expect(tokenSimilarity('kim', 'kimchongun', 0.5)).toBe(0);
  });
});
