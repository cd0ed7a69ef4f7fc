import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { pendingAuditInsert } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { assertNotNull } from '../common/validation';
import { AuthUser, hasRole } from '../common/auth-user';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { deadlinesOf, StageDeadlines, stageDeadline } from './stage-deadline';
import { DomainError, forbidden, notFound, staleVersion } from '../common/errors';
import { Transactions } from '../database/transactions';
import { emit, outboxInsert } from '../outbox/outbox';
import { ReferenceService } from '../reference/reference.service';
import { UsersRepository } from '../users/users.repository';
import { allowedActions } from '../workflow/workflow';
import { AssignDto, CreateIncidentDto, UpdateIncidentDto } from './dto/incident-input.dto';
import {
  CreatedIncidentDto,
  HistoryEntryDto,
  IncidentDto,
  mapIncident,
  SimilarIncidentDto,
} from './dto/incident.dto';
import { IncidentHistory } from './incident-history.entity';
import { readHistory } from './incident-history';
import { Page, PageQuery } from '../common/pagination';
import { assertCanEdit, assertMayWritePublicText } from './incident-policy';
import { ZERO_COUNTS } from './incident-counts';
import { historyInsert, IncidentsRepository } from './incidents.repository';
import { assertIncidentRules, normaliseDates, withActorIds } from './incident-rules';
import { Incident } from './incident.entity';
import { SimilarIncidents } from './similar-incidents';

const EDITABLE = [
  'title',
  'summary',
  'publicTitle',
  'publicSummary',
  'regime',
  'category',
  'provisions',
  'occurredFrom',
  'occurredTo',
  'datePrecision',
  'locations',
  'actors',
  'quantities',
  'tags',
] as const;
type Editable = (typeof EDITABLE)[number];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

