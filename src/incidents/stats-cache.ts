import { IncidentStatsDto } from './dto/incident.dto';

/** Totals that took at least this long to count are kept; cheaper ones are counted afresh. */
export const STATS_CACHE_MIN_COST_MS = 500;
/** How long kept totals may be answered at most, whatever happens meanwhile. */
export const STATS_CACHE_TTL_MS = 30_000;
/** Views kept at most; the least recently stored goes first. */
export const STATS_CACHE_ENTRIES = 100;

interface Entry {
  generation: string;
  storedAt: number;
  stats: IncidentStatsDto;
}

/**
 * The list's totals (four aggregates over every incident of a view: seconds at a million
 * incidents) for views that are expensive to count, so that every visit to the list does not
 * scan the table again. An entry holds while the incidents' generation (the newest `updatedAt`,
 * which every write moves) is the one it was counted at, and for STATS_CACHE_TTL_MS at most:
 * the bound on how stale totals can be when two writes commit out of the order of their
 * timestamps. Cheap views are never kept, so a small database always answers fresh totals.
 */
export class StatsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options = {
      minCostMs: STATS_CACHE_MIN_COST_MS,
      ttlMs: STATS_CACHE_TTL_MS,
      maxEntries: STATS_CACHE_ENTRIES,
    },
  ) {}

  get(view: string, generation: string, now: number): IncidentStatsDto | undefined {
    const entry = this.entries.get(view);
    if (!entry) return undefined;
    if (entry.generation !== generation || now - entry.storedAt >= this.options.ttlMs) {
      this.entries.delete(view);
      return undefined;
    }
    return entry.stats;
  }

  /** Keeps `stats` of `view` at `generation` if counting them cost at least minCostMs. */
  offer(
    view: string,
    generation: string,
    stats: IncidentStatsDto,
    costMs: number,
    now: number,
  ): void {
    if (costMs < this.options.minCostMs) return;
    this.entries.delete(view);
    this.entries.set(view, { generation, storedAt: now, stats });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}

/**
 * The key of a view: its filters in a fixed order, and the caller when a filter is relative to
 * them (`me`). `overdue` moves with the clock, which the entry's TTL bounds.
 */
export function viewKey(filters: object, userId: string): string {
  const entries = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  const relative = entries.some(([, value]) => value === 'me');
  return JSON.stringify([entries, relative ? userId : null]);
}
