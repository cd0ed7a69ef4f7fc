import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InjectLogger } from '../common/core.module';
import { AuthUser, hasRole } from '../common/auth-user';
import { DomainError, forbidden, invalidField, notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { EXPORT_JOBS, ExportJobPayloads, QUEUES } from '../queues/queues';
import { CreateExportDto, ExportDto, ExportListQuery, mapExport } from './dto/export.dto';
import { Export, ExportFormat, ExportScope } from './export.entity';
import { BUILD_FAILED, ExportBuilder, EXTENSION } from './export-builder';
import { CSV_FIELDS_OF } from './export-query';

/** Spec 10: at most this many queued or running exports per user. */
export const MAX_ACTIVE_EXPORTS_PER_USER = 3;
const RETRY_AFTER_SECONDS = 30;
const ABANDONED_AFTER_MS = 3600 * 1000;
// Two-key advisory locks live apart from the one-key space the audit chain uses.
const EXPORT_LOCK_CLASS = 7204;

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const SCOPE_ROLES: Record<ExportScope, Parameters<typeof hasRole>[1][]> = {
  public: ['writer', 'admin'],
  internal: ['verifier', 'admin'],
};

export interface Download {
  row: Export;
  filename: string;
  contentType: string;
  stream: Readable;
}

@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectLogger() private readonly logger: Logger,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
    private readonly audit: AuditService,
    private readonly builder: ExportBuilder,
  ) {}

  async create(user: AuthUser, dto: CreateExportDto): Promise<{ id: string; status: 'queued' }> {
    if (!hasRole(user, ...SCOPE_ROLES[dto.scope])) {
      throw forbidden(`Your roles do not allow ${dto.scope} exports`);
    }
    const allowed = CSV_FIELDS_OF[dto.scope];
    const fields = dto.fields ?? [];
    const refused = fields.filter((field) => !allowed.includes(field));
    if (refused.length > 0) {
      throw invalidField(
        'fields',
        `fields not available in the ${dto.scope} scope: ${refused.join(', ')}`,
      );
    }
    if (fields.length > 0 && dto.format !== 'csv') {
      throw invalidField('fields', 'fields applies to the csv format only');
    }
    // A public report prints the filters it used: staff ids must not end up in a publication.
    if (dto.scope === 'public' && (dto.filters?.createdBy || dto.filters?.assigneeId)) {
      throw invalidField(
        'filters',
        'createdBy and assigneeId filters are not available in the public scope',
      );
    }
    const filters = JSON.parse(JSON.stringify(dto.filters ?? {})) as Export['filters'];
    // `me` is whoever asked: the job runs later, without a caller.
    if (filters?.assigneeId === 'me') filters.assigneeId = user.id;
    if (filters?.createdBy === 'me') filters.createdBy = user.id;
    const id = await this.dataSource.transaction(async (manager) => {
      // Serialises one user's requests so that two at once cannot both pass the limit.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        EXPORT_LOCK_CLASS,
        user.id,
      ]);
      const [{ count }] = await manager.query<{ count: string }[]>(
        `SELECT count(*) FROM exports WHERE created_by = $1 AND status IN ('queued', 'running')`,
        [user.id],
      );
      if (Number(count) >= MAX_ACTIVE_EXPORTS_PER_USER) {
        throw new DomainError(
          'too_many_requests',
          `At most ${MAX_ACTIVE_EXPORTS_PER_USER} exports may be queued or running at once; wait for one to finish`,
          undefined,
          RETRY_AFTER_SECONDS,
        );
      }
      const row = await manager.getRepository(Export).save(
        manager.getRepository(Export).create({
          createdBy: user.id,
          format: dto.format,
          scope: dto.scope,
          filters,
          fields,
        }),
      );
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'export.created',
        entityType: 'export',
        entityId: row.id,
        data: { format: dto.format, scope: dto.scope, filters, fields },
      });
      return row.id;
    });
    const payload: ExportJobPayloads[typeof EXPORT_JOBS.build] = { exportId: id };
    try {
      await this.queue.add(EXPORT_JOBS.build, payload, { jobId: `${id}-${EXPORT_JOBS.build}` });
    } catch (error) {
      this.logger.error({ exportId: id, err: (error as Error).message }, 'export not queued');
      await this.dataSource.query(
        `UPDATE exports SET status = 'failed', error = $2, version = version + 1
          WHERE id = $1 AND status = 'queued'`,
        [id, BUILD_FAILED],
      );
      throw new DomainError('unavailable', 'The export queue is unavailable; try again later');
    }
    return { id, status: 'queued' };
  }

  /** The caller's own export, or any for an admin; another user's is 404 (no existence leak). */
  private async visible(user: AuthUser, id: string): Promise<Export> {
    const row = await this.dataSource.getRepository(Export).findOneBy({ id });
    if (!row || (row.createdBy !== user.id && !hasRole(user, 'admin'))) {
      throw notFound('Export');
    }
    return row;
  }

  async get(user: AuthUser, id: string): Promise<ExportDto> {
    return mapExport(await this.visible(user, id));
  }

  /** The caller's own exports, newest first, keyset-paginated on (createdAt, id). */
  async list(user: AuthUser, query: ExportListQuery): Promise<Page<ExportDto>> {
    const limit = query.limit ?? 25;
    const builder = this.dataSource
      .getRepository(Export)
      .createQueryBuilder('e')
      .where('e.created_by = :userId', { userId: user.id });
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      builder.andWhere('(e.created_at, e.id) < (:createdAt::timestamptz, :id::uuid)', {
        createdAt,
        id,
      });
    }
    const rows = await builder
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], mapExport);
  }

  /** The export, if it is the caller's and its file is ready (what a download ticket is for). */
  async downloadable(user: AuthUser, id: string): Promise<Export> {
    const row = await this.visible(user, id);
    const expired =
      row.status === 'expired' ||
      (row.status === 'completed' && row.expiresAt !== null && row.expiresAt <= new Date());
    if (expired) throw new DomainError('gone', 'The export has expired; request it again');
    if (row.status !== 'completed') {
      throw new DomainError('conflict', `The export is ${row.status}, not completed`);
    }
    return row;
  }

  async openDownload(user: AuthUser, id: string): Promise<Download> {
    const row = await this.downloadable(user, id);
    const stream = createReadStream(this.builder.pathOf(row));
    // Open before answering, so a missing file is an error rather than a truncated 200.
    const opened = await new Promise<boolean>((resolve) => {
      stream.once('open', () => resolve(true));
      stream.once('error', () => resolve(false));
    });
    if (!opened) throw new DomainError('gone', 'The export file is no longer available');
    await this.audit.record({
      actorId: user.id,
      action: 'export.downloaded',
      entityType: 'export',
      entityId: row.id,
      data: { sha256: row.sha256 },
    });
    return {
      row,
      filename: `export-${row.id}.${EXTENSION[row.format]}`,
      contentType: CONTENT_TYPE[row.format],
      stream,
    };
  }

  /** Marks expired exports and deletes their files; returns how many expired. */
  async cleanup(): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.dataSource.query<{ id: string; format: ExportFormat }[]>(
        `SELECT id, format FROM exports WHERE status = 'completed' AND expires_at <= now()
          ORDER BY expires_at LIMIT 100`,
      );
      for (const row of due) {
        const marked = await this.dataSource.transaction(async (manager) => {
          const [, count] = await manager.query<[unknown[], number]>(
            `UPDATE exports SET status = 'expired', version = version + 1
              WHERE id = $1 AND status = 'completed'`,
            [row.id],
          );
          if (count === 0) return false;
          await this.audit.append(manager, {
            actorId: null,
            action: 'export.expired',
            entityType: 'export',
            entityId: row.id,
          });
          return true;
        });
        // The row says expired before the file goes, so no download starts on a vanishing file.
        await rm(this.builder.pathOf(row), { force: true });
        if (marked) expired += 1;
      }
      if (due.length < 100) break;
    }
    await this.removeAbandonedParts();
    return expired;
  }

  /**
   * A build killed mid-write (the process, not the job, died) cannot clean up after itself.
   * A live build writes continuously, so a part file untouched for an hour is abandoned.
   */
  private async removeAbandonedParts(): Promise<void> {
    const directory = join(this.builder.directory, 'tmp');
    const names = await readdir(directory).catch(() => [] as string[]);
    const cutoff = Date.now() - ABANDONED_AFTER_MS;
    for (const name of names) {
      const path = join(directory, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
    }
  }
}
