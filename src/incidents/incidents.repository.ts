import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertTogether, RowInsert } from '../database/insert-together';
import { IncidentStatus } from '../workflow/workflow';
import { IncidentCountsDto } from './dto/incident.dto';
import { CountColumns, mapCounts, ZERO_COUNTS } from './incident-counts';
import { IncidentHistory } from './incident-history.entity';
import { IncidentParts } from './incident-parts';
import { incidentColumns, incidentReader, incidentRowWriter } from './incident-rows';
import { Incident, IncidentActor } from './incident.entity';

/** An incident as it was when a domain event about it happened. */
export interface IncidentAtEvent {
  incidentId: string;
  reference: string;
  incidentTitle: string;
  createdBy: string;
  /** The assignee at that moment: the last one assigned before it. */
  assigneeId: string | null;
  /** Who caused the event: the actor of the history row of that kind written at that moment. */
  actorId: string | null;
  /** That history row's note and confidence (a transition's), if any. */
  note: string | null;
  confidence: string | null;
}

export interface IncidentHeading {
  reference: string;
  title: string;
  createdBy: string;
  assigneeId: string | null;
}

/**
 * SQL: the incidents as FROM item `alias`, for the single statements of other features that
 * join them (the reminder sweep, the digest). They read its columns; writes stay here.
 */
export const incidentsAs = (alias: string): string => `incidents ${alias}`;

/**
 * SQL: the id and stage_entered_at of incidents `i` in `status` that entered it after
 * `enteredAfter` and no later than `enteredBy`, but those `unless(i)` holds for; oldest entry
 * first, at most `limit` (the reminder sweep's candidates, read through ix_incidents_stage).
 * The arguments are SQL expressions.
 */
export function incidentsEnteredStage(stage: {
  status: string;
  enteredAfter: string;
  enteredBy: string;
  unless: (incident: string) => string;
  limit: number;
}): string {
  return `SELECT i.id, i.stage_entered_at
           FROM incidents i
          WHERE i.status = ${stage.status}
            AND i.stage_entered_at <= ${stage.enteredBy}
            AND i.stage_entered_at > ${stage.enteredAfter}
            AND NOT (${stage.unless('i')})
          ORDER BY i.stage_entered_at
          LIMIT ${stage.limit}`;
}

/** A timeline row with the source it concerns, if any (IncidentParts.historySourceOf). */
export interface HistoryRow {
  id: string;
  at: Date;
  actor_id: string | null;
  kind: string;
  data: Record<string, unknown>;
  /** The confidential source the entry is about (directly, or through its evidence), if any. */
  source_confidential: boolean | null;
  source_created_by: string | null;
}

/** What a conditional write expects of the row: the version read, and its status if given. */
export interface Expected {
  id: string;
  version: number;
  status?: IncidentStatus;
}

/** Columns a write sets to now(). */
export type Stamp = 'stageEnteredAt' | 'submittedAt' | 'verifiedAt' | 'publishedAt';

/**
 * The SQL of `incidents` and `incident_history` (this feature owns both tables), but for the
 * searches (incident-search.repository.ts). Counts and the timeline's sources come from
 * IncidentParts, inside the same statements.
 */
/** SQL: whether the incident whose id is the expression `id` names any actor. */
export const incidentNamesActors = (id: string): string =>
  `EXISTS (SELECT 1 FROM incidents named WHERE named.id = ${id} AND jsonb_array_length(named.actors) > 0)`;

/** An incident as screening reads it. */
export interface ScreenedIncident {
  id: string;
  occurredFrom: string;
  occurredTo: string;
  actors: IncidentActor[];
}

