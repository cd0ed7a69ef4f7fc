import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CursorPart, decodeCursor } from '../common/pagination';
import { pgCode } from '../database/pg-errors';
import { rawPool } from '../database/raw-pg';
import { IncidentStatus } from '../workflow/workflow';
import { IncidentCountsDto, IncidentStatsDto } from './dto/incident.dto';
import { IncidentFilters, IncidentListQuery, IncidentSort } from './dto/incident-query.dto';
import { CountColumns, mapCounts } from './incident-counts';
import { IncidentParts } from './incident-parts';
import { Incident } from './incident.entity';
import { incidentReader } from './incident-rows';
import { overdueSql, StageDeadlines } from './stage-deadline';

/** The SQL that finds incidents: the list page, its statistics, possible duplicates. */

const SORT_COLUMN: Record<IncidentSort, { column: string; part: CursorPart }> = {
  '-occurredFrom': { column: 'i.occurred_from', part: 'date' },
  '-updatedAt': { column: 'i.updated_at', part: 'timestamp' },
  '-createdAt': { column: 'i.created_at', part: 'timestamp' },
};

/** A query over `incidents i` with the list filters of spec 6, for other features to select from. */
export function filteredIncidents(
  manager: EntityManager,
  filters: IncidentFilters,
  context: FilterContext = {},
): SelectQueryBuilder<Incident> {
  const query = manager.getRepository(Incident).createQueryBuilder('i');
  applyFilters(query, filters, context);
  return query;
}

/** What the filters `me` and `overdue` are relative to: the caller, the stage deadlines. */
export interface FilterContext {
  userId?: string;
  deadlines?: StageDeadlines;
}

function caller(context: FilterContext): string {
  if (!context.userId) throw new Error('the filter "me" needs the caller');
  return context.userId;
}

/** Applies the list filters of spec 6 to a query over `incidents i`. */
export function applyFilters(
  query: SelectQueryBuilder<Incident>,
  filters: IncidentFilters,
  context: FilterContext = {},
): void {
  if (filters.status) query.andWhere('i.status = :status', { status: filters.status });
  if (filters.regime) query.andWhere('i.regime = :regime', { regime: filters.regime });
  if (filters.category) query.andWhere('i.category = :category', { category: filters.category });
  if (filters.provision)
    query.andWhere(':provision = ANY(i.provisions)', { provision: filters.provision });
  if (filters.country)
    query.andWhere('i.countries @> ARRAY[:country]::text[]', { country: filters.country });
  if (filters.tag) query.andWhere('i.tags @> ARRAY[:tag]::text[]', { tag: filters.tag });
  if (filters.assigneeId === 'none') query.andWhere('i.assignee_id IS NULL');
  else if (filters.assigneeId)
    query.andWhere('i.assignee_id = :assigneeId', {
      assigneeId: filters.assigneeId === 'me' ? caller(context) : filters.assigneeId,
    });
  if (filters.createdBy)
    query.andWhere('i.created_by = :createdBy', {
      createdBy: filters.createdBy === 'me' ? caller(context) : filters.createdBy,
    });
  if (filters.overdue !== undefined) {
    if (!context.deadlines) throw new Error('the filter "overdue" needs the stage deadlines');
    const overdue = overdueSql('i', context.deadlines);
    query.andWhere(filters.overdue === 'true' ? overdue : `NOT ${overdue}`);
  }
  if (filters.occurredFrom)
    query.andWhere('i.occurred_to >= :from::date', { from: filters.occurredFrom });
  if (filters.occurredTo)
    query.andWhere('i.occurred_from <= :to::date', { to: filters.occurredTo });
  if (filters.q) {
    query.andWhere("i.search @@ websearch_to_tsquery('english', :q)", { q: filters.q });
  }
}

/**
 * How a page with a full-text term is found. Walking the sort index and testing each row is
 * fast while matches are dense among the newest rows, but reads the whole table when they
 * are rare or all old; collecting every match through the GIN index and sorting is fast for
 * few matches, but sorts hundreds of thousands for a common term. The planner picks from its
 * estimates, and an estimate that is far off (two common words that never meet, a word of
 * 2020 only) costs seconds at a million incidents. So the list first takes `recent`: the walk,
 * cut off after RECENT_WINDOW_PER_ROW rows per row of the page. When that does not fill the
 * page, it takes `matches`: all matches, sorted. Each step is bounded: the walk by its
 * window, the sort by the number of matches, which the failed walk shows are sparse among
 * the newest rows (many only for a term whose matches are all old).
 */
export type SearchStep = 'recent' | 'matches';

/** Rows walked per row of the page before giving up on the index order (2,080 for 25). */
const RECENT_WINDOW_PER_ROW = 80;

/**
 * The query of one list page: filters, keyset cursor, newest first, limit + 1 rows. With a
 * term, `step` chooses how the page's ids are found (SearchStep); the rows and their order
 * are the same either way.
 */
