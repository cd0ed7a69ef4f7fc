import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Comment } from './comment.entity';

/** The SQL of `comments` (this feature owns the table). */
@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction: the comment, its outbox event and its audit event. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(
    tx: EntityManager,
    comment: Pick<Comment, 'incidentId' | 'authorId' | 'body' | 'mentions'>,
  ): Promise<Comment> {
    const id = randomUUID();
    await tx
      .createQueryBuilder()
      .insert()
      .into(Comment)
      .values({ id, ...comment })
      .execute();
    return tx.getRepository(Comment).findOneByOrFail({ id });
  }

  one(id: string, tx?: EntityManager): Promise<Comment | null> {
    return (tx ?? this.dataSource.manager).getRepository(Comment).findOneBy({ id });
  }

  /** Up to `limit` comments of an incident after a keyset position, oldest first. */
  page(
    incidentId: string,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<Comment[]> {
    const builder = this.dataSource
      .getRepository(Comment)
      .createQueryBuilder('c')
      .where('c.incident_id = :incidentId', { incidentId })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit);
    if (after) {
      builder.andWhere('(c.created_at, c.id) > (:at::timestamptz, :id::uuid)', {
        at: after.createdAt,
        id: after.id,
      });
    }
    return builder.getMany();
  }

  /**
   * Empties a live comment in place: no text, no mentions, `deleted_at` set. Conditional on it
   * being live, so of two deletes at once one wins; null for the other.
   */
  async tombstone(tx: EntityManager, id: string): Promise<Comment | null> {
    const result = await tx
      .createQueryBuilder()
      .update(Comment)
      .set({ body: null, mentions: [], deletedAt: () => 'now()' })
      .where('id = :id AND deleted_at IS NULL', { id })
      .execute();
    return result.affected ? this.one(id, tx) : null;
  }
}
