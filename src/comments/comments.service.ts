import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth-user';
import { DomainError, notFound } from '../common/errors';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { emit } from '../outbox/outbox';
import { UsersRepository } from '../users/users.repository';
import { alreadyDeleted, assertCanDeleteComment } from './comment-policy';
import { CommentsRepository } from './comments.repository';
import { CreateCommentDto } from './dto/comment-input.dto';
import { CommentDto, mapComment } from './dto/comment.dto';

/** What a mention notification names: the comment's incident and author, not its text. */
export interface CommentMention {
  incidentId: string;
  reference: string;
  incidentTitle: string;
  incidentCreatedBy: string;
  incidentAssigneeId: string | null;
  authorId: string;
  authorName: string;
  mentions: string[];
}

/**
 * The case discussion of an incident (spec 6). The audit log records who commented where and
 * whom they named, never the text: it cannot be rewritten, and a deleted comment must be gone.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly incidents: IncidentsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /** Oldest first, as a discussion reads; deleted comments stay in place as tombstones. */
  async list(incidentId: string, query: PageQuery): Promise<Page<CommentDto>> {
    await this.incidentExists(incidentId);
    const limit = query.limit ?? 25;
    let after: { createdAt: string; id: string } | undefined;
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      after = { createdAt, id };
    }
    return toPage(
      await this.comments.page(incidentId, limit + 1, after),
      limit,
      (row) => [row.createdAt.toISOString(), row.id],
      mapComment,
    );
  }

  async create(user: AuthUser, incidentId: string, dto: CreateCommentDto): Promise<CommentDto> {
    await this.incidentExists(incidentId);
    const mentions = [...new Set((dto.mentions ?? []).map((id) => id.toLowerCase()))];
    await this.assertActiveUsers(mentions);
    return this.comments.transaction(async (tx) => {
      const comment = await this.comments.insert(tx, {
        incidentId,
        authorId: user.id,
        body: dto.body,
        mentions,
      });
      // The author is never told of their own comment, so naming only oneself tells nobody.
      if (mentions.some((id) => id !== user.id)) {
        await emit(
          tx,
          'comment.mentioned',
          { type: 'comment', id: comment.id },
          { incidentId, authorId: user.id, mentions },
        );
      }
      await this.audit.append(tx, {
        actorId: user.id,
        action: 'comment.created',
        entityType: 'comment',
        entityId: comment.id,
        data: { incidentId, mentions },
      });
      return mapComment(comment);
    });
  }

  /** Leaves a tombstone: the text and mentions go, the comment's place in the discussion stays. */
  async remove(user: AuthUser, id: string): Promise<CommentDto> {
    return this.comments.transaction(async (tx) => {
      const comment = await this.comments.one(id, tx);
      if (!comment) throw notFound('Comment');
      assertCanDeleteComment(comment, user);
      const tombstone = await this.comments.tombstone(tx, id);
      if (!tombstone) throw alreadyDeleted();
      await this.audit.append(tx, {
        actorId: user.id,
        action: 'comment.deleted',
        entityType: 'comment',
        entityId: id,
        data: { incidentId: comment.incidentId },
      });
      return mapComment(tombstone);
    });
  }

  /**
   * The facts of a comment's mention notification, or null when there is nothing to tell: the
   * comment is gone or was deleted before its notification went out.
   */
  async mentionOf(commentId: string): Promise<CommentMention | null> {
    const comment = await this.comments.one(commentId);
    if (!comment || comment.deletedAt) return null;
    const [incident, author] = await Promise.all([
      this.incidents.heading(comment.incidentId),
      this.users.user(comment.authorId),
    ]);
    if (!incident || !author) return null;
    return {
      incidentId: comment.incidentId,
      reference: incident.reference,
      incidentTitle: incident.title,
      incidentCreatedBy: incident.createdBy,
      incidentAssigneeId: incident.assigneeId,
      authorId: comment.authorId,
      authorName: author.displayName,
      mentions: comment.mentions,
    };
  }

  private async incidentExists(id: string): Promise<void> {
    if (!(await this.incidents.identity(id))) throw notFound('Incident');
  }

  /** Each mention must name an active user (400 naming those that do not). */
  private async assertActiveUsers(ids: string[]): Promise<void> {
    const active = new Set(await this.users.activeIdsAmong(ids));
    const unknown = ids.filter((id) => !active.has(id));
    if (unknown.length > 0) {
      throw new DomainError('bad_request', `Not an active user: ${unknown.join(', ')}`, [
        {
          field: 'mentions',
          errors: unknown.map((id) => `${id} is not an active user`),
        },
      ]);
    }
  }
}
