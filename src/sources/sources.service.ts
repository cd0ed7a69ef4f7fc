import { Injectable } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { DomainError, notFound, staleVersion } from '../common/errors';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { assertNotNull } from '../common/validation';
import { Transactions } from '../database/transactions';
import { Incident } from '../incidents/incident.entity';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { IncidentsService } from '../incidents/incidents.service';
import { CreateSourceDto, UpdateSourceDto } from './dto/source-input.dto';
import { mapSource, redactSource, SourceDto, SourceView } from './dto/source.dto';
import { FieldCipher } from '../crypto/field-cipher';
import { detailColumns, detailsOf, SourceDetails } from './source-details';
import { assertCanChangeSource, assertCanChangeSources, canSeeDetails } from './source-policy';
import { SourceRegrade } from './source-regrade';
import { Source } from './source.entity';
import { SourcesRepository } from './sources.repository';

const FIELDS = [
  'kind',
  'name',
  'url',
  'publishedAt',
  'reliability',
  'credibility',
  'independenceGroup',
  'confidential',
  'contact',
  'notes',
] as const;
type Field = (typeof FIELDS)[number];

/** What corroboration is judged on: changing one reopens the reviews of the source's evidence. */
const GRADING = new Set<Field>(['reliability', 'credibility', 'independenceGroup']);

// No 0/O or 1/I/L. Random rather than a counter: a counter would tell how many sources came first.
const PSEUDONYM_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const PSEUDONYM_ATTEMPTS = 20;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
/** An empty optional text is no text. */
const orNull = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;

/**
 * Sources of an incident. Audit and history entries name the fields that changed, never their
 * values: the audit log cannot be rewritten, and a source recorded in the clear today may be
 * marked confidential tomorrow.
 */
