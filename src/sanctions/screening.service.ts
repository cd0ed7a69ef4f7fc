import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser, hasRole } from '../common/auth-user';
import { DomainError, fourEyes, invalidField, notFound, staleVersion } from '../common/errors';
import { Transactions } from '../database/transactions';
import { IncidentActor } from '../incidents/incident.entity';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { emit } from '../outbox/outbox';
import { OutboxRepository } from '../outbox/outbox.repository';
import { UsersRepository } from '../users/users.repository';
import {
  ActorScreeningDto,
  CandidateDto,
  DecisionDto,
  IncidentScreeningDto,
  MatchDecisionInput,
  ScreenPreviewDto,
  ScreenPreviewInput,
} from './dto/screening.dto';
import { actorHash, Screener, screeningQueryOf, ScreenedCandidate } from './screener';
import { CandidateRow, DecisionRow, ScreeningRepository } from './screening.repository';

/** Statuses in which people decide on candidates: from submission on, while the case lives. */
const DECIDABLE = ['in_verification', 'verified', 'published'];

const iso = (value: Date | string): string => new Date(value).toISOString();

function candidateOf(found: ScreenedCandidate): CandidateDto {
  return {
    reference: found.reference,
    name: found.designation.name,
    kind: found.designation.kind,
    listType: found.designation.listType,
    listedOn: found.designation.listedOn,
    score: found.score,
    band: found.band,
    designatedAtTheTime: found.designatedAtTheTime,
    explanation: found.explanation,
  };
}

function storedCandidateOf(row: CandidateRow): CandidateDto {
  const { designatedAtTheTime, ...explanation } = row.explanation as Record<string, unknown> & {
    designatedAtTheTime?: CandidateDto['designatedAtTheTime'];
  };
  return {
    reference: row.reference,
    name: row.name,
    kind: row.kind,
    listType: row.listType,
    listedOn: row.listedOn,
    score: Number(row.score),
    band: row.band,
    designatedAtTheTime: designatedAtTheTime ?? 'unknown',
    explanation: explanation as unknown as CandidateDto['explanation'],
  };
}

function decisionOf(row: DecisionRow, names: Map<string, string>): DecisionDto {
  return {
    id: row.id,
    reference: row.reference,
    designationName: row.designationName,
    decision: row.decision,
    note: row.note,
    decidedBy: row.decidedBy,
    deciderName: names.get(row.decidedBy) ?? null,
    decidedAt: iso(row.decidedAt),
    score: row.score === null ? null : Number(row.score),
    designationChanged:
      row.currentHash === null || row.currentHash !== row.designationHash || row.removedAt !== null,
  };
}

const bareReference = (ref: string): string => ref.replace(/^UN:/, '');

/**
 * Screening as people see and decide it (spec 15): an incident's candidates and decisions,
 * the four-eyes decision, the form's preview; and what the jobs run: screening after intake and
 * edits, re-screening after a list change, the flags and notifications when a confirmed
 * designation changes.
 */
@Injectable()
export class ScreeningService {
  constructor(
    private readonly screener: Screener,
    private readonly repository: ScreeningRepository,
    private readonly incidents: IncidentsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly outbox: OutboxRepository,
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersRepository,
  ) {}

  async preview(input: ScreenPreviewInput): Promise<ScreenPreviewDto> {
    const from = input.occurredFrom ?? input.occurredTo;
    const to = input.occurredTo ?? input.occurredFrom;
    if (from && to && to < from) {
      throw invalidField('occurredTo', 'occurredTo must not be before occurredFrom');
    }
    const found = await this.screener.preview(
      input.actors.map((actor) => screeningQueryOf(actor)),
      from && to ? { occurredFrom: from, occurredTo: to } : null,
    );
    return {
      actors: input.actors.map((actor, i) => ({
        name: actor.name,
        candidates: found[i].map(candidateOf),
      })),
    };
  }

