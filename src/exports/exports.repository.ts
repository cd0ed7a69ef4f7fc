import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { withRawClient } from '../database/raw-pg';
import { IncidentFilters } from '../incidents/dto/incident-query.dto';
import { StageDeadlines } from '../incidents/stage-deadline';
import { Export, ExportFormat, ExportScope } from './export.entity';
import { ExportQuery, inlineParameters, Statement } from './export-query';

// Two-key advisory locks live apart from the one-key space the audit chain uses.
const EXPORT_LOCK_CLASS = 7204;

/** What a request fixes of an export; the rest is the job's. */
export interface NewExport {
  createdBy: string;
  format: ExportFormat;
  scope: ExportScope;
  filters: IncidentFilters;
  fields: string[];
  title: string | null;
  introduction: string | null;
}

/** What the build job reads of its export. */
export type ExportToBuild = Pick<
  Export,
  'id' | 'format' | 'scope' | 'filters' | 'fields' | 'title' | 'introduction'
>;

export interface BuiltFile {
  rowCount: number;
  sizeBytes: number;
  sha256: string;
}

/** The SQL of `exports` (this feature owns the table), and the raw connection builds stream on. */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the export unless its creator already has `limit` queued or running (null then).
   * `alongside` runs in the same transaction, with the new id: the audit event.
   */
  createWithinLimit(
    row: NewExport,
    limit: number,
    alongside: (tx: EntityManager, id: string) => Promise<void>,
  ): Promise<string | null> {
    return this.dataSource.transaction(async (tx) => {
      // Serialises one user's requests so that two at once cannot both pass the limit.
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        EXPORT_LOCK_CLASS,
        row.createdBy,
      ]);
      const [{ count }] = await tx.query<{ count: string }[]>(
        `SELECT count(*) FROM exports WHERE created_by = $1 AND status IN ('queued', 'running')`,
        [row.createdBy],
      );
      if (Number(count) >= limit) return null;
      const saved = await tx.getRepository(Export).save(tx.getRepository(Export).create(row));
      await alongside(tx, saved.id);
      return saved.id;
    });
  }

  /** An export whose job could not be queued: failed, with a message safe to show. */
  async markNotQueued(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE exports SET status = 'failed', error = $2, version = version + 1
        WHERE id = $1 AND status = 'queued'`,
      [id, error],
    );
  }

  findById(id: string): Promise<Export | null> {
    return this.dataSource.getRepository(Export).findOneBy({ id });
  }

  /** One user's exports, newest first, keyset on (createdAt, id); `limit` rows at most. */
  pageOf(
    userId: string,
    limit: number,
    after?: [createdAt: string, id: string],
  ): Promise<Export[]> {
    const builder = this.dataSource
      .getRepository(Export)
      .createQueryBuilder('e')
      .where('e.created_by = :userId', { userId });
    if (after) {
      builder.andWhere('(e.created_at, e.id) < (:createdAt::timestamptz, :id::uuid)', {
        createdAt: after[0],
        id: after[1],
      });
    }
    return builder
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Completed exports past their expiry, oldest first. */
  expiredFiles(limit: number): Promise<{ id: string; format: ExportFormat }[]> {
    return this.dataSource.query<{ id: string; format: ExportFormat }[]>(
      `SELECT id, format FROM exports WHERE status = 'completed' AND expires_at <= now()
        ORDER BY expires_at LIMIT $1`,
      [limit],
    );
  }

  /** Marks a completed export expired; `alongside` runs in the same transaction when it did. */
  markExpired(id: string, alongside: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const [, count] = await tx.query<[unknown[], number]>(
        `UPDATE exports SET status = 'expired', version = version + 1
          WHERE id = $1 AND status = 'completed'`,
        [id],
      );
      if (count === 0) return false;
      await alongside(tx);
      return true;
    });
  }

  /** Starts (or restarts) the build of an export still due; null when it is not. */
  async claimForBuild(id: string): Promise<ExportToBuild | null> {
    const [rows] = await this.dataSource.query<[ExportToBuild[], number]>(
      `UPDATE exports SET status = 'running', started_at = now(), progress = 0, version = version + 1
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING id, format, scope, filters, fields, title, introduction`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records the finished file; false when the export stopped running meanwhile. */
  async markCompleted(id: string, file: BuiltFile, ttlSeconds: number): Promise<boolean> {
    const [, updated] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE exports SET status = 'completed', progress = 100, row_count = $2, size_bytes = $3,
              sha256 = $4, error = NULL, completed_at = now(),
              expires_at = now() + make_interval(secs => $5), version = version + 1
        WHERE id = $1 AND status = 'running'`,
      [id, file.rowCount, file.sizeBytes, file.sha256, ttlSeconds],
    );
    return updated > 0;
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE exports SET status = 'failed', error = $2, completed_at = now(), version = version + 1
        WHERE id = $1 AND status = 'running'`,
      [id, error],
    );
  }

  async writeProgress(id: string, percent: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE exports SET progress = $2 WHERE id = $1 AND status = 'running' AND progress < $2`,
      [id, percent],
    );
  }

  /** The incidents an export covers, as SQL the snapshot's client runs. */
  incidentsOf(
    scope: ExportScope,
    filters: IncidentFilters,
    deadlines: StageDeadlines,
  ): ExportQuery {
    return new ExportQuery(this.dataSource.manager, scope, filters, deadlines);
  }

  /**
   * Runs `work` in one read-only snapshot on a connection of its own (COPY and cursors need
   * the raw client), so that the count, the totals and the rows agree. The connection goes
   * back to the pool in every case, destroyed if the work failed.
   */
  readSnapshot<T>(work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    return withRawClient(this.dataSource, async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work(new Snapshot(client));
      await client.query('COMMIT');
      return result;
    });
  }
}

/** Rows per FETCH. */
const BATCH = 500;
const CURSOR = 'export_rows';

/**
 * The reads of one export's snapshot, on its raw connection: COPY and a cursor need it. The
 * statements are the list's filters (ExportQuery), their parameters inlined as literals, because
 * COPY and DECLARE take none.
 */
export class Snapshot {
  constructor(private readonly client: PoolClient) {}

  private inline(statement: Statement): string {
    return inlineParameters(statement, (value) => this.client.escapeLiteral(value));
  }

  async count(statement: Statement): Promise<number> {
    const { rows } = await this.client.query<{ count: string }>(this.inline(statement));
    return Number(rows[0].count);
  }

  /** Counts per key, for a report's totals. */
  async buckets(statement: Statement): Promise<{ key: string | null; count: number }[]> {
    const { rows } = await this.client.query<{ key: string | null; count: string }>(
      this.inline(statement),
    );
    return rows.map((bucket) => ({ key: bucket.key, count: Number(bucket.count) }));
  }

  /** The rows as CSV with a header, streamed by COPY; `rowCount` is set once it has ended. */
  copyCsv(statement: Statement): NodeJS.ReadableStream & { rowCount: number } {
    return this.client.query(
      copyTo(`COPY (${this.inline(statement)}) TO STDOUT WITH (FORMAT csv, HEADER true)`),
    );
  }

  /** One document per row (the statement's `doc` column), BATCH at a time through a cursor. */
  async *documents(statement: Statement): AsyncGenerator<string[]> {
    await this.client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${this.inline(statement)}`);
    for (;;) {
      const { rows } = await this.client.query<{ doc: string }>(`FETCH ${BATCH} FROM ${CURSOR}`);
      if (rows.length === 0) break;
      yield rows.map((row) => row.doc);
    }
    await this.client.query(`CLOSE ${CURSOR}`);
  }
}
