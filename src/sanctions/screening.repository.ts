import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MatchDecision } from './match-decision.entity';
import { Rescreen, RescreenStatus } from './rescreen.entity';
import { incidentNamesActors } from '../incidents/incidents.repository';
import { designationScreeningColumns } from './screening/designation-keys';
import { SCREENING_RULES_VERSION } from './screening/names';
import type { CandidateDesignation } from './screening/score';

/** One actor's lookup: its keys, its text for trigram neighbours, its identifiers. */
export interface CandidateQuery {
  /** The caller's index of the actor. */
  index: number;
  keys: string[];
  text: string;
  numbers: string[];
}

export interface RetrievedDesignation extends CandidateDesignation {
  contentHash: string;
}

export interface ActorState {
  incidentId: string;
  actorId: string;
  actorHash: string;
  listVersion: number;
  rulesVersion: number;
}

export interface NewCandidate {
  incidentId: string;
  actorId: string;
  reference: string;
  score: number;
  band: 'strong' | 'possible';
  explanation: object;
  designationHash: string;
}

export interface LatestDecision {
  incidentId: string;
  actorId: string;
  reference: string;
  decision: MatchDecision;
  designationHash: string;
}

export interface CandidateRow {
  actorId: string;
  reference: string;
  score: string;
  band: 'strong' | 'possible';
  explanation: Record<string, unknown>;
  designationHash: string;
  screenedAt: Date;
  name: string;
  kind: 'individual' | 'entity' | 'vessel';
  listType: string;
  listedOn: string | null;
  currentHash: string;
  removedAt: Date | null;
}

export interface DecisionRow {
  id: string;
  actorId: string;
  reference: string;
  decision: MatchDecision;
  note: string;
  decidedBy: string;
  designationHash: string;
  currentHash: string | null;
  removedAt: Date | null;
  score: string | null;
  decidedAt: Date;
  designationName: string | null;
}

export interface ConfirmedActor {
  incidentId: string;
  actorId: string;
  reference: string;
}

/**
 * SQL over an outbox row aliased `e`: whether its event has actors to screen (a filing that
 * names actors, an edit that changed them). The relay enqueues such an event's job even when
 * no webhook subscribes to it.
 */
export const screeningNeeded = (e: string): string =>
  `((${e}.type = 'incident.created' AND ${incidentNamesActors(`${e}.aggregate_id`)})
    OR (${e}.type = 'incident.updated' AND ${e}.payload->'fields' ? 'actors'))`;

/**
 * Most incidents name no designation: the actors are looked at only when one of them carries a
 * reference, so that an export of a million incidents pays a jsonpath test per row, not a call.
 */
const namesDesignation = (incident: string): string =>
  `${incident}.actors @? '$[*].designationRef'`;

/**
 * SQL (jsonb) over an incident aliased `incident`: its actors, in order, each actor confirmed
 * as a designation with `designation: {reference, name, listType, listedOn, removed}` (and
 * `comments`, the list's public narrative, when `withComments`). For other features' exports.
 * The rule of what is confirmed (the decision in force on that actor and designation, not a
 * typed-in reference) is written once, in `sanctions_actor_designations` (migration
 * ActorDesignations).
 */
export const actorsWithDesignations = (
  incident: string,
  { withComments = false }: { withComments?: boolean } = {},
): string => `CASE WHEN ${namesDesignation(incident)} THEN (
  SELECT jsonb_agg(CASE WHEN d.reference IS NULL THEN a.actor
           ELSE a.actor || jsonb_build_object('designation', jsonb_build_object(
             'reference', d.reference, 'name', d.name, 'listType', d.list_type,
             'listedOn', to_char(d.listed_on, 'YYYY-MM-DD'), 'removed', d.removed
             ${withComments ? ", 'comments', d.comments" : ''})) END ORDER BY a.n)
    FROM jsonb_array_elements(${incident}.actors) WITH ORDINALITY a(actor, n)
    LEFT JOIN sanctions_actor_designations(${incident}.actors, ${incident}.id) d
      ON d.actor_position = a.n)
  ELSE ${incident}.actors END`;