@Injectable()
export class SourcesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly rows: SourcesRepository,
    private readonly regrade: SourceRegrade,
    private readonly audit: AuditService,
    private readonly incidents: IncidentsService,
    private readonly cipher: FieldCipher,
    private readonly incidentRows: IncidentsRepository,
  ) {}

  async create(user: AuthUser, incidentId: string, dto: CreateSourceDto): Promise<SourceView> {
    return this.transactions.run(async (manager) => {
      const incident = await this.lockIncident(manager, incidentId);
      assertCanChangeSources(incident, user);
      // The id is chosen here because the envelope is bound to it and the group defaults to it.
      const id = randomUUID();
      const details: SourceDetails = {
        name: dto.name,
        url: orNull(dto.url),
        contact: orNull(dto.contact),
        notes: orNull(dto.notes),
      };
      const pseudonym = await this.freePseudonym(manager, incidentId);
      await this.rows.insert(manager, {
        id,
        incidentId,
        kind: dto.kind,
        confidential: dto.confidential,
        pseudonym,
        reliability: dto.reliability,
        credibility: dto.credibility,
        independenceGroup: dto.independenceGroup ?? id,
        publishedAt: dto.publishedAt ?? null,
        ...detailColumns(this.cipher, id, dto.confidential, details),
        createdBy: user.id,
      });
      const created = await this.loadSource(id, manager);
      const fields = FIELDS.filter((field) => dto[field] !== undefined && dto[field] !== null);
      await this.incidents.record(manager, user, incident, 'edited', {
        source: { id, pseudonym, change: 'added' },
      });
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'source.created',
        entityType: 'source',
        entityId: id,
        data: { incidentId, pseudonym, confidential: dto.confidential, fields },
      });
      return this.view(created);
    });
  }

  /** Oldest first; confidential sources redacted for everyone (their details: reveal). */
  async list(_user: AuthUser, incidentId: string, query: PageQuery): Promise<Page<SourceView>> {
    await this.incidents.load(incidentId);
    const limit = query.limit ?? 25;
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    return toPage(
      await this.rows.pageOf(incidentId, limit + 1, after && { at: after[0], id: after[1] }),
      limit,
      (source) => [source.createdAt.toISOString(), source.id],
      (source) => this.view(source),
    );
  }

  /**
   * The details of a source, read on purpose (spec 8): admins, verifiers and the user who added
   * it; 404 for anyone else, as if it did not exist. Each reveal of a confidential source is
   * audited.
   */
  async reveal(user: AuthUser, id: string): Promise<SourceDto> {
    const source = await this.loadSource(id);
    if (!canSeeDetails(user, source)) throw notFound('Source');
    const details = detailsOf(this.cipher, source);
    if (source.confidential) {
      await this.transactions.run((manager) =>
        this.audit.append(manager, {
          actorId: user.id,
          action: 'source.revealed',
          entityType: 'source',
          entityId: source.id,
          data: { incidentId: source.incidentId },
        }),
      );
    }
    return mapSource(source, details);
  }

  async update(user: AuthUser, id: string, dto: UpdateSourceDto): Promise<SourceView> {
    const { version, ...input } = dto;
    const given: Field[] = FIELDS.filter((field) => input[field] !== undefined);
    if (given.length === 0) throw new DomainError('bad_request', 'Nothing to change');
    assertNotNull(input, ['kind', 'name', 'reliability', 'credibility', 'confidential']);
    return this.transactions.run(async (manager) => {
      const before = await this.loadSource(id, manager);
      const incident = await this.lockIncident(manager, before.incidentId);
      assertCanChangeSources(incident, user);
      assertCanChangeSource(before, user);
      const oldDetails = detailsOf(this.cipher, before);
      const details: SourceDetails = {
        name: input.name ?? oldDetails.name,
        url: input.url === undefined ? oldDetails.url : orNull(input.url),
        contact: input.contact === undefined ? oldDetails.contact : orNull(input.contact),
        notes: input.notes === undefined ? oldDetails.notes : orNull(input.notes),
      };
      const after = {
        kind: input.kind ?? before.kind,
        confidential: input.confidential ?? before.confidential,
        reliability: input.reliability ?? before.reliability,
        credibility: input.credibility ?? before.credibility,
        publishedAt: input.publishedAt === undefined ? before.publishedAt : input.publishedAt,
        independenceGroup:
          input.independenceGroup === undefined
            ? before.independenceGroup
            : (input.independenceGroup ?? id),
      };
      const was: Record<Field, unknown> = { ...before, ...oldDetails };
      const now: Record<Field, unknown> = { ...after, ...details };
      const changed = FIELDS.filter((field) => !same(was[field], now[field]));
      const written = await this.rows.updateIf(manager, id, version, {
        ...after,
        ...detailColumns(this.cipher, id, after.confidential, details),
      });
      if (!written) throw staleVersion('Source');
      const updated = await this.loadSource(id, manager);
      // Corroboration is judged on what the verifier saw (spec 8): the evidence reviewed on the
      // old grading or group goes back to pending, its custody log recording the reset.
      const reopened = changed.some((field) => GRADING.has(field))
        ? await this.regrade.reopenReviews(manager, id, user.id)
        : [];
      await this.incidents.record(manager, user, incident, 'edited', {
        source: { id, pseudonym: updated.pseudonym, change: 'updated', fields: changed },
        ...(reopened.length > 0 ? { evidenceReopened: reopened } : {}),
      });
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'source.updated',
        entityType: 'source',
        entityId: id,
        data: {
          incidentId: updated.incidentId,
          confidential: updated.confidential,
          fields: changed,
          version: updated.version,
          ...(reopened.length > 0 ? { evidenceReopened: reopened } : {}),
        },
      });
      return this.view(updated);
    });
  }

  /** The view of a source: whole when open, redacted when confidential, for everyone. */
  private view(source: Source): SourceView {
    return source.confidential
      ? redactSource(source)
      : mapSource(source, detailsOf(this.cipher, source));
  }

  private async loadSource(id: string, tx?: EntityManager): Promise<Source> {
    const source = await this.rows.load(id, tx);
    if (!source) throw notFound('Source');
    return source;
  }

  /**
   * Locked until commit, so no transition moves the incident out of an editable state between
   * the check and the write, and two writers cannot pick the same pseudonym. FOR NO KEY UPDATE
   * does not block the foreign-key checks of rows that reference the incident.
   */
  private async lockIncident(manager: EntityManager, id: string): Promise<Incident> {
    const incident = await this.incidentRows.lockForAttaching(manager, id);
    if (!incident) throw notFound('Incident');
    return incident;
  }

  private async freePseudonym(manager: EntityManager, incidentId: string): Promise<string> {
    for (let attempt = 0; attempt < PSEUDONYM_ATTEMPTS; attempt += 1) {
      let code = '';
      for (let i = 0; i < 4; i += 1)
        code += PSEUDONYM_ALPHABET[randomInt(PSEUDONYM_ALPHABET.length)];
      const candidate = `SRC-${code}`;
      if (!(await this.rows.pseudonymTaken(manager, incidentId, candidate))) return candidate;
    }
    throw new Error('No free source pseudonym found for this incident');
  }
}
