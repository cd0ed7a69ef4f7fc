import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import { InjectLogger } from '../common/core.module';
import { DomainError, notFound } from '../common/errors';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { QUEUES, SANCTIONS_JOBS, SanctionsJobPayloads } from '../queues/queues';
import type { ReceivedFile } from '../storage/storage.service';
import {
  ChangeListQuery,
  DesignationChangeDto,
  DesignationDto,
  DesignationListQuery,
  DesignationSummaryDto,
  ListVersionDto,
  mapChange,
  mapDesignation,
  mapDesignationSummary,
  mapImport,
  mapRescreen,
  RescreenDto,
  mapVersion,
  SanctionsImportDto,
} from './dto/sanctions.dto';
import { ListFiles } from './list-files';
import { ListSource } from './list-version.entity';
import { SanctionsRepository } from './sanctions.repository';
import { ScreeningRepository } from './screening.repository';

export interface ImportRequest {
  source: ListSource;
  requestedBy: string | null;
  list: ReceivedFile;
  vessels?: ReceivedFile;
  force: boolean;
}

/** Imports are requested here and run by ListImporter; the reads serve staff. */
@Injectable()
export class SanctionsService {
  constructor(
    private readonly repository: SanctionsRepository,
    private readonly files: ListFiles,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly screening: ScreeningRepository,
    @InjectQueue(QUEUES.sanctions) private readonly queue: Queue,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Records the import and keeps its files; the caller runs or enqueues it. */
  async request(request: ImportRequest): Promise<string> {
    const id = await this.transactions.run(async (tx) => {
      const id = await this.repository.createImport(
        {
          source: request.source,
          force: request.force,
          requestedBy: request.requestedBy,
          fileSha256: request.list.sha256,
          fileBytes: request.list.sizeBytes,
          vesselsSha256: request.vessels?.sha256 ?? null,
        },
        tx,
      );
      await this.audit.append(tx, {
        actorId: request.requestedBy,
        action: 'sanctions.import_requested',
        entityType: 'sanctions_import',
        entityId: id,
        data: {
          source: request.source,
          fileSha256: request.list.sha256,
          vesselsSha256: request.vessels?.sha256 ?? null,
          force: request.force,
        },
      });
      return id;
    });
    await this.files.adopt(request.list, id, 'list');
    if (request.vessels) await this.files.adopt(request.vessels, id, 'vessels');
    return id;
  }

  async enqueue(importId: string): Promise<void> {
    const payload: SanctionsJobPayloads[typeof SANCTIONS_JOBS.import] = { importId };
    try {
      await this.queue.add(SANCTIONS_JOBS.import, payload, { jobId: importId, attempts: 1 });
    } catch (error) {
      this.logger.error({ importId, err: (error as Error).message }, 'sanctions import not queued');
      await this.repository.finishImport(importId, 'failed', {
        error: 'The import could not be queued; please try again.',
      });
      await this.files.remove(importId);
      throw new DomainError('unavailable', 'The import queue is unavailable; try again later');
    }
  }

  /** Queues the re-screening a list version started; its row keeps it if Redis is away. */
  async enqueueRescreen(versionId: string): Promise<void> {
    const payload: SanctionsJobPayloads[typeof SANCTIONS_JOBS.rescreen] = { versionId };
    await this.queue.add(SANCTIONS_JOBS.rescreen, payload, {
      jobId: `rescreen-${versionId}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
    });
  }

  async resumeRescreens(): Promise<void> {
    for (const versionId of await this.screening.unfinishedRescreens()) {
      await this.enqueueRescreen(versionId);
    }
  }

  async rescreen(versionId: string): Promise<RescreenDto> {
    const row = await this.screening.rescreen(versionId);
    if (!row) throw notFound('Re-screening');
    return mapRescreen(row);
  }

  async getImport(id: string): Promise<SanctionsImportDto> {
    const row = await this.repository.findImport(id);
    if (!row) throw notFound('Import');
    return mapImport(row);
  }

  async versions(query: PageQuery): Promise<Page<ListVersionDto>> {
    const limit = query.limit ?? 25;
    const before = query.cursor ? Number(decodeCursor(query.cursor, ['int'])[0]) : undefined;
    const rows = await this.repository.pageVersions(limit + 1, before);
    return toPage(rows, limit, (row) => [String(row.number)], mapVersion);
  }

  async changes(versionId: string, query: ChangeListQuery): Promise<Page<DesignationChangeDto>> {
    if (!(await this.repository.findVersion(versionId))) throw notFound('List version');
    const limit = query.limit ?? 100;
    const after = query.cursor ? decodeCursor(query.cursor, ['text'])[0] : undefined;
    const rows = await this.repository.pageChanges(versionId, query.change, limit + 1, after);
    return toPage(rows, limit, (row) => [row.reference], mapChange);
  }

  async designations(query: DesignationListQuery): Promise<Page<DesignationSummaryDto>> {
    const limit = query.limit ?? 25;
    const after = query.cursor ? decodeCursor(query.cursor, ['text'])[0] : undefined;
    const q = query.q?.trim();
    const rows = await this.repository.pageDesignations(
      {
        q: q === '' ? undefined : q,
        kind: query.kind,
        listType: query.listType,
        includeRemoved: query.includeRemoved ?? false,
      },
      limit + 1,
      after,
    );
    return toPage(rows, limit, (row) => [row.reference], mapDesignationSummary);
  }

  async designation(reference: string): Promise<DesignationDto> {
    const row = await this.repository.findDesignation(reference.trim());
    if (!row) throw notFound('Designation');
    return mapDesignation(row);
  }
}