/**
 * SQL (text, null when none) over an incident aliased `incident`: the designations its actors
 * are confirmed as, in the actors' order, `; `-separated, each as
 * "NAME (UN:reference, listed YYYY-MM-DD)", ", removed from the list" added when it was. A
 * function call rather than a subquery, so that COPY's workers compute it in parallel.
 */
export const designationsText = (incident: string): string =>
  `CASE WHEN ${namesDesignation(incident)} THEN sanctions_designations_text(${incident}.actors, ${incident}.id) END`;

const DESIGNATION_COLUMNS = `d.reference, d.kind, d.list_type AS "listType", d.name,
  d.family_name AS "familyName", d.given_name AS "givenName",
  d.original_script AS "originalScript", d.aliases, d.nationalities,
  d.dates_of_birth AS "datesOfBirth", d.imo_numbers AS "imoNumbers",
  d.company_numbers AS "companyNumbers", d.listed_on::text AS "listedOn",
  d.removed_at AS "removedAt", d.content_hash AS "contentHash"`;

/** The least word similarity of a trigram neighbour (pg_trgm's `<%`): generous, scoring decides. */
const WORD_SIMILARITY = 0.5;

/**
 * The SQL of screening: candidates looked up in the designations, each actor's screening, its
 * candidates, the decisions on them and the re-screenings. The sanctions feature owns these
 * tables; incidents are read and flagged through the incidents repository.
 */
