import { Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { InjectLogger } from '../common/core.module';
import { DomainError, invalidField, notFound, staleVersion, duplicate } from '../common/errors';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { createValidationPipe } from '../common/validation';
import { Transactions } from '../database/transactions';
import { IncidentsService } from '../incidents/incidents.service';
import { Incident } from '../incidents/incident.entity';
import { canSeeDetails } from '../sources/source-policy';
import { SourcesRepository } from '../sources/sources.repository';
import { ReceivedFile, StorageService } from '../storage/storage.service';
import {
  CreateEvidenceDto,
  CustodyEventDto,
  EvidenceDto,
  mapCustody,
  mapEvidence,
  redactEvidence,
  ReviewEvidenceDto,
  WithdrawEvidenceDto,
} from './dto/evidence.dto';
import { Evidence } from './evidence.entity';
import { EvidenceRepository } from './evidence.repository';
import { assertCanReview, assertCanWithdraw, checkCanAdd } from './evidence-policy';
import { refusedTypeMessage, sniffType } from './file-types';

const FILE_KINDS = new Set(['document', 'image', 'video', 'audio', 'dataset', 'other']);

export interface Upload {
  file: ReceivedFile;
  claimedType?: string;
  filename?: string;
}

@Injectable()
export class EvidenceService {
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly transactions: Transactions,
    private readonly rows: EvidenceRepository,
    private readonly incidents: IncidentsService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly sources: SourcesRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Validates multipart text fields exactly as the JSON body is validated. */
  async parseFields(fields: Record<string, string>): Promise<CreateEvidenceDto> {
    return (await this.pipe.transform(fields, {
      type: 'body',
      metatype: CreateEvidenceDto,
    })) as CreateEvidenceDto;
  }

  /** Checks that the caller may add evidence to the incident now (before any bytes are stored). */
  async assertCanAdd(user: AuthUser, incidentId: string): Promise<Incident> {
    return checkCanAdd(await this.incidents.load(incidentId), user);
  }

  /**
   * With an upload, the caller owns its temporary file and discards it when done. The file
   * takes its place in storage only after every row of the item is written, so a refused
   * upload leaves nothing behind, whatever refuses it (spec 8).
   */
  async add(
    user: AuthUser,
    incidentId: string,
    dto: CreateEvidenceDto,
    upload?: Upload,
  ): Promise<EvidenceDto> {
    await this.assertCanAdd(user, incidentId);
    this.assertShape(dto, upload);
    if (upload && upload.file.sizeBytes === 0) {
      throw new DomainError('unprocessable', 'The file is empty');
    }
    const sniffed = upload ? await sniffType(upload.file.head, upload.claimedType) : null;
    if (sniffed && !sniffed.allowed) {
      const message = refusedTypeMessage(sniffed.detected);
      throw new DomainError('unsupported_media_type', message, [
        { field: 'file', errors: [message] },
      ]);
    }
    const mimeType = sniffed?.mime ?? null;
    const sha256 = upload?.file.sha256 ?? null;
    let placed = false;
    try {
      return await this.transactions.run(async (manager) => {
        // Checked again under the incident's row lock: a transition cannot slip in between,
        // and two uploads of the same file to this incident take turns.
        const incident = checkCanAdd(await this.incidents.lock(manager, incidentId), user);
        if (dto.sourceId) await this.assertSourceOf(manager, dto.sourceId, incidentId);
        if (sha256) await this.assertNotDuplicate(manager, incidentId, sha256);
        const saved = await this.rows.insert(manager, {
          incidentId,
          kind: dto.kind,
          description: dto.description,
          sourceId: dto.sourceId ?? null,
          capturedAt: dto.capturedAt ? new Date(dto.capturedAt) : null,
          url: dto.url ?? null,
          text: dto.text ?? null,
          sha256,
          sizeBytes: upload ? String(upload.file.sizeBytes) : null,
          mimeType,
          // Metadata only: never used to build a path.
          originalFilename: upload?.filename?.slice(0, 255) ?? null,
          createdBy: user.id,
        });
        await this.rows.addCustody(manager, saved.id, user.id, 'added', saved.sha256, {
          sizeBytes: upload?.file.sizeBytes,
        });
        await this.incidents.record(manager, user, incident, 'edited', {
          evidenceAdded: { id: saved.id, kind: saved.kind },
        });
        await this.audit.append(manager, {
          actorId: user.id,
          action: 'evidence.created',
          entityType: 'evidence',
          entityId: saved.id,
          data: {
            incidentId,
            kind: saved.kind,
            sha256: saved.sha256,
            sizeBytes: upload?.file.sizeBytes ?? null,
          },
        });
        if (upload) {
          // Held to commit: placing, and removing after a failed commit, take turns per content.
          await this.rows.lockContent(manager, upload.file.sha256);
          placed = await this.storage.commit(upload.file);
        }
        return mapEvidence(saved);
      });
    } catch (error) {
      if (placed && sha256) await this.removeIfUnreferenced(sha256);
      throw error;
    }
  }

  /** The same file twice on one incident is a mistake: 409 naming the item already there. */
  private async assertNotDuplicate(
    manager: EntityManager,
    incidentId: string,
    sha256: string,
  ): Promise<void> {
    const existing = await this.rows.firstWithContent(manager, incidentId, sha256);
    if (existing) {
      throw duplicate(`This file is already evidence of this incident (${existing.id})`, {
        existingId: existing.id,
      });
    }
  }

  /** After a failed commit: the file placed for it goes, unless another item holds the same bytes. */
  private async removeIfUnreferenced(sha256: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.rows.lockContent(manager, sha256);
      if (!(await this.rows.holdsContent(manager, sha256))) await this.storage.remove(sha256);
    });
  }

  /** Oldest first, keyset-paginated on (createdAt, id). */
  async list(user: AuthUser, incidentId: string, query: PageQuery): Promise<Page<EvidenceDto>> {
    await this.incidents.load(incidentId);
    const limit = query.limit ?? 25;
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const page = toPage(
      await this.rows.pageOf(incidentId, limit + 1, after && { at: after[0], id: after[1] }),
      limit,
      (row) => [row.createdAt.toISOString(), row.id],
      (row) => row,
    );
    // Redaction is decided for the page at once (one read of its sources' standing).
    return { ...page, items: await this.view(user, page.items) };
  }

  async get(user: AuthUser, id: string): Promise<EvidenceDto> {
    const [view] = await this.view(user, [await this.load(id)]);
    return view;
  }

  /** The chain of custody in the order it happened, keyset-paginated on its sequence. */
  async custodyOf(user: AuthUser, id: string, query: PageQuery): Promise<Page<CustodyEventDto>> {
    await this.assertMaySeeDetails(user, await this.load(id));
    const limit = query.limit ?? 25;
    const after = query.cursor ? decodeCursor(query.cursor, ['int'])[0] : undefined;
    const rows = await this.rows.custodyPage(id, limit + 1, after);
    return toPage(rows, limit, (row) => [row.id], mapCustody);
  }

  async review(user: AuthUser, id: string, dto: ReviewEvidenceDto): Promise<EvidenceDto> {
    return this.transactions.run(async (manager) => {
      const item = await this.load(id, manager);
      const incident = await this.incidents.lock(manager, item.incidentId);
      assertCanReview(item, incident, user);
      const reviewed = await this.rows.review(manager, id, dto.version, {
        decision: dto.decision,
        note: dto.note,
        reviewedBy: user.id,
      });
      if (!reviewed) throw staleVersion('Evidence');
      await this.rows.addCustody(manager, id, user.id, 'reviewed', item.sha256, {
        decision: dto.decision,
      });
      await this.incidents.record(manager, user, incident, 'evidence_reviewed', {
        evidenceId: id,
        decision: dto.decision,
        note: dto.note,
      });
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'evidence.reviewed',
        entityType: 'evidence',
        entityId: id,
        data: { incidentId: item.incidentId, decision: dto.decision },
      });
      return mapEvidence(await this.load(id, manager));
    });
  }

  /**
   * Withdrawn, not deleted: the file and its custody log stay, the item counts for no
   * precondition and is never reviewed (spec 8).
   */
  async withdraw(user: AuthUser, id: string, dto: WithdrawEvidenceDto): Promise<EvidenceDto> {
    return this.transactions.run(async (manager) => {
      const item = await this.load(id, manager);
      const incident = await this.incidents.lock(manager, item.incidentId);
      assertCanWithdraw(item, incident, user);
      const withdrawn = await this.rows.withdraw(manager, id, dto.version);
      if (!withdrawn) throw staleVersion('Evidence');
      await this.rows.addCustody(manager, id, user.id, 'withdrawn', item.sha256, {
        note: dto.note,
      });
      await this.incidents.record(manager, user, incident, 'evidence_withdrawn', {
        evidenceId: id,
        note: dto.note,
      });
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'evidence.withdrawn',
        entityType: 'evidence',
        entityId: id,
        data: { incidentId: item.incidentId },
      });
      const [view] = await this.view(user, [await this.load(id, manager)]);
      return view;
    });
  }

  /**
   * Checks the stored bytes before the first byte is sent (a mismatch is a 500 with the
   * request id, and a loud log line), then streams them with a second check on the way.
   */
  /** The item, if it has a file this caller may download (what a download ticket is for). */
  async downloadable(user: AuthUser, id: string): Promise<Evidence & { sha256: string }> {
    const item = await this.load(id);
    await this.assertMaySeeDetails(user, item);
    if (!item.sha256) throw new DomainError('not_found', 'This evidence item has no file');
    return item as Evidence & { sha256: string };
  }

  async openContent(user: AuthUser, id: string): Promise<{ item: Evidence; stream: Readable }> {
    const item = await this.downloadable(user, id);
    const actual = await this.storage.hashOf(item.sha256);
    if (actual !== item.sha256) {
      await this.recordIntegrityFailure(item, actual, user.id);
      throw new Error(`evidence ${item.id} failed its integrity check on download`);
    }
    await this.transactions.run(async (manager) => {
      await this.rows.addCustody(manager, id, user.id, 'downloaded', actual);
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'evidence.downloaded',
        entityType: 'evidence',
        entityId: id,
        data: { sha256: actual },
      });
    });
    return { item, stream: this.storage.openVerified(item.sha256) };
  }

  /** Re-hashes every stored file; records each check, and flags each mismatch loudly. */
  async checkIntegrity(): Promise<{ checked: number; failed: string[] }> {
    const failed: string[] = [];
    let checked = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.rows.withContent(after, 500);
      if (batch.length === 0) break;
      for (const item of batch) {
        const actual = await this.storage.hashOf(item.sha256!);
        checked += 1;
        if (actual === item.sha256) {
          await this.transactions.run((manager) =>
            this.rows.addCustody(manager, item.id, null, 'integrity_checked', actual),
          );
        } else {
          failed.push(item.id);
          await this.recordIntegrityFailure(item, actual, null);
        }
      }
      after = batch[batch.length - 1].id;
    }
    return { checked, failed };
  }

  private async recordIntegrityFailure(
    item: Evidence,
    actual: string | null,
    actorId: string | null,
  ): Promise<void> {
    this.logger.error(
      { evidenceId: item.id, incidentId: item.incidentId, expected: item.sha256, actual },
      'EVIDENCE INTEGRITY FAILURE: stored file does not match its recorded SHA-256',
    );
    await this.transactions.run(async (manager) => {
      await this.rows.addCustody(manager, item.id, actorId, 'integrity_failed', actual, {
        expected: item.sha256,
      });
      await this.audit.append(manager, {
        actorId,
        action: 'evidence.integrity_failed',
        entityType: 'evidence',
        entityId: item.id,
        data: { expected: item.sha256, actual },
      });
    });
  }

  /**
   * Evidence tied to a confidential source can identify the informant (a testimony, a file,
   * who handled it): only those who may see the source's details see it whole (spec 8).
   */
  private async hiddenFrom(user: AuthUser, items: Evidence[]): Promise<Set<string>> {
    const sourceIds = [
      ...new Set(items.map((item) => item.sourceId).filter((id): id is string => id !== null)),
    ];
    if (sourceIds.length === 0) return new Set();
    const sources = await this.sources.standing(sourceIds);
    const hidden = new Set(
      sources.filter((source) => !canSeeDetails(user, source)).map((source) => source.id),
    );
    // The uploader handled the item already: hiding it from them protects nobody.
    return new Set(
      items
        .filter(
          (item) =>
            item.sourceId !== null && hidden.has(item.sourceId) && item.createdBy !== user.id,
        )
        .map((item) => item.id),
    );
  }

  private async view(user: AuthUser, items: Evidence[]): Promise<EvidenceDto[]> {
    const hidden = await this.hiddenFrom(user, items);
    return items.map((item) =>
      hidden.has(item.id) ? redactEvidence(mapEvidence(item)) : mapEvidence(item),
    );
  }

  /** 404, not 403: the caller must not learn more about an informant's evidence than the list shows. */
  private async assertMaySeeDetails(user: AuthUser, item: Evidence): Promise<void> {
    if ((await this.hiddenFrom(user, [item])).has(item.id)) {
      throw new DomainError('not_found', 'Evidence content not found');
    }
  }

  private assertShape(dto: CreateEvidenceDto, upload?: Upload): void {
    if (upload && !FILE_KINDS.has(dto.kind)) {
      throw invalidField('file', `evidence of kind ${dto.kind} carries no file`);
    }
    if (!upload && FILE_KINDS.has(dto.kind) && dto.kind !== 'other') {
      throw invalidField(
        'file',
        `file is required for evidence of kind ${dto.kind} (multipart/form-data)`,
      );
    }
    if (dto.kind === 'url' && !dto.url) {
      throw invalidField('url', 'url is required for evidence of kind url');
    }
    if (dto.kind === 'testimony' && !dto.text) {
      throw invalidField('text', 'text is required for evidence of kind testimony');
    }
  }

  private async assertSourceOf(
    manager: EntityManager,
    sourceId: string,
    incidentId: string,
  ): Promise<void> {
    if (!(await this.sources.belongsTo(manager, sourceId, incidentId))) {
      throw new DomainError('unprocessable', 'sourceId is not a source of this incident');
    }
  }

  private async load(id: string, tx?: EntityManager): Promise<Evidence> {
    const item = await this.rows.load(id, tx);
    if (!item) throw notFound('Evidence');
    return item;
  }
}
