import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import { InjectLogger } from '../common/core.module';
import { AuthUser, hasRole } from '../common/auth-user';
import { DomainError, forbidden, invalidField, notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { EXPORT_JOBS, ExportJobPayloads, QUEUES } from '../queues/queues';
import {
  CreateExportDto,
  ExportDto,
  ExportListQuery,
  mapExport,
  REPORT_FORMATS,
} from './dto/export.dto';
import { Export, ExportFormat, ExportScope } from './export.entity';
import { BUILD_FAILED, ExportBuilder, EXTENSION } from './export-builder';
import { CSV_FIELDS_OF } from './export-query';
import { ExportsRepository } from './exports.repository';

/** Spec 10: at most this many queued or running exports per user. */
export const MAX_ACTIVE_EXPORTS_PER_USER = 3;
const RETRY_AFTER_SECONDS = 30;
const ABANDONED_AFTER_MS = 3600 * 1000;

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  // JSON lines, one FollowTheMoney entity each, as the FtM tools read and write them.
  ftm: 'application/x-ndjson; charset=utf-8',
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
    private readonly repository: ExportsRepository,
    @InjectLogger() private readonly logger: Logger,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
    private readonly audit: AuditService,
    private readonly builder: ExportBuilder,
  ) {}

  async create(user: AuthUser, dto: CreateExportDto): Promise<{ id: string; status: 'queued' }> {
    if (!hasRole(user, ...SCOPE_ROLES[dto.scope])) {
      throw forbidden(`Your roles do not allow ${dto.scope} exports`);
    }
    if (dto.format === 'ftm' && dto.scope !== 'internal') {
      throw invalidField(
        'format',
        'the ftm format is available in the internal scope only: it names actors, which publication withholds',
      );
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
    // Refused rather than dropped: a title asked for and silently missing is a surprise later.
    if (
      (dto.title !== undefined || dto.introduction !== undefined) &&
      !REPORT_FORMATS.includes(dto.format)
    ) {
      throw new DomainError(
        'bad_request',
        'title and introduction apply to the markdown and html formats only',
      );
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
    const title = dto.title ?? null;
    const introduction = dto.introduction ?? null;
    const id = await this.repository.createWithinLimit(
      {
        createdBy: user.id,
        format: dto.format,
        scope: dto.scope,
        filters,
        fields,
        title,
        introduction,
      },
      MAX_ACTIVE_EXPORTS_PER_USER,
      (tx, id) =>
        this.audit.append(tx, {
          actorId: user.id,
          action: 'export.created',
          entityType: 'export',
          entityId: id,
          data: { format: dto.format, scope: dto.scope, filters, fields, title, introduction },
        }),
    );
    if (id === null) {
      throw new DomainError(
        'too_many_requests',
        `At most ${MAX_ACTIVE_EXPORTS_PER_USER} exports may be queued or running at once; wait for one to finish`,
        undefined,
        RETRY_AFTER_SECONDS,
      );
    }
    const payload: ExportJobPayloads[typeof EXPORT_JOBS.build] = { exportId: id };
    try {
      await this.queue.add(EXPORT_JOBS.build, payload, { jobId: `${id}-${EXPORT_JOBS.build}` });
    } catch (error) {
      this.logger.error({ exportId: id, err: (error as Error).message }, 'export not queued');
      await this.repository.markNotQueued(id, BUILD_FAILED);
      throw new DomainError('unavailable', 'The export queue is unavailable; try again later');
    }
    return { id, status: 'queued' };
  }

  /** The caller's own export, or any for an admin; another user's is 404 (no existence leak). */
  private async visible(user: AuthUser, id: string): Promise<Export> {
    const row = await this.repository.findById(id);
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
    const after = query.cursor
      ? (decodeCursor(query.cursor, ['timestamp', 'uuid']) as [string, string])
      : undefined;
    const rows = await this.repository.pageOf(user.id, limit + 1, after);
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
      const due = await this.repository.expiredFiles(100);
      for (const row of due) {
        const marked = await this.repository.markExpired(row.id, (tx) =>
          this.audit.append(tx, {
            actorId: null,
            action: 'export.expired',
            entityType: 'export',
            entityId: row.id,
          }),
        );
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