  async incidentScreening(user: AuthUser, incidentId: string): Promise<IncidentScreeningDto> {
    // One snapshot: a screening that commits between two reads would otherwise show an actor
    // screened with the candidates of before.
    const { incident, candidates, decisions, screenings, listVersion, covered } =
      await this.repository.inSnapshot(async (tx) => {
        const incident = await this.incidents.load(incidentId, tx);
        if (!incident) throw notFound('Incident');
        return {
          incident,
          candidates: await this.repository.candidatesOf(incidentId, tx),
          decisions: await this.repository.decisionsOf(incidentId, tx),
          screenings: await this.repository.screeningsOf(incidentId, tx),
          listVersion: await this.repository.currentListVersion(tx),
          covered: await this.repository.coveredVersion(incidentId, tx),
        };
      });
    const screened = new Map(screenings.map((row) => [row.actorId, row]));
    const names = new Map(
      decisions.length === 0
        ? []
        : (await this.users.directory()).map((each) => [each.id, each.displayName]),
    );
    const whyNot = this.whyNot(user, incident);
    const actors: ActorScreeningDto[] = incident.actors.map((actor: IncidentActor) => {
      const state = screened.get(actor.id);
      const current = state !== undefined && state.actorHash === actorHash(actor);
      return {
        actorId: actor.id,
        name: actor.name,
        type: actor.type,
        designationRef: actor.designationRef ?? null,
        status: current ? 'screened' : 'pending',
        screenedAt: current ? iso(state.screenedAt) : null,
        // A re-screening writes only the actors whose candidates changed; its walk covers
        // the others.
        // 0: screened before any list was imported, against nothing.
        listVersion: current ? Math.max(state.listVersion, covered) || null : null,
        candidates: current
          ? candidates.filter((row) => row.actorId === actor.id).map(storedCandidateOf)
          : [],
        decisions: decisions
          .filter((row) => row.actorId === actor.id)
          .map((row) => decisionOf(row, names)),
      };
    });
    return {
      incidentId,
      version: incident.version,
      listVersion: listVersion === 0 ? null : listVersion,
      screeningChanged: incident.screeningChanged,
      mayDecide: whyNot === null,
      whyNot,
      actors,
    };
  }

  private whyNot(user: AuthUser, incident: { createdBy: string; status: string }): string | null {
    if (!hasRole(user, 'verifier', 'admin')) {
      return 'Only a verifier or an admin decides on screening candidates.';
    }
    if (incident.createdBy === user.id) {
      return 'You filed this incident: someone else decides on its screening (four eyes).';
    }
    if (!DECIDABLE.includes(incident.status)) {
      return 'Screening candidates are decided once the incident is submitted for verification.';
    }
    return null;
  }

  async decide(
    user: AuthUser,
    incidentId: string,
    actorId: string,
    input: MatchDecisionInput,
  ): Promise<IncidentScreeningDto> {
    const reference = bareReference(input.designationRef);
    await this.transactions.run(async (tx) => {
      const incident = await this.incidents.load(incidentId, tx);
      if (!incident) throw notFound('Incident');
      const actor = incident.actors.find((each) => each.id === actorId);
      if (!actor) throw notFound('Actor');
      if (!hasRole(user, 'verifier', 'admin')) {
        throw new DomainError('forbidden', 'Only a verifier or an admin decides on screening');
      }
      if (incident.createdBy === user.id) {
        throw fourEyes('You filed this incident: someone else decides on its screening');
      }
      if (!DECIDABLE.includes(incident.status)) {
        throw new DomainError(
          'conflict',
          'Screening candidates are decided once the incident is submitted for verification',
        );
      }
      if (incident.version !== input.version) throw staleVersion('Incident');
      const designation = await this.repository.designation(reference, tx);
      if (!designation) {
        throw invalidField('designationRef', 'no designation of the list has this reference');
      }
      const candidate = (await this.repository.candidatesOf(incidentId, tx)).find(
        (row) => row.actorId === actorId && row.reference === reference,
      );
      const ref = `UN:${reference}`;
      const designationRef =
        input.decision === 'confirmed'
          ? ref
          : actor.designationRef === ref
            ? undefined
            : actor.designationRef;
      const actors = incident.actors.map((each) => {
        if (each.id !== actorId) return each;
        const rest = { ...each };
        delete rest.designationRef;
        return designationRef ? { ...rest, designationRef } : rest;
      });
      const actorsChanged = designationRef !== actor.designationRef;
      const updated = await this.incidents.updateIf(
        tx,
        { id: incidentId, version: input.version },
        actorsChanged ? { actors } : {},
      );
      if (!updated) throw staleVersion('Incident');
      await this.repository.insertDecision(tx, {
        incidentId,
        actorId,
        reference,
        decision: input.decision,
        note: input.note,
        decidedBy: user.id,
        designationHash: designation.contentHash,
        score: candidate ? Number(candidate.score) : null,
      });
      await this.incidents.record(tx, incidentId, user.id, 'screening_decided', {
        actorId,
        actorName: actor.name,
        reference,
        designationName: designation.name,
        decision: input.decision,
        note: input.note,
        ...(actorsChanged
          ? { designationRef: { old: actor.designationRef ?? null, new: designationRef ?? null } }
          : {}),
      });
      if (actorsChanged) {
        await emit(
          tx,
          'incident.updated',
          { type: 'incident', id: incidentId },
          {
            incidentId,
            fields: ['actors'],
          },
        );
      }
      await this.audit.append(tx, {
        actorId: user.id,
        action: 'incident.screening_decided',
        entityType: 'incident',
        entityId: incidentId,
        data: { actorId, reference, decision: input.decision, version: input.version + 1 },
      });
      if (
        incident.screeningChanged &&
        !(await this.repository.hasChangedConfirmation(tx, incidentId))
      ) {
        await this.incidents.setScreeningChanged(tx, [incidentId], false);
      }
    });
    return this.incidentScreening(user, incidentId);
  }