@Injectable()
export class IncidentsRepository {
  private readonly returning: string;
  private readonly readRow: (row: Record<string, unknown>) => Incident;
  private readonly writeRow: (values: Partial<Incident>) => RowInsert;
  private readonly history: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly parts: IncidentParts,
  ) {
    this.returning = incidentColumns(dataSource.manager).join(', ');
    this.readRow = incidentReader(dataSource.manager);
    this.writeRow = incidentRowWriter(dataSource.manager);
    this.history = `
      SELECT h.id, h.at, h.actor_id, h.kind, h.data,
             hs.confidential AS source_confidential, hs.created_by AS source_created_by
        FROM incident_history h
        LEFT JOIN LATERAL (${parts.historySourceOf('h')}) hs ON true
       WHERE h.incident_id = $1 AND h.id > $2
       ORDER BY h.id
       LIMIT $3`;
  }

  /**
   * The next number of the year's references: a sequence per year (migration
   * IncidentNumberSequences), no lock, no commit of its own; a failed intake leaves a gap,
   * never a duplicate.
   */
  async nextNumber(year: number): Promise<string> {
    const [{ last }] = await this.dataSource.query<{ last: string }[]>(
      'SELECT next_incident_number($1) AS last',
      [year],
    );
    return String(last);
  }

  /**
   * Files an incident in one statement, a transaction of its own (decision 0003): the rows of
   * `alongside` (its timeline entry, its outbox and audit events) as CTEs, then the incident.
   * RETURNING gives what the database derived too (countries, defaults), so nothing is read
   * back.
   */
  async file(values: Partial<Incident>, alongside: RowInsert[]): Promise<Incident> {
    const [sql, parameters] = insertTogether([...alongside, this.writeRow(values)], this.returning);
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(sql, parameters);
    return this.readRow(row);
  }

  async load(id: string, tx: EntityManager = this.dataSource.manager): Promise<Incident | null> {
    return tx.getRepository(Incident).findOneBy({ id });
  }

  /** What screening reads of incidents: their actors and when it happened (spec 15). */
  async actorsOf(
    ids: string[],
    tx: EntityManager = this.dataSource.manager,
  ): Promise<ScreenedIncident[]> {
    if (ids.length === 0) return [];
    return tx.query<ScreenedIncident[]>(
      `SELECT id, occurred_from::text AS "occurredFrom", occurred_to::text AS "occurredTo", actors
         FROM incidents WHERE id = ANY($1::uuid[]) AND jsonb_array_length(actors) > 0`,
      [ids],
    );
  }

  /** The next `limit` incidents with actors after `afterId`, by id: re-screening's walk. */
  async actorsPage(afterId: string | null, limit: number): Promise<ScreenedIncident[]> {
    return this.dataSource.query<ScreenedIncident[]>(
      `SELECT id, occurred_from::text AS "occurredFrom", occurred_to::text AS "occurredTo", actors
         FROM incidents
        WHERE ($1::uuid IS NULL OR id > $1::uuid) AND jsonb_array_length(actors) > 0
        ORDER BY id LIMIT ${Number(limit)}`,
      [afterId],
    );
  }

  /** How many actors incidents name, all told: re-screening's total. */
  async countActors(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: string }[]>(
      `SELECT coalesce(sum(jsonb_array_length(actors)), 0) AS n FROM incidents`,
    );
    return Number(row.n);
  }

  /** Sets or clears the screening flag of incidents (no version bump: nobody edited them). */
  async setScreeningChanged(tx: EntityManager, ids: string[], value: boolean): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE incidents SET screening_changed = $2
        WHERE id = ANY($1::uuid[]) AND screening_changed <> $2`,
      [ids, value],
    );
  }

  /** Loads and row-locks the incident until commit (FOR UPDATE). */
  async lock(tx: EntityManager, id: string): Promise<Incident | null> {
    return tx
      .getRepository(Incident)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Sets `values`, bumps the version and updatedAt, and sets the `stamps` to now(), if the row
   * is as `expected`: false when it is not (it moved on: 409).
   */
  async updateIf(
    tx: EntityManager,
    expected: Expected,
    values: QueryDeepPartialEntity<Incident>,
    stamps: Stamp[] = [],
  ): Promise<boolean> {
    const now = (): string => 'now()';
    const result = await tx
      .createQueryBuilder()
      .update(Incident)
      .set({
        ...values,
        version: () => 'version + 1',
        updatedAt: now,
        ...Object.fromEntries(stamps.map((stamp) => [stamp, now])),
      })
      .where(
        expected.status === undefined
          ? 'id = :id AND version = :version'
          : 'id = :id AND version = :version AND status = :status',
        expected.status === undefined
          ? { id: expected.id, version: expected.version }
          : { id: expected.id, version: expected.version, status: expected.status },
      )
      .execute();
    return result.affected !== 0;
  }

  /** Appends a timeline entry in the caller's transaction. */
  async record(
    tx: EntityManager,
    incidentId: string,
    /** Null when the service itself acted (a list version flagged the incident). */
    actorId: string | null,
    kind: IncidentHistory['kind'],
    data: Record<string, unknown>,
  ): Promise<void> {
    await tx.query(...insertTogether([historyInsert(incidentId, actorId, kind, data)]));
  }

  /** Up to `take` timeline entries after entry `after`, each with the source it concerns. */
  async historyPage(incidentId: string, after: string, take: number): Promise<HistoryRow[]> {
    return this.dataSource.query<HistoryRow[]>(this.history, [incidentId, after, take]);
  }

  /** Counts of sources and evidence for many incidents in one query (no N+1 on lists). */
  async countsFor(
    incidentIds: string[],
    tx: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, IncidentCountsDto>> {
    const result = new Map<string, IncidentCountsDto>(
      incidentIds.map((id) => [id, { ...ZERO_COUNTS }]),
    );
    if (incidentIds.length === 0) return result;
    const rows = await tx.query<(CountColumns & { incident_id: string })[]>(
      `SELECT i.id AS incident_id, c.*
         FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL (${this.parts.countsOf('i.id')}) c`,
      [incidentIds],
    );
    for (const row of rows) result.set(row.incident_id, mapCounts(row));
    return result;
  }

  /** An incident's id, reference and current status, or null when it is gone. */
  async identity(id: string): Promise<{ id: string; reference: string; status: string } | null> {
    const [row] = await this.dataSource.query<{ id: string; reference: string; status: string }[]>(
      'SELECT id, reference, status FROM incidents WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  /** What a notification about the incident names: its reference, title and people, as they are now. */
  async heading(id: string): Promise<IncidentHeading | null> {
    const [row] = await this.dataSource.query<IncidentHeading[]>(
      `SELECT reference, title, created_by AS "createdBy", assignee_id AS "assigneeId"
         FROM incidents WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Locks the incident until commit, so no transition moves it out of an editable state while
   * something is attached to it. FOR NO KEY UPDATE does not block the foreign-key checks of
   * the rows that reference it.
   */
  async lockForAttaching(tx: EntityManager, id: string): Promise<Incident | null> {
    return tx
      .getRepository(Incident)
      .findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /**
   * Facts as they were when an event happened, not when its job runs: the history rows of the
   * event's transaction share its now(). Null when the incident is gone.
   */
  async atEvent(
    incidentId: string,
    at: Date,
    historyKind: 'transition' | 'assigned',
  ): Promise<IncidentAtEvent | null> {
    const [row] = await this.dataSource.query<IncidentAtEvent[]>(
      `SELECT i.id AS "incidentId", i.reference, i.title AS "incidentTitle",
              i.created_by AS "createdBy",
              (SELECT (h.data->>'new')::uuid FROM incident_history h
                WHERE h.incident_id = i.id AND h.kind = 'assigned' AND h.at <= $2
                ORDER BY h.at DESC, h.id DESC LIMIT 1) AS "assigneeId",
              e.actor_id AS "actorId", e.data->>'note' AS note,
              e.data->>'confidence' AS confidence
         FROM incidents i
         LEFT JOIN LATERAL (
           SELECT h.actor_id, h.data FROM incident_history h
            WHERE h.incident_id = i.id AND h.kind = $3 AND h.at = $2
            ORDER BY h.id DESC LIMIT 1) e ON true
        WHERE i.id = $1`,
      [incidentId, at, historyKind],
    );
    return row ?? null;
  }

  /**
   * A page of published incidents, newest publication first (keyset on published_at, id),
   * each as the JSON text `projection` builds over alias `i`. `q` searches the public vector
   * only: title and public summary, never the internal text (spec 12).
   */
  async publishedPage(
    filters: PublishedFilters,
    projection: (incident: string) => string,
  ): Promise<{ doc: string; publishedAt: string; id: string }[]> {
    const where: string[] = ["i.status = 'published'"];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filters.regime) add('i.regime = ?', filters.regime);
    if (filters.category) add('i.category = ?', filters.category);
    if (filters.country) add('i.countries @> ARRAY[?]::text[]', filters.country);
    if (filters.occurredFrom) add('i.occurred_to >= ?::date', filters.occurredFrom);
    if (filters.occurredTo) add('i.occurred_from <= ?::date', filters.occurredTo);
    if (filters.q) add("i.public_search @@ websearch_to_tsquery('english', ?)", filters.q);
    if (filters.after) {
      params.push(filters.after.publishedAt, filters.after.id);
      where.push(
        `(i.published_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(filters.limit);
    return this.dataSource.query(
      `SELECT ${projection('i')}::text AS doc, i.id,
              to_char(i.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"
         FROM incidents i WHERE ${where.join(' AND ')}
        ORDER BY i.published_at DESC, i.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Any incident by id, as the JSON text `projection` builds; null when there is none. */
  async projected(id: string, projection: (incident: string) => string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ doc: string }[]>(
      `SELECT ${projection('i')}::text AS doc FROM incidents i WHERE i.id = $1`,
      [id],
    );
    return row?.doc ?? null;
  }

  /** One published incident by its reference, as the JSON text `projection` builds. */
  async publishedByReference(
    reference: string,
    projection: (incident: string) => string,
  ): Promise<string | null> {
    const [row] = await this.dataSource.query<{ doc: string }[]>(
      `SELECT ${projection('i')}::text AS doc FROM incidents i
        WHERE i.reference = $1 AND i.status = 'published'`,
      [reference],
    );
    return row?.doc ?? null;
  }
}

/** The public list's filters (spec 12), a keyset position and a row count. */
export interface PublishedFilters {
  regime?: string;
  category?: string;
  country?: string;
  /** Incidents whose date range overlaps [occurredFrom, occurredTo]. */
  occurredFrom?: string;
  occurredTo?: string;
  q?: string;
  after?: { publishedAt: string; id: string };
  limit: number;
}

/** The timeline row of an incident, for insertTogether. */
export function historyInsert(
  incidentId: string,
  actorId: string | null,
  kind: IncidentHistory['kind'],
  data: Record<string, unknown>,
): RowInsert {
  return {
    table: 'incident_history',
    row: { incident_id: incidentId, actor_id: actorId, kind, data: JSON.stringify(data) },
  };
}
