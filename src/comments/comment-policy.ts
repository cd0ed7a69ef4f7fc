import { AuthUser } from '../common/auth-user';
import { DomainError, forbidden } from '../common/errors';
import { Comment } from './comment.entity';

/**
 * Every staff user reads and writes an incident's discussion; a comment is deleted by its
 * author only, admins included: a 403 rather than a 404, since the caller can see it. A
 * deleted comment stays deleted (409): its tombstone is not deleted again.
 */
export function assertCanDeleteComment(
  comment: Pick<Comment, 'authorId' | 'deletedAt'>,
  user: AuthUser,
): void {
  if (comment.authorId !== user.id) throw forbidden('Only its author may delete a comment');
  if (comment.deletedAt) throw alreadyDeleted();
}

export const alreadyDeleted = (): DomainError =>
  new DomainError('conflict', 'The comment is deleted already');