@Injectable()
export class ScreeningRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Runs reads in one snapshot (REPEATABLE READ, read only): they agree with each other. */
  inSnapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return work(tx);
    });
  }

  /** Recomputes the screening keys of designations computed with older rules; answers how many. */
  async refreshDesignationKeys(): Promise<number> {
    const stale = await this.dataSource.query<
      {
        reference: string;
        name: string;
        originalScript: string | null;
        aliases: { name: string }[];
      }[]
    >(
      `SELECT reference, name, original_script AS "originalScript", aliases
         FROM sanctions_designations WHERE rules_version <> $1`,
      [SCREENING_RULES_VERSION],
    );
    if (stale.length === 0) return 0;
    const rows = stale.map((d) => ({ reference: d.reference, ...designationScreeningColumns(d) }));
    await this.dataSource.query(
      `UPDATE sanctions_designations d
          SET screening_keys = x.screening_keys, screening_text = x.screening_text,
              rules_version = x.rules_version
         FROM jsonb_to_recordset($1::jsonb)
           AS x(reference varchar, screening_keys text[], screening_text text, rules_version smallint)
        WHERE d.reference = x.reference`,
      [JSON.stringify(rows)],
    );
    return rows.length;
  }

  /** The number of the newest list version; 0 before any import. */
  async currentListVersion(tx?: EntityManager): Promise<number> {
    const [row] = await this.manager(tx).query<{ n: number | null }[]>(
      `SELECT max(number) AS n FROM sanctions_list_versions`,
    );
    return row?.n ?? 0;
  }

  /**
   * Candidates of every query in one statement: designations in force sharing an exact key or
   * an identifier with it, or whose names hold a trigram neighbour of its text.
   */
  async retrieve(
    queries: CandidateQuery[],
    tx?: EntityManager,
  ): Promise<{ index: number; designation: RetrievedDesignation }[]> {
    if (queries.length === 0) return [];
    const keyIndex: number[] = [];
    const keys: string[] = [];
    const numberIndex: number[] = [];
    const numbers: string[] = [];
    const textIndex: number[] = [];
    const texts: string[] = [];
    for (const query of queries) {
      for (const key of query.keys) {
        keyIndex.push(query.index);
        keys.push(key);
      }
      for (const value of query.numbers) {
        numberIndex.push(query.index);
        numbers.push(value);
      }
      if (query.text.length >= 3) {
        textIndex.push(query.index);
        texts.push(query.text);
      }
    }
    const run = async (manager: EntityManager) => {
      await manager.query(`SET LOCAL pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY}`);
      return manager.query<(RetrievedDesignation & { index: number })[]>(
        `WITH hits AS (
           SELECT k.i, d.reference
             FROM unnest($1::int[], $2::text[]) AS k(i, key)
             JOIN sanctions_designations d ON d.screening_keys @> ARRAY[k.key]
           UNION
           SELECT n.i, d.reference
             FROM unnest($3::int[], $4::text[]) AS n(i, num)
             JOIN sanctions_designations d
               ON d.imo_numbers @> ARRAY[n.num] OR d.company_numbers @> ARRAY[n.num]
           UNION
           SELECT t.i, d.reference
             FROM unnest($5::int[], $6::text[]) AS t(i, text)
             JOIN sanctions_designations d ON t.text <% d.screening_text
         )
         SELECT h.i AS index, ${DESIGNATION_COLUMNS}
           FROM hits h JOIN sanctions_designations d ON d.reference = h.reference
          WHERE d.removed_at IS NULL`,
        [keyIndex, keys, numberIndex, numbers, textIndex, texts],
      );
    };
    const rows = tx ? await run(tx) : await this.dataSource.transaction(run);
    return rows.map(({ index, ...designation }) => ({ index, designation }));
  }

  async states(incidentIds: string[], tx?: EntityManager): Promise<ActorState[]> {
    if (incidentIds.length === 0) return [];
    return this.manager(tx).query<ActorState[]>(
      `SELECT incident_id AS "incidentId", actor_id AS "actorId", actor_hash AS "actorHash",
              list_version AS "listVersion", rules_version AS "rulesVersion"
         FROM sanctions_screenings WHERE incident_id = ANY($1::uuid[])`,
      [incidentIds],
    );
  }

  /** What a candidate's outcome is compared by: the walk writes an actor only when it changed. */
  async candidateSignatures(
    incidentIds: string[],
    tx: EntityManager,
  ): Promise<
    {
      incidentId: string;
      actorId: string;
      reference: string;
      score: string;
      band: string;
      designationHash: string;
    }[]
  > {
    if (incidentIds.length === 0) return [];
    return tx.query(
      `SELECT incident_id AS "incidentId", actor_id AS "actorId", reference, score, band,
              designation_hash AS "designationHash"
         FROM sanctions_candidates WHERE incident_id = ANY($1::uuid[])`,
      [incidentIds],
    );
  }

  /**
   * The newest list version a re-screening walk has brought this incident's actors to: a
   * finished walk covers every incident, a running or stopped one those up to its position.
   */
  async coveredVersion(incidentId: string, tx?: EntityManager): Promise<number> {
    const [row] = await this.manager(tx).query<{ n: number | null }[]>(
      `SELECT max(v.number) AS n
         FROM sanctions_rescreens r JOIN sanctions_list_versions v ON v.id = r.version_id
        WHERE r.status = 'completed' OR $1::uuid <= r.after_incident_id`,
      [incidentId],
    );
    return row?.n ?? 0;
  }

  /** The decision in force (the latest) on each candidate of these incidents' actors. */
  async latestDecisions(incidentIds: string[], tx?: EntityManager): Promise<LatestDecision[]> {
    if (incidentIds.length === 0) return [];
    return this.manager(tx).query<LatestDecision[]>(
      `SELECT DISTINCT ON (incident_id, actor_id, reference)
              incident_id AS "incidentId", actor_id AS "actorId", reference, decision,
              designation_hash AS "designationHash"
         FROM sanctions_match_decisions WHERE incident_id = ANY($1::uuid[])
        ORDER BY incident_id, actor_id, reference, decided_at DESC, id DESC`,
      [incidentIds],
    );
  }

  /**
   * Records that these actors were screened, replacing their candidates; with `pruneIncidents`,
   * forgets the screenings and candidates of actors those incidents no longer name.
   */
  async saveScreenings(
    tx: EntityManager,
    screened: ActorState[],
    candidates: NewCandidate[],
    pruneIncidents: { incidentId: string; actorIds: string[] }[] = [],
  ): Promise<void> {
    for (const { incidentId, actorIds } of pruneIncidents) {
      await tx.query(
        `DELETE FROM sanctions_candidates WHERE incident_id = $1 AND actor_id <> ALL($2::uuid[])`,
        [incidentId, actorIds],
      );
      await tx.query(
        `DELETE FROM sanctions_screenings WHERE incident_id = $1 AND actor_id <> ALL($2::uuid[])`,
        [incidentId, actorIds],
      );
    }
    if (screened.length === 0) return;
    const incidentIds = screened.map((row) => row.incidentId);
    const actorIds = screened.map((row) => row.actorId);
    await tx.query(
      `DELETE FROM sanctions_candidates c
        USING unnest($1::uuid[], $2::uuid[]) AS a(incident_id, actor_id)
        WHERE c.incident_id = a.incident_id AND c.actor_id = a.actor_id`,
      [incidentIds, actorIds],
    );
    await tx.query(
      `INSERT INTO sanctions_screenings (incident_id, actor_id, actor_hash, list_version, rules_version)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::char(64)[], $4::int[], $5::smallint[])
       ON CONFLICT (incident_id, actor_id) DO UPDATE SET
         actor_hash = excluded.actor_hash, list_version = excluded.list_version,
         rules_version = excluded.rules_version, screened_at = now()`,
      [
        incidentIds,
        actorIds,
        screened.map((row) => row.actorHash),
        screened.map((row) => row.listVersion),
        screened.map((row) => row.rulesVersion),
      ],
    );
    if (candidates.length === 0) return;
    await tx.query(
      `INSERT INTO sanctions_candidates
         (incident_id, actor_id, reference, score, band, explanation, designation_hash)
       SELECT x.incident_id, x.actor_id, x.reference, x.score, x.band, x.explanation, x.designation_hash
         FROM jsonb_to_recordset($1::jsonb) AS x(incident_id uuid, actor_id uuid,
              reference varchar, score numeric, band varchar, explanation jsonb,
              designation_hash char(64))`,
      [
        JSON.stringify(
          candidates.map((c) => ({
            incident_id: c.incidentId,
            actor_id: c.actorId,
            reference: c.reference,
            score: c.score,
            band: c.band,
            explanation: c.explanation,
            designation_hash: c.designationHash,
          })),
        ),
      ],
    );
  }

  async candidatesOf(incidentId: string, tx?: EntityManager): Promise<CandidateRow[]> {
    return this.manager(tx).query<CandidateRow[]>(
      `SELECT c.actor_id AS "actorId", c.reference, c.score, c.band, c.explanation,
              c.designation_hash AS "designationHash", c.screened_at AS "screenedAt",
              d.name, d.kind, d.list_type AS "listType", d.listed_on::text AS "listedOn",
              d.content_hash AS "currentHash", d.removed_at AS "removedAt"
         FROM sanctions_candidates c JOIN sanctions_designations d ON d.reference = c.reference
        WHERE c.incident_id = $1
        ORDER BY c.actor_id, c.score DESC, c.reference`,
      [incidentId],
    );
  }

  async screeningsOf(
    incidentId: string,
    tx?: EntityManager,
  ): Promise<(ActorState & { screenedAt: Date })[]> {
    return this.manager(tx).query(
      `SELECT incident_id AS "incidentId", actor_id AS "actorId", actor_hash AS "actorHash",
              list_version AS "listVersion", rules_version AS "rulesVersion",
              screened_at AS "screenedAt"
         FROM sanctions_screenings WHERE incident_id = $1`,
      [incidentId],
    );
  }

  /** Every decision on the incident's actors, oldest first, with who decided and the designation. */
  async decisionsOf(incidentId: string, tx?: EntityManager): Promise<DecisionRow[]> {
    return this.manager(tx).query<DecisionRow[]>(
      `SELECT m.id, m.actor_id AS "actorId", m.reference, m.decision, m.note,
              m.decided_by AS "decidedBy",
              m.designation_hash AS "designationHash", d.content_hash AS "currentHash",
              d.removed_at AS "removedAt", m.score, m.decided_at AS "decidedAt",
              d.name AS "designationName"
         FROM sanctions_match_decisions m
         LEFT JOIN sanctions_designations d ON d.reference = m.reference
        WHERE m.incident_id = $1
        ORDER BY m.decided_at, m.id`,
      [incidentId],
    );
  }

  async designation(reference: string, tx?: EntityManager): Promise<RetrievedDesignation | null> {
    const [row] = await this.manager(tx).query<RetrievedDesignation[]>(
      `SELECT ${DESIGNATION_COLUMNS} FROM sanctions_designations d WHERE d.reference = $1`,
      [reference],
    );
    return row ?? null;
  }

  async insertDecision(
    tx: EntityManager,
    row: {
      incidentId: string;
      actorId: string;
      reference: string;
      decision: MatchDecision;
      note: string;
      decidedBy: string;
      designationHash: string;
      score: number | null;
    },
  ): Promise<string> {
    const [{ id }] = await tx.query<{ id: string }[]>(
      `INSERT INTO sanctions_match_decisions
         (incident_id, actor_id, reference, decision, note, decided_by, designation_hash, score)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        row.incidentId,
        row.actorId,
        row.reference,
        row.decision,
        row.note,
        row.decidedBy,
        row.designationHash,
        row.score,
      ],
    );
    return id;
  }

  /**
   * Whether the incident still has a confirmed designation that changed since it was confirmed
   * (amended: another content hash; or removed from the list).
   */
  async hasChangedConfirmation(tx: EntityManager, incidentId: string): Promise<boolean> {
    const [row] = await tx.query<{ changed: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM (
           SELECT DISTINCT ON (actor_id, reference) actor_id, reference, decision, designation_hash
             FROM sanctions_match_decisions WHERE incident_id = $1
            ORDER BY actor_id, reference, decided_at DESC, id DESC) m
         JOIN sanctions_designations d ON d.reference = m.reference
        WHERE m.decision = 'confirmed'
          AND (d.content_hash <> m.designation_hash OR d.removed_at IS NOT NULL)) AS changed`,
      [incidentId],
    );
    return row.changed;
  }

  /** The actors confirmed (by the decision in force) as one of these designations. */
  async confirmedAs(tx: EntityManager, references: string[]): Promise<ConfirmedActor[]> {
    if (references.length === 0) return [];
    return tx.query<ConfirmedActor[]>(
      `SELECT m.incident_id AS "incidentId", m.actor_id AS "actorId", m.reference
         FROM (SELECT DISTINCT ON (incident_id, actor_id, reference)
                      incident_id, actor_id, reference, decision
                 FROM sanctions_match_decisions WHERE reference = ANY($1::varchar[])
                ORDER BY incident_id, actor_id, reference, decided_at DESC, id DESC) m
        WHERE m.decision = 'confirmed'`,
      [references],
    );
  }

  /** Candidates of removed designations are not proposed any more. */
  async dropCandidatesOf(tx: EntityManager, references: string[]): Promise<void> {
    if (references.length === 0) return;
    await tx.query(`DELETE FROM sanctions_candidates WHERE reference = ANY($1::varchar[])`, [
      references,
    ]);
  }

  async createRescreen(tx: EntityManager, versionId: string): Promise<void> {
    await tx.query(
      `INSERT INTO sanctions_rescreens (version_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [versionId],
    );
  }

  async rescreen(versionId: string): Promise<Rescreen | null> {
    return this.dataSource.getRepository(Rescreen).findOneBy({ versionId });
  }

  /** Re-screenings not finished (queued, or running when their worker stopped). */
  async unfinishedRescreens(): Promise<string[]> {
    const rows = await this.dataSource.query<{ versionId: string }[]>(
      `SELECT version_id AS "versionId" FROM sanctions_rescreens
        WHERE status IN ('queued', 'running') ORDER BY created_at`,
    );
    return rows.map((row) => row.versionId);
  }

  async startRescreen(versionId: string, total: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE sanctions_rescreens
          SET status = 'running', total = greatest(total, $2), started_at = coalesce(started_at, now())
        WHERE version_id = $1`,
      [versionId, total],
    );
  }

  async advanceRescreen(
    tx: EntityManager,
    versionId: string,
    afterIncidentId: string,
    screened: number,
  ): Promise<void> {
    await tx.query(
      `UPDATE sanctions_rescreens
          SET after_incident_id = $2, screened = screened + $3
        WHERE version_id = $1`,
      [versionId, afterIncidentId, screened],
    );
  }

  async finishRescreen(
    versionId: string,
    status: Extract<RescreenStatus, 'completed' | 'failed'>,
    error: string | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE sanctions_rescreens SET status = $2, error = $3, completed_at = now()
        WHERE version_id = $1`,
      [versionId, status, error],
    );
  }

  async setFlagged(tx: EntityManager, versionId: string, flagged: number): Promise<void> {
    await tx.query(`UPDATE sanctions_rescreens SET flagged = $2 WHERE version_id = $1`, [
      versionId,
      flagged,
    ]);
  }
}
