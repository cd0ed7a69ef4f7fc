import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { DomainError, forbidden, fourEyes, staleVersion } from '../common/errors';
import { Transactions } from '../database/transactions';
import { TransitionDto } from './dto/incident-input.dto';
import { IncidentDto } from './dto/incident.dto';
import { IncidentParts } from './incident-parts';
import { Incident } from './incident.entity';
import { IncidentsRepository, Stamp } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { emit } from '../outbox/outbox';
import { Precondition, refusal, transitionOf, WorkflowAction } from '../workflow/workflow';

const UNMET: Record<Precondition, string> = {
  has_source_or_evidence: 'Add at least one source or evidence item before submitting',
  note_required: 'A note is required for this action',
  no_pending_evidence: 'Every evidence item must be reviewed first (some are pending)',
  approved_evidence: 'At least one evidence item must be approved',
  confidence_required: 'confidence is required to verify',
  confirmed_needs_two_independent_sources:
    '"confirmed" needs approved evidence tied to at least two independent sources',
  public_summary_required: 'publicSummary must not be empty to publish',
};

/** The moment an action records, beside the stage's start. */
const STAMPS: Partial<Record<WorkflowAction, Stamp>> = {
  submit: 'submittedAt',
  verify: 'verifiedAt',
  publish: 'publishedAt',
};

/** Applies the transition table in one transaction: state, history, outbox and audit. */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly transactions: Transactions,
    private readonly incidents: IncidentsService,
    private readonly rows: IncidentsRepository,
    private readonly parts: IncidentParts,
    private readonly audit: AuditService,
  ) {}

  async transition(user: AuthUser, id: string, dto: TransitionDto): Promise<IncidentDto> {
    const transition = transitionOf(dto.action);
    return this.transactions.run(async (manager) => {
      const incident = await this.incidents.lock(manager, id);
      const refused = refusal(dto.action, incident, user);
      if (refused === 'wrong_state') {
        throw new DomainError('conflict', `Cannot ${dto.action} an incident in ${incident.status}`);
      }
      if (refused === 'four_eyes') {
        throw fourEyes(`Four eyes: the creator of an incident cannot ${dto.action} it`);
      }
      if (refused === 'role') throw forbidden(`Your roles do not allow ${dto.action}`);
      if (incident.version !== dto.version) throw staleVersion('Incident');

      const unmet = await this.unmet(manager, incident, dto, transition.preconditions);
      if (unmet.length > 0) {
        throw new DomainError(
          'unprocessable',
          UNMET[unmet[0]],
          unmet.map((code) => ({ precondition: code, message: UNMET[code] })),
        );
      }

      const stamp = STAMPS[dto.action];
      const moved = await this.rows.updateIf(
        manager,
        { id, version: dto.version, status: incident.status },
        {
          status: transition.to,
          ...(dto.action === 'verify' ? { confidence: dto.confidence } : {}),
        },
        ['stageEnteredAt', ...(stamp ? [stamp] : [])],
      );
      if (!moved) throw staleVersion('Incident');

      const facts = { action: dto.action, from: incident.status, to: transition.to };
      await this.incidents.record(manager, user, incident, 'transition', {
        ...facts,
        note: dto.note ?? null,
        ...(dto.confidence ? { confidence: dto.confidence } : {}),
      });
      await emit(
        manager,
        'incident.transitioned',
        { type: 'incident', id },
        {
          incidentId: id,
          ...facts,
          version: dto.version + 1,
        },
      );
      const [view] = await this.incidents.view(
        manager,
        [await this.incidents.load(id, manager)],
        user,
      );
      await this.audit.append(manager, {
        actorId: user.id,
        action: 'incident.transition',
        entityType: 'incident',
        entityId: id,
        data: { ...facts, note: dto.note ?? null, confidence: dto.confidence ?? null },
      });
      return view;
    });
  }

  private async unmet(
    manager: EntityManager,
    incident: Incident,
    dto: TransitionDto,
    preconditions: readonly Precondition[],
  ): Promise<Precondition[]> {
    const needsFacts = preconditions.some(
      (code) => code !== 'note_required' && code !== 'public_summary_required',
    );
    const facts = needsFacts ? await this.parts.verificationFacts(manager, incident.id) : undefined;
    return preconditions.filter((code) => {
      switch (code) {
        case 'note_required':
          return !dto.note?.trim();
        case 'public_summary_required':
          return !incident.publicSummary.trim();
        case 'confidence_required':
          return !dto.confidence;
        case 'has_source_or_evidence':
          return facts!.sources + facts!.evidence === 0;
        case 'no_pending_evidence':
          return facts!.pending > 0;
        case 'approved_evidence':
          return facts!.approved === 0;
        case 'confirmed_needs_two_independent_sources':
          return dto.confidence === 'confirmed' && facts!.independentGroups < 2;
      }
    });
  }
}