@Injectable()
export class IncidentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly rows: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly similar: SimilarIncidents,
    private readonly users: UsersRepository,
    @InjectLogger() private readonly logger: Logger,
    @InjectConfig() config: AppConfig,
  ) {
    this.deadlines = deadlinesOf(config);
  }

  private readonly deadlines: StageDeadlines;

  async create(user: AuthUser, input: CreateIncidentDto): Promise<CreatedIncidentDto> {
    assertMayWritePublicText(
      user,
      Object.keys(input).filter((key) => input[key as keyof CreateIncidentDto] !== undefined),
    );
    const dto = { ...input, ...normaliseDates(input) };
    assertIncidentRules(dto);
    await this.reference.validateCodes(dto);
    const year = new Date().getUTCFullYear();
    const last = await this.rows.nextNumber(year);
    const id = randomUUID();
    const reference = `INC-${year}-${last.padStart(4, '0')}`;
    // The incident, its timeline entry, its domain event and its audit event in one statement:
    // one round trip, and a transaction of its own.
    const created = await this.rows.file(
      {
        ...dto,
        id,
        reference,
        summary: dto.summary ?? '',
        publicSummary: dto.publicSummary ?? '',
        provisions: dto.provisions ?? [],
        locations: dto.locations ?? [],
        actors: withActorIds(dto.actors ?? [], null, randomUUID),
        quantities: dto.quantities ?? [],
        tags: dto.tags ?? [],
        createdBy: user.id,
      },
      [
        historyInsert(id, user.id, 'created', { reference }),
        outboxInsert(
          'incident.created',
          { type: 'incident', id },
          { incidentId: id, status: 'intake' },
        ),
        pendingAuditInsert({
          actorId: user.id,
          action: 'incident.created',
          entityType: 'incident',
          entityId: id,
          data: { reference, title: dto.title },
        }),
      ],
    );
    // Nothing is attached yet, so the counts are zero without asking.
    const view = mapIncident(
      created,
      allowedActions(created, user),
      { ...ZERO_COUNTS },
      stageDeadline(created, this.deadlines),
    );
    // The incident is filed: a failing lookup of duplicates must not answer 500 and invite a
    // second filing of it. It answers without them, and the log says why.
    const possibleDuplicates = await this.similar.find(created, 5).catch((error: Error) => {
      this.logger.error(
        { incidentId: created.id, err: error.message },
        'possible duplicates of a new incident could not be looked up',
      );
      return [];
    });
    return { ...view, possibleDuplicates };
  }

  async get(user: AuthUser, id: string): Promise<IncidentDto> {
    const [view] = await this.view(this.transactions.manager, [await this.load(id)], user);
    return view;
  }

  async update(user: AuthUser, id: string, dto: UpdateIncidentDto): Promise<IncidentDto> {
    const { version, ...input } = dto;
    const fields: Editable[] = EDITABLE.filter((field) => input[field] !== undefined);
    if (fields.length === 0) throw new DomainError('bad_request', 'Nothing to change');
    // publicTitle alone may be cleared: publication then shows the title.
    assertNotNull(
      input,
      fields.filter((field) => field !== 'publicTitle'),
    );
    return this.transactions.run(async (manager) => {
      const before = await this.load(id, manager);
      assertCanEdit(before, user, fields);
      if (input.occurredFrom !== undefined || input.occurredTo !== undefined) {
        const precision = input.datePrecision ?? before.datePrecision;
        const dates = normaliseDates({
          occurredFrom: input.occurredFrom ?? before.occurredFrom,
          occurredTo: input.occurredTo ?? before.occurredTo,
          datePrecision: precision,
        });
        if (input.occurredFrom !== undefined) input.occurredFrom = dates.occurredFrom;
        input.occurredTo = dates.occurredTo;
        if (!fields.includes('occurredTo')) fields.push('occurredTo');
      }
      if (input.actors !== undefined) {
        input.actors = withActorIds(input.actors, before.actors, randomUUID);
      }
      const after = { ...before, ...input };
      assertIncidentRules(after);
      if (fields.some((field) => ['regime', 'category', 'provisions'].includes(field))) {
        await this.reference.validateCodes(after);
      }
      const changes: Record<string, { old: unknown; new: unknown }> = {};
      for (const field of fields) {
        if (!same(before[field], input[field]))
          changes[field] = { old: before[field], new: input[field] };
      }
      const updated = await this.rows.updateIf(
        manager,
        { id, version, status: before.status },
        input,
      );
      if (!updated) throw staleVersion('Incident');
      await this.record(manager, user, before, 'edited', { changes });
      await emit(
        manager,
        'incident.updated',
        { type: 'incident', id },
        {
          incidentId: id,
          fields: Object.keys(changes),
        },
      );
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'incident.updated',
        entityType: 'incident',
        entityId: id,
        data: { fields: Object.keys(changes), version: version + 1 },
      });
      const [view] = await this.view(manager, [await this.load(id, manager)], user);
      return view;
    });
  }

  /** Verifiers assign themselves (or unassign); admins assign anyone who holds `verifier`. */
  async assign(user: AuthUser, id: string, dto: AssignDto): Promise<IncidentDto> {
    const isAdmin = hasRole(user, 'admin');
    if (!isAdmin && dto.assigneeId !== null && dto.assigneeId !== user.id) {
      throw forbidden('Verifiers may assign only themselves');
    }
    return this.transactions.run(async (manager) => {
      const before = await this.load(id, manager);
      if (!isAdmin && dto.assigneeId === null && before.assigneeId !== user.id) {
        throw forbidden('Verifiers may unassign only themselves');
      }
      if (
        before.status === 'published' ||
        before.status === 'retracted' ||
        before.status === 'rejected' ||
        before.status === 'withdrawn'
      ) {
        throw new DomainError('conflict', `An incident in ${before.status} cannot be assigned`);
      }
      if (dto.assigneeId !== null && dto.assigneeId === before.createdBy) {
        // Four eyes: the creator can never verify it, yet alone would receive its reminders.
        throw new DomainError(
          'unprocessable',
          'The creator of an incident cannot be its verifier, so cannot be assigned to it',
        );
      }
      if (dto.assigneeId !== null) {
        const assignee = await this.users.activeUser(dto.assigneeId, manager);
        if (!assignee?.roles.includes('verifier')) {
          throw new DomainError(
            'unprocessable',
            'The assignee must be an active user holding verifier',
          );
        }
      }
      const updated = await this.rows.updateIf(
        manager,
        { id, version: dto.version },
        { assigneeId: dto.assigneeId },
      );
      if (!updated) throw staleVersion('Incident');
      await this.record(manager, user, before, 'assigned', {
        old: before.assigneeId,
        new: dto.assigneeId,
      });
      await emit(
        manager,
        'incident.assigned',
        { type: 'incident', id },
        {
          incidentId: id,
          assigneeId: dto.assigneeId,
        },
      );
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'incident.assigned',
        entityType: 'incident',
        entityId: id,
        data: { old: before.assigneeId, new: dto.assigneeId },
      });
      const [view] = await this.view(manager, [await this.load(id, manager)], user);
      return view;
    });
  }

  async history(user: AuthUser, id: string, query: PageQuery): Promise<Page<HistoryEntryDto>> {
    await this.load(id);
    return readHistory(this.rows, user, id, query);
  }

  async similarTo(id: string): Promise<SimilarIncidentDto[]> {
    return this.similar.find(await this.load(id), 10);
  }

  /**
   * Loads and row-locks the incident for the rest of the transaction, so that transitions,
   * evidence additions and reviews on one incident take turns instead of racing its state.
   */
  async lock(manager: EntityManager, id: string): Promise<Incident> {
    const incident = await this.rows.lock(manager, id);
    if (!incident) throw notFound('Incident');
    return incident;
  }

  /** The incident (in transaction `tx` when given); 404 when there is none. */
  async load(id: string, tx?: EntityManager): Promise<Incident> {
    const incident = await this.rows.load(id, tx);
    if (!incident) throw notFound('Incident');
    return incident;
  }

  /** The API view: allowedActions for this caller and the counts, in one query for all rows. */
  async view(
    manager: EntityManager,
    incidents: Incident[],
    user: AuthUser,
  ): Promise<IncidentDto[]> {
    const counts = await this.rows.countsFor(
      incidents.map((incident) => incident.id),
      manager,
    );
    return incidents.map((incident) =>
      mapIncident(
        incident,
        allowedActions(incident, user),
        counts.get(incident.id)!,
        stageDeadline(incident, this.deadlines),
      ),
    );
  }

  async record(
    manager: EntityManager,
    user: AuthUser,
    incident: Incident,
    kind: IncidentHistory['kind'],
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.rows.record(manager, incident.id, user.id, kind, data);
  }
}
