import {
  bandOf,
  type CandidateDesignation,
  compareScored,
  designatedAtTheTime,
  nameScoreOf,
  prepareDesignation,
  prepareQuery,
  scoreCandidate,
  type ScoredCandidate,
  type ScreeningQuery,
} from './score';

function designation(overrides: Partial<CandidateDesignation>): CandidateDesignation {
  return {
    reference: 'KPi.100',
    kind: 'individual',
    listType: 'DPRK',
    name: 'RI WON HO',
    familyName: 'RI',
    givenName: 'WON HO',
    originalScript: null,
    aliases: [],
    nationalities: ["Democratic People's Republic of Korea"],
    datesOfBirth: [{ typeOfDate: 'EXACT', date: '1964-07-17' }],
    imoNumbers: [],
    companyNumbers: [],
    listedOn: '2016-11-30',
    ...overrides,
  };
}

const person = (name: string, extra: Partial<ScreeningQuery> = {}): ScreeningQuery => ({
  name,
  type: 'person',
  ...extra,
});

/** The score whatever the band: a name score below 0.70 shows as 0. */
const scoreOf = (query: ScreeningQuery, candidate: CandidateDesignation): number =>
  scoreCandidate(query, candidate)?.score ?? 0;

const riWonHo = designation({});
const vessel = designation({
  reference: 'KPv.001',
  kind: 'vessel',
  name: 'CHON MA SAN',
  familyName: null,
  givenName: null,
  nationalities: [],
  datesOfBirth: [],
  imoNumbers: ['8660313'],
});
const company = designation({
  reference: 'KPe.022',
  kind: 'entity',
  name: 'CHONGCHONGANG SHIPPING COMPANY',
  familyName: null,
  givenName: null,
  nationalities: [],
  datesOfBirth: [],
  aliases: [{ name: 'Chong Chon Gang Shipping Co. Ltd.', quality: 'a.k.a.' }],
  companyNumbers: ['5342883'],
});

