import { IncidentStatsDto } from './dto/incident.dto';
import { StatsCache, viewKey } from './stats-cache';

const totals = (total: number): IncidentStatsDto => ({
  total,
  byStatus: [{ key: 'intake', count: total }],
  byCategory: [],
  byCountry: [],
  byMonth: [],
});

describe('StatsCache', () => {
  const options = { minCostMs: 500, ttlMs: 30_000, maxEntries: 2 };

  it('answers totals that were expensive to count while the generation stays', () => {
    const cache = new StatsCache(options);
    cache.offer('all', 'g1', totals(7), 800, 1_000);
    expect(cache.get('all', 'g1', 2_000)).toEqual(totals(7));
    expect(cache.get('other view', 'g1', 2_000)).toBeUndefined();
  });

  it('never keeps totals that were cheap to count', () => {
    const cache = new StatsCache(options);
    cache.offer('all', 'g1', totals(7), 499, 1_000);
    expect(cache.get('all', 'g1', 1_001)).toBeUndefined();
  });

  it('forgets totals once an incident is written (the generation moves)', () => {
    const cache = new StatsCache(options);
    cache.offer('all', 'g1', totals(7), 800, 1_000);
    expect(cache.get('all', 'g2', 1_001)).toBeUndefined();
    // and the entry is gone, not revived by the old generation
    expect(cache.get('all', 'g1', 1_002)).toBeUndefined();
  });

  it('forgets totals after the TTL whatever the generation', () => {
    const cache = new StatsCache(options);
    cache.offer('all', 'g1', totals(7), 800, 1_000);
    expect(cache.get('all', 'g1', 30_999)).toEqual(totals(7));
    expect(cache.get('all', 'g1', 31_000)).toBeUndefined();
  });

  it('keeps at most maxEntries views, dropping the least recently stored', () => {
    const cache = new StatsCache(options);
    cache.offer('a', 'g', totals(1), 800, 0);
    cache.offer('b', 'g', totals(2), 800, 0);
    cache.offer('a', 'g', totals(3), 800, 1);
    cache.offer('c', 'g', totals(4), 800, 2);
    expect(cache.get('b', 'g', 3)).toBeUndefined();
    expect(cache.get('a', 'g', 3)).toEqual(totals(3));
    expect(cache.get('c', 'g', 3)).toEqual(totals(4));
  });
});

describe('viewKey', () => {
  it('is the same for the same filters in any order, and ignores empty ones', () => {
    expect(viewKey({ status: 'intake', country: 'RU' }, 'u1')).toBe(
      viewKey({ country: 'RU', q: undefined, status: 'intake' }, 'u2'),
    );
    expect(viewKey({ status: 'intake' }, 'u1')).not.toBe(viewKey({ status: 'verified' }, 'u1'));
  });

  it('tells callers apart only when a filter is relative to the caller', () => {
    expect(viewKey({ assigneeId: 'me' }, 'u1')).not.toBe(viewKey({ assigneeId: 'me' }, 'u2'));
    expect(viewKey({ createdBy: 'me' }, 'u1')).not.toBe(viewKey({ createdBy: 'me' }, 'u2'));
    expect(viewKey({ assigneeId: 'none' }, 'u1')).toBe(viewKey({ assigneeId: 'none' }, 'u2'));
  });
});
