import { ApiProperty } from '@nestjs/swagger';
import { Comment } from '../comment.entity';

export class CommentDto {
  id: string;
  incidentId: string;
  authorId: string;
  /** Null once the comment is deleted (a tombstone, `deletedAt` set). */
  body: string | null;
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' } })
  mentions: string[];
  createdAt: string;
  deletedAt: string | null;
}

export class CommentPageDto {
  items: CommentDto[];
  nextCursor: string | null;
}

export const mapComment = (row: Comment): CommentDto => ({
  id: row.id,
  incidentId: row.incidentId,
  authorId: row.authorId,
  body: row.body,
  mentions: row.mentions,
  createdAt: row.createdAt.toISOString(),
  deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
});