describe('scoreCandidate', () => {
  it('scores the spellings of the designated name as strong', () => {
    for (const name of ['RI WON HO', 'Lee Won-ho', 'Yi Wonho', '이원호', 'Ли Вон Хо']) {
      const result = scoreCandidate(person(name), riWonHo);
      expect(result?.band).toBe('strong');
      expect(result?.score).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('scores the exact spelling above a folded one', () => {
    expect(scoreOf(person('RI WON HO'), riWonHo)).toBe(1);
    expect(scoreOf(person('Lee Won Ho'), riWonHo)).toBeLessThan(1);
  });

  it('explains the match token by token', () => {
    const result = scoreCandidate(person('Lee Won-ho'), riWonHo);
    expect(result?.explanation).toMatchObject({
      matchedName: 'RI WON HO',
      matchedNameKind: 'name',
      aliasQuality: null,
      queryName: 'Lee Won-ho',
      tokens: [
        { query: 'lee', candidate: 'ri', similarity: 0.98, family: true },
        { query: 'wonho', candidate: 'wonho', similarity: 1, family: false },
      ],
      missingFromQuery: [],
      identifiers: [],
      qualifiers: [],
    });
  });

  it('says which alias matched and its quality', () => {
    const withAlias = designation({
      aliases: [{ name: 'Kim Hyok Chol', quality: 'Good' }],
    });
    const result = scoreCandidate(person('Kim Hyok-chol'), withAlias);
    expect(result?.explanation).toMatchObject({
      matchedName: 'Kim Hyok Chol',
      matchedNameKind: 'alias',
      aliasQuality: 'Good',
    });
  });

  it('counts a low-quality alias less', () => {
    const good = designation({ aliases: [{ name: 'Kim Hyok Chol', quality: 'Good' }] });
    const low = designation({ aliases: [{ name: 'Kim Hyok Chol', quality: 'Low' }] });
    const lowResult = scoreCandidate(person('Kim Hyok Chol'), low);
    expect(lowResult?.score).toBeLessThan(scoreOf(person('Kim Hyok Chol'), good));
    expect(lowResult?.explanation.notes).toContain(
      'matched a low-quality alias, which counts less',
    );
  });

  it('weighs the family name more than a syllable of the given name', () => {
    const otherFamily = designation({
      name: 'PAK SONG CHOL',
      familyName: 'PAK',
      givenName: 'SONG CHOL',
    });
    const otherSyllable = designation({
      name: 'KIM YONG CHOL',
      familyName: 'KIM',
      givenName: 'YONG CHOL',
    });
    const familyOff = nameScoreOf(person('KIM SONG CHOL'), otherFamily);
    const syllableOff = nameScoreOf(person('KIM SONG CHOL'), otherSyllable);
    expect(familyOff).toBeLessThan(syllableOff);
    expect(syllableOff).toBeLessThanOrEqual(0.7);
    expect(scoreCandidate(person('KIM SONG CHOL'), otherSyllable)).toBeNull();
  });

  it('keeps a spelling variant of the given name in a band', () => {
    const listed = designation({
      name: 'RI PYONG CHOL',
      familyName: 'RI',
      givenName: 'PYONG CHOL',
    });
    expect(scoreCandidate(person('Ri Pyong Chul'), listed)?.score).toBeGreaterThan(0.85);
  });

  it('costs more for a part missing from the query than for an extra part in it', () => {
    const threeParts = designation({
      reference: 'KPe.900',
      kind: 'entity',
      name: 'MANSUDAE OVERSEAS PROJECT',
      familyName: null,
      givenName: null,
    });
    const twoParts = designation({
      reference: 'KPe.901',
      kind: 'entity',
      name: 'MANSUDAE OVERSEAS',
      familyName: null,
      givenName: null,
    });
    const missing = nameScoreOf({ name: 'Mansudae Overseas', type: 'company' }, threeParts);
    const extra = nameScoreOf({ name: 'Mansudae Overseas Project', type: 'company' }, twoParts);
    expect(missing).toBeLessThan(extra);
    expect(missing).toBeGreaterThan(0.5);
  });

  it('lets generic company words weigh little', () => {
    expect(scoreOf({ name: 'Chongchongang Shipping', type: 'company' }, company)).toBeGreaterThan(
      0.9,
    );
    expect(scoreOf({ name: 'Korea Trading Corporation Limited', type: 'company' }, company)).toBe(
      0,
    );
  });

  it('matches a company by its spaced alias', () => {
    const result = scoreCandidate({ name: 'Chong Chon Gang Shipping', type: 'company' }, company);
    expect(result?.band).toBe('strong');
  });

  it('gives a company number match 0.95 on its own', () => {
    const result = scoreCandidate(
      { name: 'Unrelated Name', type: 'company', imoNumber: 'IMO 5342883' },
      company,
    );
    expect(result?.score).toBe(0.95);
    expect(result?.explanation.identifiers).toEqual([
      { kind: 'companyNumber', value: '5342883', agreed: true },
    ]);
  });

  it('lowers a company whose number differs', () => {
    const result = scoreCandidate(
      { name: 'Chongchongang Shipping Company', type: 'company', imoNumber: '5434358' },
      company,
    );
    expect(result?.score).toBe(0.85);
    expect(result?.explanation.notes).toContain('the company numbers differ');
  });

  it('gives an IMO match 0.95 on its own, and more with the name', () => {
    const byImo = scoreCandidate(
      { name: 'Another Ship', type: 'vessel', imoNumber: '8660313' },
      vessel,
    );
    expect(byImo?.score).toBe(0.95);
    expect(byImo?.band).toBe('strong');
    const both = scoreCandidate(
      { name: 'Chon Ma San', type: 'vessel', imoNumber: '8660313' },
      vessel,
    );
    expect(both?.score).toBe(1);
  });

  it('never lets a vessel reach possible by its name alone', () => {
    expect(scoreCandidate({ name: 'CHON MA SAN', type: 'vessel' }, vessel)).toBeNull();
    expect(
      scoreCandidate({ name: 'CHON MA SAN', type: 'vessel', imoNumber: '9074729' }, vessel),
    ).toBeNull();
  });

  it('compares persons with individuals, companies with entities, vessels with both', () => {
    expect(scoreCandidate({ name: 'RI WON HO', type: 'company' }, riWonHo)).toBeNull();
    expect(scoreCandidate({ name: 'RI WON HO', type: 'vessel' }, riWonHo)).toBeNull();
    expect(
      scoreCandidate({ name: 'CHONGCHONGANG SHIPPING COMPANY', type: 'person' }, company),
    ).toBeNull();
    for (const type of ['company', 'organization', 'state'] as const) {
      expect(scoreCandidate({ name: 'CHONGCHONGANG SHIPPING COMPANY', type }, company)?.score).toBe(
        1,
      );
    }
    const vesselAsOwner = scoreCandidate(
      { name: 'Unrelated', type: 'vessel', imoNumber: '5342883' },
      company,
    );
    // A ship's IMO number is not a company number.
    expect(vesselAsOwner).toBeNull();
  });

  it('moves the score by nationality and birth year only when both sides have them', () => {
    const name = 'Ri Won Ho';
    const bare = scoreOf(person(name), riWonHo);
    expect(scoreOf(person(name, { nationality: 'KP', birthYear: 1964 }), riWonHo)).toBe(1);
    expect(scoreOf(person(name, { nationality: 'RU' }), riWonHo)).toBeLessThan(bare);
    expect(scoreOf(person(name, { birthYear: 1990 }), riWonHo)).toBeLessThan(bare);
    expect(scoreOf(person(name, { birthYear: 1965 }), riWonHo)).toBe(bare);
    const unknown = designation({ nationalities: [], datesOfBirth: [] });
    expect(scoreOf(person(name, { nationality: 'RU', birthYear: 1990 }), unknown)).toBe(bare);
  });

  it('explains the qualifiers with their effects', () => {
    const result = scoreCandidate(
      person('Ri Won Ho', { nationality: 'North Korea', birthYear: 1990 }),
      riWonHo,
    );
    expect(result?.explanation.qualifiers).toEqual([
      {
        kind: 'nationality',
        query: 'North Korea',
        candidate: "Democratic People's Republic of Korea",
        agreed: true,
        effect: 0.03,
      },
      { kind: 'birthYear', query: '1990', candidate: '1964', agreed: false, effect: -0.15 },
    ]);
  });

  it('reads a range of birth years', () => {
    const ranged = designation({
      datesOfBirth: [{ typeOfDate: 'BETWEEN', fromYear: '1967', toYear: '1969' }],
    });
    const result = scoreCandidate(person('Ri Won Ho', { birthYear: 1968 }), ranged);
    expect(result?.explanation.qualifiers[0]).toMatchObject({
      agreed: true,
      candidate: '1967-1969',
    });
  });

  it('notes a designation that was removed from the list', () => {
    const removed = designation({ removedAt: new Date('2024-01-02T10:00:00Z') });
    expect(scoreCandidate(person('Ri Won Ho'), removed)?.explanation.notes).toContain(
      'removed from the list on 2024-01-02',
    );
  });

  it('returns null below the bands, for an empty query too', () => {
    expect(scoreCandidate(person('Kim Jong Un'), riWonHo)).toBeNull();
    expect(scoreCandidate(person(''), riWonHo)).toBeNull();
    expect(scoreCandidate(person('!!!'), riWonHo)).toBeNull();
  });

  it('gives the same result for prepared and plain inputs, twice', () => {
    const plain = scoreCandidate(person('Lee Won-ho', { birthYear: 1964 }), riWonHo);
    const prepared = scoreCandidate(
      prepareQuery(person('Lee Won-ho', { birthYear: 1964 })),
      prepareDesignation(riWonHo),
    );
    expect(prepared).toEqual(plain);
    expect(scoreCandidate(person('Lee Won-ho', { birthYear: 1964 }), riWonHo)).toEqual(plain);
  });

  it('rounds scores to two decimals within 0..1', () => {
    for (const name of ['Ri Won Ho', 'Ri Won', 'Ri Won Ho Pak', 'Rhee Won-ho']) {
      const score = scoreOf(person(name, { nationality: 'KP', birthYear: 1964 }), riWonHo);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      expect(Math.round(score * 100) / 100).toBe(score);
    }
  });

  it('scores one query against ten candidates well under a millisecond', () => {
    const candidates = Array.from({ length: 10 }, (_, i) =>
      prepareDesignation(
        designation({
          reference: `KPi.${i}`,
          name: `KIM SONG ${i}`,
          aliases: [
            { name: `Kim Song-chol ${i}`, quality: 'Good' },
            { name: 'Ri Won Ho', quality: 'Low' },
          ],
        }),
      ),
    );
    const queries = ['Kim Song Chol', 'Lee Won-ho', 'Pak Chang Ho', '김정은', 'Ким Чен Ын'];
    const rounds = 2000;
    for (let round = 0; round < 200; round += 1) {
      const query = prepareQuery(person(queries[round % queries.length]));
      for (const candidate of candidates) scoreCandidate(query, candidate);
    }
    const started = process.hrtime.bigint();
    for (let round = 0; round < rounds; round += 1) {
      const query = prepareQuery(person(queries[round % queries.length]));
      for (const candidate of candidates) scoreCandidate(query, candidate);
    }
    const microsPerQuery = Number(process.hrtime.bigint() - started) / 1000 / rounds;
    console.log(`one query against 10 candidates: ${microsPerQuery.toFixed(1)} µs`);
    expect(microsPerQuery).toBeLessThan(1000);
  });
});

describe('bandOf', () => {
  it.each([
    [1, 'strong'],
    [0.9, 'strong'],
    [0.89, 'possible'],
    [0.71, 'possible'],
    [0.7, null],
    [0, null],
  ])('puts %s in %s', (score, band) => {
    expect(bandOf(score)).toBe(band);
  });
});

describe('compareScored', () => {
  const scored = (reference: string, score: number, kind: 'name' | 'alias'): ScoredCandidate => ({
    reference,
    score,
    band: 'strong',
    explanation: {
      matchedName: reference,
      matchedNameKind: kind,
      aliasQuality: null,
      queryName: 'q',
      tokens: [],
      missingFromQuery: [],
      nameScore: score,
      identifiers: [],
      qualifiers: [],
      notes: [],
    },
  });

  it('orders by score, then a designation name before an alias, then reference', () => {
    const sorted = [
      scored('KPe.3', 0.95, 'alias'),
      scored('KPe.2', 1, 'alias'),
      scored('KPe.1', 0.95, 'alias'),
      scored('KPe.4', 0.95, 'name'),
    ].sort(compareScored);
    expect(sorted.map((result) => result.reference)).toEqual(['KPe.2', 'KPe.4', 'KPe.1', 'KPe.3']);
  });
});

describe('designatedAtTheTime', () => {
  it.each([
    ['2016-11-30', '2017-01-01', '2017-12-31', 'yes'],
    ['2016-11-30', '2016-11-30', '2016-12-31', 'yes'],
    ['2016-11-30', '2016-01-01', '2016-11-29', 'no'],
    ['2016-11-30', '2016-01-01', '2016-12-31', 'partly'],
    ['2016-11-30', '2016-01-01', '2016-11-30', 'partly'],
    [null, '2016-01-01', '2016-12-31', 'unknown'],
    ['2016-11-30', '2017-01-01T08:00:00Z', '2017-01-02T08:00:00Z', 'yes'],
  ] as const)('listed %s, incident %s..%s: %s', (listedOn, from, to, expected) => {
    expect(designatedAtTheTime(listedOn, from, to)).toBe(expected);
  });

  it('refuses dates that are not dates, and a period that ends before it starts', () => {
    expect(() => designatedAtTheTime('2016-11-30', 'yesterday', '2017-01-01')).toThrow(RangeError);
    expect(() => designatedAtTheTime('soon', '2017-01-01', '2017-01-02')).toThrow(RangeError);
    expect(() => designatedAtTheTime('2016-11-30', '2017-02-01', '2017-01-01')).toThrow(RangeError);
  });
});
