import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth-user';
import { allowedActions } from '../workflow/workflow';
import { encodeCursor, Page } from '../common/pagination';
import { IncidentDto, IncidentStatsDto, mapIncident } from './dto/incident.dto';
import { IncidentFilters, IncidentListQuery } from './dto/incident-query.dto';
import { Incident } from './incident.entity';
import { IncidentSearchRepository, SearchStep } from './incident-search.repository';
import { StatsCache, viewKey } from './stats-cache';
import { deadlinesOf, StageDeadlines, stageDeadline } from './stage-deadline';
import { InjectConfig } from '../common/core.module';
import { AppConfig } from '../config/config';

// Exports select from the list's filters (src/exports/export-query.ts).
export { filteredIncidents } from './incident-search.repository';

/** Whether a page found by the `recent` step may be missing rows that `matches` finds. */
export function pageNeedsAllMatches(query: IncidentListQuery, rows: number): boolean {
  return Boolean(query.q) && rows <= (query.limit ?? 25);
}

@Injectable()
export class IncidentSearch {
  private readonly deadlines: StageDeadlines;
  private readonly statsCache = new StatsCache();

  constructor(
    private readonly rows: IncidentSearchRepository,
    @InjectConfig() config: AppConfig,
  ) {
    this.deadlines = deadlinesOf(config);
  }

  /** Keyset pagination on (sort column, id), newest first; the cursor is opaque. */
  async list(user: AuthUser, query: IncidentListQuery): Promise<Page<IncidentDto>> {
    const limit = query.limit ?? 25;
    const context = { userId: user.id, deadlines: this.deadlines };
    const page = (step: SearchStep) => this.rows.page(query, step, context);
    let rows = await page('recent');
    if (pageNeedsAllMatches(query, rows.length)) rows = await page('matches');
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const items = shown.map(({ incident, counts }) =>
      mapIncident(
        incident,
        allowedActions(incident, user),
        counts,
        stageDeadline(incident, this.deadlines),
      ),
    );
    if (items.length === 0) return { items, nextCursor: null };
    const last = shown[shown.length - 1].incident;
    const key = (incident: Incident): string =>
      query.sort === '-updatedAt'
        ? incident.updatedAt.toISOString()
        : query.sort === '-createdAt'
          ? incident.createdAt.toISOString()
          : incident.occurredFrom;
    return { items, nextCursor: more ? encodeCursor([key(last), last.id]) : null };
  }

  async stats(user: AuthUser, filters: IncidentFilters): Promise<IncidentStatsDto> {
    const view = viewKey(filters, user.id);
    const generation = await this.rows.generation();
    const kept = this.statsCache.get(view, generation, Date.now());
    if (kept) return kept;
    const started = Date.now();
    const stats = await this.rows.stats(filters, { userId: user.id, deadlines: this.deadlines });
    this.statsCache.offer(view, generation, stats, Date.now() - started, Date.now());
    return stats;
  }
}
