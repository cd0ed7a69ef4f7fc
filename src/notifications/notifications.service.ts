import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { CommentsService } from '../comments/comments.service';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { OutboxRepository } from '../outbox/outbox.repository';
import { UsersRepository } from '../users/users.repository';
import { Confidence, WorkflowAction, WORKFLOW_ACTIONS } from '../workflow/workflow';
import { HAND_OFFS, HandOffAudience, handOffText } from './hand-offs';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { notFound } from '../common/errors';
import { NotificationDto, mapNotification, NotificationQuery } from './dto/notification.dto';
import { NotificationType } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

interface EventFacts {
  id: string;
  incidentId: string;
  payload: Record<string, unknown>;
  reference: string;
  incidentTitle: string;
  createdBy: string;
  /** The assignee when the event happened. */
  assigneeId: string | null;
  /** Who caused the event, from the history row written in the same transaction. */
  actorId: string | null;
  note: string | null;
  confidence: string | null;
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly outbox: OutboxRepository,
    private readonly incidents: IncidentsRepository,
    private readonly users: UsersRepository,
    private readonly comments: CommentsService,
  ) {}

  async list(userId: string, query: NotificationQuery): Promise<Page<NotificationDto>> {
    const limit = query.limit ?? 25;
    let after: { at: string; id: string } | undefined;
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      after = { at, id };
    }
    const rows = await this.notifications.page(userId, limit + 1, {
      unread: query.unread === 'true',
      after,
    });
    return toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], mapNotification);
  }

  /** Idempotent: reading a read notification keeps its first readAt. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const row = await this.notifications.markRead(userId, id);
    if (!row) throw notFound('Notification');
    return mapNotification(row);
  }

  async unreadCount(userId: string): Promise<{ unread: number }> {
    return { unread: await this.notifications.countUnread(userId) };
  }

  async markAllRead(userId: string): Promise<{ updated: number }> {
    return { updated: await this.notifications.markAllRead(userId) };
  }

  /** incident.transitioned: the hand-off of spec 9, to the people the action concerns now. */
  async notifyTransition(eventId: string): Promise<number> {
    const event = await this.loadEvent(eventId, 'transition');
    if (!event) return 0;
    const { action } = event.payload as { action?: string };
    if (!isAction(action)) throw new UnrecoverableError(`event ${eventId} names no known action`);
    const recipients = await this.audience(HAND_OFFS[action], event);
    return this.notify(
      event,
      'transition',
      recipients,
      handOffText({
        action,
        reference: event.reference,
        title: event.incidentTitle,
        actorName: await this.nameOf(event.actorId),
        note: event.note,
        confidence: (event.confidence as Confidence | null) ?? null,
      }),
    );
  }

  /** incident.assigned: the new assignee hears of it, unless they took it themselves. */
  async notifyAssignment(eventId: string): Promise<number> {
    const event = await this.loadEvent(eventId, 'assigned');
    if (!event) return 0;
    const assigneeId = event.payload.assigneeId;
    if (typeof assigneeId !== 'string') return 0;
    return this.notify(event, 'assignment', [assigneeId], {
      title: `${event.reference} was assigned to you`,
      body: [
        `${await this.nameOf(event.actorId)} assigned "${event.incidentTitle}" to you for verification.`,
        '',
        'Review its evidence, then verify it, reject it or ask for changes.',
      ].join('\n'),
    });
  }

  private async audience(audience: HandOffAudience, event: EventFacts): Promise<(string | null)[]> {
    switch (audience) {
      case 'creator':
        return [event.createdBy];
      case 'assignee':
        return [event.assigneeId];
      case 'creator_and_assignee':
        return [event.createdBy, event.assigneeId];
      case 'writers':
        return this.users.activeIdsWithRole('writer');
      case 'verifiers': {
        const verifiers = await this.users.activeIdsWithRole('verifier');
        if (event.assigneeId && verifiers.includes(event.assigneeId)) return [event.assigneeId];
        // Four eyes: its creator may never verify it, so is not asked to.
        return verifiers.filter((id) => id !== event.createdBy);
      }
    }
  }

  private async nameOf(userId: string | null): Promise<string> {
    const user = userId ? await this.users.user(userId) : null;
    return user?.displayName ?? 'Someone';
  }

  /**
   * Loads the event, its incident and its actor; null when the incident is gone (nothing to
   * notify). A missing event can never succeed, so it is not retried.
   */
  private async loadEvent(
    eventId: string,
    historyKind: 'transition' | 'assigned',
  ): Promise<EventFacts | null> {
    const event = await this.outbox.event(eventId);
    if (!event) throw new UnrecoverableError(`outbox event ${eventId} does not exist`);
    const incident = await this.incidents.atEvent(event.aggregateId, event.createdAt, historyKind);
    return incident ? { id: event.id, payload: event.payload, ...incident } : null;
  }

  /** One row per recipient; (event_id, user_id) is unique, so replaying an event adds nothing. */
  private async notify(
    event: EventFacts,
    type: NotificationType,
    recipients: (string | null)[],
    text: { title: string; body: string },
  ): Promise<number> {
    const userIds = [
      ...new Set(recipients.filter((id): id is string => id !== null && id !== event.actorId)),
    ];
    if (userIds.length === 0) return 0;
    return this.notifications.insertForRecipients(userIds, {
      type,
      incidentId: event.incidentId,
      reference: event.reference,
      title: text.title.slice(0, 200),
      body: text.body,
      eventId: event.id,
    });
  }

  /**
   * comment.mentioned: each user the comment names hears of it, the author excepted. The
   * notification names the incident and the author, not the comment's words: e-mail leaves the
   * service, and a comment deleted later (its text gone) would live on in the inboxes.
   */
  async notifyMention(eventId: string): Promise<number> {
    const event = await this.outbox.event(eventId);
    if (!event) throw new UnrecoverableError(`outbox event ${eventId} does not exist`);
    const mention = await this.comments.mentionOf(event.aggregateId);
    if (!mention) return 0;
    const facts: EventFacts = {
      id: event.id,
      payload: event.payload,
      incidentId: mention.incidentId,
      reference: mention.reference,
      incidentTitle: mention.incidentTitle,
      createdBy: mention.incidentCreatedBy,
      assigneeId: mention.incidentAssigneeId,
      actorId: mention.authorId,
      note: null,
      confidence: null,
    };
    return this.notify(facts, 'mention', mention.mentions, {
      title: `${mention.reference}: ${mention.authorName} mentioned you`,
      body: `${mention.authorName} mentioned you in a comment on "${mention.incidentTitle}".`,
    });
  }
}

const isAction = (value: unknown): value is WorkflowAction =>
  (WORKFLOW_ACTIONS as readonly unknown[]).includes(value);
