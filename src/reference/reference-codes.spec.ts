import reference from '../../demo/reference.json';
import {
  CATEGORY_CODE,
  findCodeErrors,
  PROVISION_CODE,
  REGIME_CODE,
  ReferenceSnapshot,
  RESOLUTION,
} from './reference-codes';

const snapshot: ReferenceSnapshot = {
  regimes: new Map([
    ['UN-1718', { active: true }],
    ['UN-1267', { active: true }],
    ['UN-1518', { active: false }],
  ]),
  categories: new Map([
    ['overseas_labor', { active: true }],
    ['coal_export', { active: false }],
  ]),
  provisions: new Map([
    ['UNSCR-2397-OP8', { active: true, regime: 'UN-1718' }],
    ['UNSCR-2375-OP17', { active: true, regime: 'UN-1718' }],
    ['UNSCR-2270', { active: false, regime: 'UN-1718' }],
  ]),
};

describe('code formats', () => {
  it('accept every code of the seed data', () => {
    expect(reference.regimes.filter((r) => !REGIME_CODE.test(r.code))).toEqual([]);
    expect(reference.categories.filter((c) => !CATEGORY_CODE.test(c.code))).toEqual([]);
    expect(reference.provisions.filter((p) => !PROVISION_CODE.test(p.code))).toEqual([]);
    const resolutions = [...reference.regimes, ...reference.provisions].map((r) => r.resolution);
    expect(resolutions.filter((r) => !RESOLUTION.test(r))).toEqual([]);
  });

  it.each([
    [REGIME_CODE, ['UN-1718', 'UN-1267-1989', 'AU-7']],
    [CATEGORY_CODE, ['overseas_labor', 'other', 'it_workers', 'wmd2']],
    [PROVISION_CODE, ['UNSCR-2397-OP8', 'UNSCR-1718', 'UNSCR-2270-OP18-A']],
    [RESOLUTION, ['2397 (2017)', '1718 (2006)']],
  ])('%s accepts well-formed values', (pattern, values) => {
    for (const value of values) expect(value).toMatch(pattern);
  });

  it.each([
    [REGIME_CODE, ['un-1718', 'UN1718', 'UN-', 'UN 1718', ' UN-1718', 'UN-1718-', 'U-1718']],
    [CATEGORY_CODE, ['Overseas_labor', 'overseas-labor', '_labor', 'labor_', 'a__b', '1abc', '']],
    [PROVISION_CODE, ['UNSCR-OP8', 'unscr-2397-op8', 'UNSCR-2397-', 'UNSCR-2397-OP 8', 'UNSCR']],
    [RESOLUTION, ['2397', '2397(2017)', '2397 (17)', 'S/RES/2397']],
  ])('%s refuses malformed values', (pattern, values) => {
    for (const value of values) expect(value).not.toMatch(pattern);
  });
});

describe('findCodeErrors', () => {
  it('accepts active codes whose provisions belong to the regime', () => {
    expect(
      findCodeErrors(snapshot, {
        regime: 'UN-1718',
        category: 'overseas_labor',
        provisions: ['UNSCR-2397-OP8', 'UNSCR-2375-OP17'],
      }),
    ).toEqual([]);
  });

  it('checks only the codes given', () => {
    expect(findCodeErrors(snapshot, {})).toEqual([]);
    expect(findCodeErrors(snapshot, { provisions: [] })).toEqual([]);
    expect(findCodeErrors(snapshot, { provisions: ['UNSCR-2397-OP8'] })).toEqual([]);
  });

  it('names each unknown or inactive code under its field', () => {
    expect(
      findCodeErrors(snapshot, {
        regime: 'UN-9999',
        category: 'coal_export',
        provisions: ['UNSCR-2397-OP8', 'UNSCR-0000', 'UNSCR-2270'],
      }),
    ).toEqual([
      { field: 'regime', errors: ['unknown regime "UN-9999": see GET /api/v1/reference/regimes'] },
      {
        field: 'category',
        errors: [
          'inactive category "coal_export": see GET /api/v1/reference/categories?active=true',
        ],
      },
      {
        field: 'provisions',
        errors: [
          'unknown provision "UNSCR-0000": see GET /api/v1/reference/provisions',
          'inactive provision "UNSCR-2270": see GET /api/v1/reference/provisions?active=true',
        ],
      },
    ]);
    expect(findCodeErrors(snapshot, { regime: 'UN-1518', category: 'nope' })).toEqual([
      {
        field: 'regime',
        errors: ['inactive regime "UN-1518": see GET /api/v1/reference/regimes?active=true'],
      },
      {
        field: 'category',
        errors: ['unknown category "nope": see GET /api/v1/reference/categories'],
      },
    ]);
  });

  it('refuses provisions of another regime, once each', () => {
    expect(
      findCodeErrors(snapshot, {
        regime: 'UN-1267',
        provisions: ['UNSCR-2397-OP8', 'UNSCR-2397-OP8'],
      }),
    ).toEqual([
      {
        field: 'provisions',
        errors: [
          'provision "UNSCR-2397-OP8" belongs to regime "UN-1718", not "UN-1267": see GET /api/v1/reference/provisions?regime=UN-1267',
        ],
      },
    ]);
  });

  it('reports no membership noise against an unknown regime', () => {
    expect(findCodeErrors(snapshot, { regime: 'UN-0', provisions: ['UNSCR-2397-OP8'] })).toEqual([
      { field: 'regime', errors: ['unknown regime "UN-0": see GET /api/v1/reference/regimes'] },
    ]);
  });
});
