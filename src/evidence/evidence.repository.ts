import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IncidentParts, VerificationFacts } from '../incidents/incident-parts';
import { SourceRegrade } from '../sources/source-regrade';
import { sourceCountOf, sourceStandingOf } from '../sources/source-fragments';
import { CustodyAction, CustodyEvent } from './custody-event.entity';
import { Evidence, EvidenceStatus } from './evidence.entity';

/** A keyset position in a list oldest first: the last row's creation time and id. */
export interface CreatedAfter {
  at: string;
  id: string;
}

/**
 * The SQL of `evidence` and `evidence_custody` (this feature owns both tables), including
 * what incidents and sources need of them (IncidentParts, SourceRegrade: decision 0009).
 */
@Injectable()
export class EvidenceRepository implements IncidentParts, SourceRegrade {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(id: string, tx: EntityManager = this.dataSource.manager): Promise<Evidence | null> {
    return tx.getRepository(Evidence).findOneBy({ id });
  }

  async insert(tx: EntityManager, values: Partial<Evidence>): Promise<Evidence> {
    const repository = tx.getRepository(Evidence);
    return repository.save(repository.create(values));
  }

  /** The first item of the incident holding this content, if any. */
  async firstWithContent(
    tx: EntityManager,
    incidentId: string,
    sha256: string,
  ): Promise<{ id: string } | null> {
    const [existing] = await tx.query<{ id: string }[]>(
      'SELECT id FROM evidence WHERE incident_id = $1 AND sha256 = $2 ORDER BY created_at LIMIT 1',
      [incidentId, sha256],
    );
    return existing ?? null;
  }

  /** Whether any item holds this content. */
  async holdsContent(tx: EntityManager, sha256: string): Promise<boolean> {
    const [used] = await tx.query<unknown[]>('SELECT 1 FROM evidence WHERE sha256 = $1 LIMIT 1', [
      sha256,
    ]);
    return Boolean(used);
  }