export function listQuery(
  manager: EntityManager,
  query: IncidentListQuery,
  step: SearchStep = 'recent',
  context: FilterContext = {},
): SelectQueryBuilder<Incident> {
  const take = (query.limit ?? 25) + 1;
  const sort = SORT_COLUMN[query.sort ?? '-occurredFrom'];
  const repository = manager.getRepository(Incident);
  const filtered = (filters: IncidentFilters): SelectQueryBuilder<Incident> => {
    const builder = repository.createQueryBuilder('i');
    applyFilters(builder, filters, context);
    if (query.cursor) {
      const [key, id] = decodeCursor(query.cursor, [sort.part, 'uuid']);
      builder.andWhere(`(${sort.column}, i.id) < (:key, :id::uuid)`, { key, id });
    }
    return builder;
  };
  if (!query.q) {
    return filtered(query).orderBy(sort.column, 'DESC').addOrderBy('i.id', 'DESC').limit(take);
  }
  const page = repository
    .createQueryBuilder('i')
    .orderBy(sort.column, 'DESC')
    .addOrderBy('i.id', 'DESC')
    .limit(take)
    .setParameter('take', take);
  if (step === 'recent') {
    // The LIMIT keeps the subquery apart, so it stays an ordered index walk that stops at
    // the window, and the outer LIMIT stops it earlier once the page is full.
    const recent = filtered({ ...query, q: undefined })
      .select('i.id', 'id')
      .addSelect(sort.column, 'key')
      .addSelect('i.search', 'search')
      .orderBy(sort.column, 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(RECENT_WINDOW_PER_ROW * take);
    return page
      .where(
        `i.id IN (SELECT r.id FROM (${recent.getQuery()}) r
          WHERE r.search @@ websearch_to_tsquery('english', :q)
          ORDER BY r.key DESC, r.id DESC LIMIT :take)`,
      )
      .setParameters({ ...recent.getParameters(), q: query.q });
  }
  // MATERIALIZED keeps the planner from turning this back into the index walk.
  const matches = filtered(query).select('i.id', 'id').addSelect(sort.column, 'key');
  return page
    .addCommonTableExpression(matches, 'matches', { materialized: true })
    .where('i.id IN (SELECT m.id FROM matches m ORDER BY m.key DESC, m.id DESC LIMIT :take)');
}

/**
 * One list page in one statement: the rows of listQuery with the counts of each (a lateral
 * subquery, from IncidentParts), in the page's order. Rows come back with TypeORM's column
 * aliases (`i_<column>`), read by incidentReader (incident-rows.ts) without TypeORM's entity
 * hydration, which cost more than a tenth of a list request's CPU (profiled). The bench runs
 * this same statement as pgbench's limit.
 */
export function pageStatement(
  manager: EntityManager,
  parts: Pick<IncidentParts, 'countsOf'>,
  query: IncidentListQuery,
  step: SearchStep,
  context: FilterContext = {},
): [string, unknown[]] {
  const [sql, parameters] = listQuery(manager, query, step, context).getQueryAndParameters();
  const key = `p.${SORT_COLUMN[query.sort ?? '-occurredFrom'].column.replace('.', '_')}`;
  return [
    `SELECT p.*, c.* FROM (${sql}) p CROSS JOIN LATERAL (${parts.countsOf('p.i_id')}) c
      ORDER BY ${key} DESC, p.i_id DESC`,
    parameters,
  ];
}

/** A row of a possible duplicate, text columns as the prepared statement returns them. */
export interface SimilarRow {
  id: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  category: string;
  occurred_from: string;
  occurred_to: string;
  score: string;
}

// Summaries are long; the opening is what a duplicate shares, and it keeps trigram work small.
const SUMMARY_PREFIX = 300;
const CANDIDATES = 200;
/** Of the candidates, the most title-similar that get their summary compared and a score. */
const FINALISTS = 25;
/** "cached plan must not change result type": the table changed under a prepared statement. */
const FEATURE_NOT_SUPPORTED = '0A000';
/** Same country counts when the incidents are this close in time (days, either side). */
const COUNTRY_WINDOW_DAYS = 90;

@Injectable()
export class IncidentSearchRepository {
  private readonly readIncident: (row: Record<string, unknown>) => Incident;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parts: IncidentParts,
  ) {
    this.readIncident = incidentReader(dataSource.manager, 'i');
  }

  /** The rows of one list page (limit + 1 of them), each with its counts: one statement. */
  async page(
    query: IncidentListQuery,
    step: SearchStep,
    context: FilterContext,
  ): Promise<{ incident: Incident; counts: IncidentCountsDto }[]> {
    const rows = await this.dataSource.query<(Record<string, unknown> & CountColumns)[]>(
      ...pageStatement(this.dataSource.manager, this.parts, query, step, context),
    );
    return rows.map((row) => ({ incident: this.readIncident(row), counts: mapCounts(row) }));
  }

  /**
   * Where the incidents stand: the newest `updatedAt`, which every insert and update moves (one
   * step down the updated index). The list's kept totals hold while it stays (StatsCache).
   */
  async generation(): Promise<string> {
    const [row] = await this.dataSource.query<{ generation: string | null }[]>(
      'SELECT max(updated_at)::text AS generation FROM incidents',
    );
    return row.generation ?? '';
  }

  /**
   * The totals of a view, in one transaction without JIT: compiling these scans costs more
   * than it saves (0.2-0.9 s of a few seconds at a million incidents, measured).
   */
  async stats(filters: IncidentFilters, context: FilterContext): Promise<IncidentStatsDto> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL jit = off');
      const base = (): SelectQueryBuilder<Incident> => filteredIncidents(tx, filters, context);
      const buckets = async (expression: string): Promise<{ key: string; count: number }[]> => {
        const rows = await base()
          .select(expression, 'key')
          .addSelect('count(*)', 'count')
          .groupBy('key')
          .orderBy('key')
          .getRawMany<{ key: string; count: string }>();
        return rows.map((row) => ({ key: row.key, count: Number(row.count) }));
      };
      const [countriesSql, parameters] = base()
        .select('i.countries', 'countries')
        .getQueryAndParameters();
      const byCountry = await tx.query<{ key: string; count: string }[]>(
        `SELECT c AS key, count(*) AS count FROM (${countriesSql}) f, unnest(f.countries) c
          GROUP BY c ORDER BY c`,
        parameters,
      );
      const total = await base().getCount();
      return {
        total,
        byStatus: await buckets('i.status'),
        byCategory: await buckets('i.category'),
        byCountry: byCountry.map((row) => ({ key: row.key, count: Number(row.count) })),
        byMonth: await buckets("to_char(i.occurred_from, 'YYYY-MM')"),
      };
    });
  }

  /**
   * Possible duplicates (decision 0005): same category; overlapping dates, or a shared country
   * within COUNTRY_WINDOW_DAYS; and a trigram-similar title (pg_trgm's `%`). The score weighs
   * title and summary opening.
   *
   * Candidates come from one GiST index on (category, occurrence dates, title trigrams) that
   * prunes on all three at once, so the cost follows how many similar incidents of that
   * category happened around then, not the size of the table. The title's GIN trigram index it
   * replaced read the posting list of every trigram of the title: 0.5 s per intake at 1,000,000
   * incidents, against about 20 ms now for the bench's worst case, a flood of one identical row.
   *
   * Comparing summary openings is most of the rest (about 50 µs a row): only the FINALISTS most
   * title-similar candidates get that far. The LIMIT keeps their subquery apart, or the planner
   * would compute every candidate's score below the sort.
   */
  async similarTo(incident: Incident, limit: number): Promise<SimilarRow[]> {
    // A named statement: each connection prepares it once, and after a few runs PostgreSQL
    // keeps its generic plan (the one sensible plan, the GiST index). Unnamed, it was planned
    // on every intake, 3-5 ms of the server's time at 1,000,000 incidents (trigram estimates).
    // Its result columns are text, so a migration that changes a column's length cannot change
    // the prepared result type; should it change anyway (0A000), the query runs unnamed.
    const pool = rawPool(this.dataSource);
    const query = {
      name: 'similar-incidents',
      text: `SELECT id, reference::text, title::text, status::text, category::text,
              occurred_from, occurred_to,
              round((0.6 * title_similarity
                   + 0.4 * similarity(left(summary, $8), left($2, $8)))::numeric, 3) AS score
         FROM (SELECT * FROM (SELECT id, reference, title, summary, status, category,
                                     occurred_from, occurred_to,
                                     similarity(title, $1) AS title_similarity
                                FROM incidents
                               WHERE category = $4 AND id <> $3
                                 AND daterange(occurred_from, occurred_to, '[]')
                                     && daterange($5::date - $10::int, $6::date + $10::int, '[]')
                                 AND (daterange(occurred_from, occurred_to, '[]')
                                      && daterange($5::date, $6::date, '[]')
                                      OR countries && $7::text[])
                                 AND title % $1
                               LIMIT ${CANDIDATES}) candidates
                ORDER BY title_similarity DESC
                LIMIT ${FINALISTS}) finalists
        ORDER BY score DESC, reference
        LIMIT $9`,
      values: [
        incident.title,
        incident.summary,
        incident.id,
        incident.category,
        incident.occurredFrom,
        incident.occurredTo,
        incident.countries ?? [],
        SUMMARY_PREFIX,
        limit,
        COUNTRY_WINDOW_DAYS,
      ],
    };
    const { rows } = await pool.query<SimilarRow>(query).catch((error: unknown) => {
      if (pgCode(error) !== FEATURE_NOT_SUPPORTED) throw error;
      return pool.query<SimilarRow>(query.text, query.values);
    });
    return rows;
  }
}
