import type { components } from '../../api/schema';

export type Comment = components['schemas']['CommentDto'];

/** The id a mention notification's deep link lands on (`/incidents/:id#discussion`). */
export const DISCUSSION_ANCHOR = 'discussion';

/** The server's limits (src/comments/comment.entity.ts). */
export const COMMENT_MAX_LENGTH = 10_000;
export const MAX_MENTIONS = 20;
/** The counter appears this close to the limit, so short comments carry no noise. */
export const COUNTER_FROM = 9_000;

/**
 * A comment's length as the database counts it (char_length: code points), so a text of
 * emoji or rare Hangul is not refused by the server after the browser let it through.
 */
export const commentLength = (body: string): number => Array.from(body).length;

export type BodyProblem = { kind: 'blank' } | { kind: 'tooLong'; over: number };

/** Why a body cannot be posted, or null: blank (nothing but spaces) or past the limit. */
export function bodyProblem(body: string): BodyProblem | null {
  if (!/\S/.test(body)) return { kind: 'blank' };
  const length = commentLength(body);
  return length > COMMENT_MAX_LENGTH
    ? { kind: 'tooLong', over: length - COMMENT_MAX_LENGTH }
    : null;
}

/** Only its author deletes a comment, admins included, and a tombstone stays as it is. */
export const canDelete = (comment: Comment, userId: string): boolean =>
  comment.authorId === userId && comment.deletedAt === null;

/** The ids a 400 on `mentions` names as no longer active ("<id> is not an active user"). */
export function inactiveMentions(details: unknown): string[] {
  const ids: string[] = [];
  for (const item of Array.isArray(details) ? (details as unknown[]) : []) {
    if (!item || typeof item !== 'object') continue;
    const { field, errors } = item as { field?: unknown; errors?: unknown };
    if (field !== 'mentions' || !Array.isArray(errors)) continue;
    for (const error of errors) {
      const match =
        typeof error === 'string' ? /^([0-9a-f-]{36}) is not an active user$/i.exec(error) : null;
      if (match) ids.push(match[1].toLowerCase());
    }
  }
  return ids;
}

/** The messages a 400 gives for one field of the composer. */
export function fieldErrors(details: unknown, field: 'body' | 'mentions'): string[] {
  const messages: string[] = [];
  for (const item of Array.isArray(details) ? (details as unknown[]) : []) {
    if (!item || typeof item !== 'object') continue;
    const { field: name, errors } = item as { field?: unknown; errors?: unknown };
    if (name === field && Array.isArray(errors)) {
      messages.push(...errors.filter((error): error is string => typeof error === 'string'));
    }
  }
  return messages;
}