  /** Until commit: placing a file, and removing it after a failed commit, take turns per content. */
  async lockContent(tx: EntityManager, sha256: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `evidence-content:${sha256}`,
    ]);
  }

  /** Up to `take` items of the incident, oldest first, after the keyset position. */
  async pageOf(incidentId: string, take: number, after?: CreatedAfter): Promise<Evidence[]> {
    const builder = this.dataSource
      .getRepository(Evidence)
      .createQueryBuilder('e')
      .where('e.incident_id = :incidentId', { incidentId })
      .orderBy('e.created_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(take);
    if (after) {
      builder.andWhere('(e.created_at, e.id) > (:at::timestamptz, :id::uuid)', after);
    }
    return builder.getMany();
  }

  /** Up to `take` items with a file, by id, after `afterId`: what the integrity check walks. */
  async withContent(afterId: string, take: number): Promise<Evidence[]> {
    return this.dataSource.query<Evidence[]>(
      `SELECT id, sha256, incident_id AS "incidentId" FROM evidence
        WHERE sha256 IS NOT NULL AND id > $1 ORDER BY id LIMIT ${Number(take)}`,
      [afterId],
    );
  }

  /** Records a review if the item is still at `version`; false when it moved on. */
  async review(
    tx: EntityManager,
    id: string,
    version: number,
    review: { decision: EvidenceStatus; note: string; reviewedBy: string },
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(Evidence)
      .set({
        status: review.decision,
        reviewNote: review.note,
        reviewedBy: review.reviewedBy,
        reviewedAt: () => 'now()',
        version: () => 'version + 1',
      })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected !== 0;
  }

  /** Withdraws the item if it is still pending at `version`; false otherwise. */
  async withdraw(tx: EntityManager, id: string, version: number): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(Evidence)
      .set({ status: 'withdrawn', version: () => 'version + 1' })
      .where("id = :id AND version = :version AND status = 'pending'", { id, version })
      .execute();
    return result.affected !== 0;
  }

  async addCustody(
    tx: EntityManager,
    evidenceId: string,
    actorId: string | null,
    action: CustodyAction,
    sha256: string | null,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await tx.query(
      'INSERT INTO evidence_custody (evidence_id, actor_id, action, sha256, data) VALUES ($1, $2, $3, $4, $5)',
      [evidenceId, actorId, action, sha256, JSON.stringify(data)],
    );
  }

  /** Up to `take` custody rows of the item in the order they happened, after sequence `after`. */
  async custodyPage(evidenceId: string, take: number, after?: string): Promise<CustodyEvent[]> {
    const builder = this.dataSource
      .getRepository(CustodyEvent)
      .createQueryBuilder('c')
      .where('c.evidence_id = :id', { id: evidenceId })
      .orderBy('c.id', 'ASC')
      .limit(take);
    if (after !== undefined) builder.andWhere('c.id > :after::bigint', { after });
    return builder.getMany();
  }

  countsOf(id: string): string {
    return `SELECT ${sourceCountOf(id)} AS sources,
                 count(e.id) FILTER (WHERE e.status <> 'withdrawn') AS evidence,
                 count(e.id) FILTER (WHERE e.status = 'pending') AS pending,
                 count(e.id) FILTER (WHERE e.status = 'approved') AS approved,
                 count(e.id) FILTER (WHERE e.status = 'rejected') AS rejected,
                 count(e.id) FILTER (WHERE e.status = 'withdrawn') AS withdrawn
            FROM evidence e WHERE e.incident_id = ${id}`;
  }

  /**
   * Sources record their entries as `source.id`; evidence as `evidenceId` (reviewed,
   * withdrawn) or `evidenceAdded.id`.
   */
  historySourceOf(history: string): string {
    return sourceStandingOf(
      `coalesce((${history}.data->'source'->>'id')::uuid,
                (SELECT e.source_id FROM evidence e
                  WHERE e.id = coalesce(${history}.data->>'evidenceId',
                                        ${history}.data->'evidenceAdded'->>'id')::uuid))`,
    );
  }

  /** Independence counts approved evidence only, grouped by its source's independence group. */
  async verificationFacts(tx: EntityManager, incidentId: string): Promise<VerificationFacts> {
    const [row] = await tx.query<Record<keyof VerificationFacts, string>[]>(
      `SELECT ${sourceCountOf('$1')} AS sources,
              count(e.id) FILTER (WHERE e.status <> 'withdrawn') AS evidence,
              count(e.id) FILTER (WHERE e.status = 'pending') AS pending,
              count(e.id) FILTER (WHERE e.status = 'approved') AS approved,
              count(DISTINCT s.independence_group) FILTER (WHERE e.status = 'approved')
                AS "independentGroups"
         FROM evidence e LEFT JOIN LATERAL (${sourceStandingOf('e.source_id')}) s ON true
        WHERE e.incident_id = $1`,
      [incidentId],
    );
    return {
      sources: Number(row.sources),
      evidence: Number(row.evidence),
      pending: Number(row.pending),
      approved: Number(row.approved),
      independentGroups: Number(row.independentGroups),
    };
  }

  async reopenReviews(tx: EntityManager, sourceId: string, actorId: string): Promise<string[]> {
    const [rows] = await tx.query<[{ id: string; sha256: string | null }[], number]>(
      `UPDATE evidence SET status = 'pending', review_note = NULL, reviewed_by = NULL,
              reviewed_at = NULL, version = version + 1
        WHERE source_id = $1 AND status IN ('approved', 'rejected')
        RETURNING id, sha256`,
      [sourceId],
    );
    for (const row of rows) {
      await this.addCustody(tx, row.id, actorId, 'review_reopened', row.sha256, {
        sourceId,
        reason: 'source regraded',
      });
    }
    return rows.map((row) => row.id).sort();
  }
}
