import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { DomainError, forbidden, fourEyes, staleVersion } from '../common/errors';
import { TransitionDto } from './dto/incident-input.dto';
import { IncidentDto } from './dto/incident.dto';
import { Incident } from './incident.entity';
import { IncidentsService } from './incidents.service';
import { emit } from '../outbox/outbox';
import { Precondition, refusal, transitionOf } from '../workflow/workflow';

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

interface EvidenceFacts {
  sources: number;
  evidence: number;
  pending: number;
  approved: number;
  independent_groups: number;
}

/** Applies the transition table in one transaction: state, history, outbox and audit. */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
  ) {}

  async transition(user: AuthUser, id: string, dto: TransitionDto): Promise<IncidentDto> {
    const transition = transitionOf(dto.action);
    return this.dataSource.transaction(async (manager) => {
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

      const now = () => 'now()';
      const result = await manager
        .createQueryBuilder()
        .update(Incident)
        .set({
          status: transition.to,
          version: () => 'version + 1',
          updatedAt: now,
          stageEnteredAt: now,
          ...(dto.action === 'submit' ? { submittedAt: now } : {}),
          ...(dto.action === 'verify' ? { verifiedAt: now, confidence: dto.confidence } : {}),
          ...(dto.action === 'publish' ? { publishedAt: now } : {}),
        })
        .where('id = :id AND version = :version AND status = :status', {
          id,
          version: dto.version,
          status: incident.status,
        })
        .execute();
      if (result.affected === 0) throw staleVersion('Incident');

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
        [await this.incidents.load(manager, id)],
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
    const facts = needsFacts ? await this.evidenceFacts(manager, incident.id) : undefined;
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
          return dto.confidence === 'confirmed' && facts!.independent_groups < 2;
      }
    });
  }

  /** Independence counts approved evidence only, grouped by its source's independenceGroup. */
  private async evidenceFacts(manager: EntityManager, incidentId: string): Promise<EvidenceFacts> {
    const [row] = await manager.query<Record<keyof EvidenceFacts, string>[]>(
      `SELECT (SELECT count(*) FROM sources WHERE incident_id = $1) AS sources,
              count(e.id) FILTER (WHERE e.status <> 'withdrawn') AS evidence,
              count(e.id) FILTER (WHERE e.status = 'pending') AS pending,
              count(e.id) FILTER (WHERE e.status = 'approved') AS approved,
              count(DISTINCT s.independence_group) FILTER (WHERE e.status = 'approved') AS independent_groups
         FROM evidence e LEFT JOIN sources s ON s.id = e.source_id
        WHERE e.incident_id = $1`,
      [incidentId],
    );
    return {
      sources: Number(row.sources),
      evidence: Number(row.evidence),
      pending: Number(row.pending),
      approved: Number(row.approved),
      independent_groups: Number(row.independent_groups),
    };
  }
}