  /** After intake or an edit of actors (the outbox event): screens what changed. */
  async screenAfterEvent(eventId: string): Promise<number> {
    const event = await this.outbox.event(eventId);
    if (!event) throw new UnrecoverableError(`outbox event ${eventId} does not exist`);
    const fields = (event.payload as { fields?: unknown }).fields;
    const actorsEdited = Array.isArray(fields) && fields.includes('actors');
    if (event.type !== 'incident.created' && !actorsEdited) return 0;
    return this.screenIncident(event.aggregateId);
  }

  /** Screens the incident's actors not yet screened as they are now; forgets removed ones. */
  async screenIncident(incidentId: string): Promise<number> {
    const incident = await this.incidents.load(incidentId);
    if (!incident) return 0;
    return this.screener.screen(
      [
        {
          id: incident.id,
          occurredFrom: incident.occurredFrom,
          occurredTo: incident.occurredTo,
          actors: incident.actors,
        },
      ],
      { onlyStale: true, prune: true },
    );
  }

  /**
   * In the import's transaction, once a list version is written: incidents with an actor
   * confirmed as an amended or removed designation are flagged, with a history entry and a
   * `screening.changed` event (their notification); a version that adds or amends designations
   * queues a re-screening. Answers whether a re-screening is due.
   */
  async afterListVersion(
    tx: EntityManager,
    versionId: string,
    changed: { amended: string[]; removed: string[]; added: number },
  ): Promise<{ flagged: number; rescreen: boolean }> {
    await this.repository.dropCandidatesOf(tx, changed.removed);
    const confirmed = await this.repository.confirmedAs(tx, [
      ...changed.amended,
      ...changed.removed,
    ]);
    const removed = new Set(changed.removed);
    const byIncident = new Map<string, { reference: string; change: string; actorId: string }[]>();
    for (const row of confirmed) {
      const list = byIncident.get(row.incidentId) ?? [];
      list.push({
        reference: row.reference,
        change: removed.has(row.reference) ? 'removed' : 'amended',
        actorId: row.actorId,
      });
      byIncident.set(row.incidentId, list);
    }
    await this.incidents.setScreeningChanged(tx, [...byIncident.keys()], true);
    for (const [incidentId, designations] of byIncident) {
      await this.incidents.record(tx, incidentId, null, 'screening_changed', {
        versionId,
        designations,
      });
      await emit(
        tx,
        'screening.changed',
        { type: 'incident', id: incidentId },
        {
          incidentId,
          versionId,
          references: designations.map((each) => each.reference),
        },
      );
    }
    const rescreen = changed.added + changed.amended.length > 0;
    if (rescreen) await this.repository.createRescreen(tx, versionId);
    await this.repository.setFlagged(tx, versionId, byIncident.size);
    return { flagged: byIncident.size, rescreen };
  }

  /** screening.changed: the incident's assignee hears of it, or, with none, the admins. */
  async notifyScreeningChanged(eventId: string): Promise<number> {
    const event = await this.outbox.event(eventId);
    if (!event) throw new UnrecoverableError(`outbox event ${eventId} does not exist`);
    const incident = await this.incidents.load(event.aggregateId);
    if (!incident) return 0;
    const references = ((event.payload as { references?: string[] }).references ?? []).join(', ');
    const recipients = incident.assigneeId
      ? [incident.assigneeId]
      : await this.users.activeIdsWithRole('admin');
    if (recipients.length === 0) return 0;
    return this.notifications.insertForRecipients(recipients, {
      type: 'screening.changed',
      incidentId: incident.id,
      reference: incident.reference,
      title: `${incident.reference}: a confirmed designation changed`.slice(0, 200),
      body: [
        `The UN list amended or removed ${references}, which an actor of "${incident.title}" was confirmed as.`,
        '',
        'Review the screening and decide on the actor again.',
      ].join('\n'),
      eventId: event.id,
    });
  }
}
