import { Button, Group, Paper, Text } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../ui/format';
import { canDelete, Comment } from './comment-rules';

/** Names as a list reads in the user's language: "A, B and C", "A, B 및 C", "A, B и C". */
const listOf = (names: string[], language: string): string =>
  new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(names);

/**
 * One comment: its author by name, when, the text as plain text and whom it told; a deleted
 * one shows only that its author deleted it and when, never what it said.
 */
export const CommentItem = memo(function CommentItem({
  comment,
  meId,
  userName,
  onDelete,
}: {
  comment: Comment;
  meId: string;
  userName: (id: string) => string;
  onDelete: (comment: Comment) => void;
}) {
  const { t, i18n } = useTranslation();
  const posted = formatTimestamp(comment.createdAt, i18n.language);
  const author = userName(comment.authorId);
  return (
    <Paper component="li" withBorder p="sm" bg={comment.deletedAt ? 'gray.0' : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Group gap={6} style={{ minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {comment.authorId === meId ? t('comments.you', { name: author }) : author}
          </Text>
          <Text size="sm" c="gray.8">
            <time dateTime={comment.createdAt}>{t('comments.posted', { time: posted })}</time>
          </Text>
        </Group>
        {canDelete(comment, meId) && (
          <Button
            variant="subtle"
            color="red"
            c="red.9"
            size="compact-sm"
            style={{ flexShrink: 0 }}
            aria-label={t('comments.deleteLabel', { time: posted })}
            onClick={() => onDelete(comment)}
          >
            {t('comments.delete')}
          </Button>
        )}
      </Group>
      {comment.deletedAt ? (
        <Text mt={4} fs="italic" c="gray.8">
          {t('comments.deleted', { time: formatTimestamp(comment.deletedAt, i18n.language) })}
        </Text>
      ) : (
        <>
          <Text mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {comment.body}
          </Text>
          {comment.mentions.length > 0 && (
            <Text size="sm" c="gray.8" mt={4}>
              {t('comments.told', {
                names: listOf(comment.mentions.map(userName), i18n.language),
              })}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
});
