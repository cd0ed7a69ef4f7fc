import { Alert, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { useNames, useReferenceLists } from '../../ui/use-reference';
import { Comment, DISCUSSION_ANCHOR } from './comment-rules';
import { CommentItem } from './CommentItem';
import { Colleague, Composer } from './Composer';

type CommentPage = components['schemas']['CommentPageDto'];

/**
 * An incident's case discussion, oldest first as a conversation reads and as the API pages it
 * (its cursor moves forward in time): the composer continues it at the bottom. Open to every
 * staff user on any status; never public, never exported.
 */
export function Discussion({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const names = useNames();
  const { users } = useReferenceLists();
  const queryClient = useQueryClient();
  const hash = useLocation({ select: (location) => location.hash });
  const heading = useRef<HTMLHeadingElement>(null);
  const landed = useRef(false);
  const [deleting, setDeleting] = useState<Comment | null>(null);
  const queryKey = ['incident', incidentId, 'comments'];

  const discussion = useInfiniteQuery({
    queryKey,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/comments', {
        params: { path: { id: incidentId }, query: { limit: 50, cursor: pageParam } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = discussion.data?.pages.flatMap((page) => page.items) ?? [];

  // The page arrives before its comments do, so the browser's own jump to #discussion may
  // land too early: once they are here, bring the heading into view and focus it.
  useEffect(() => {
    if (landed.current || hash !== DISCUSSION_ANCHOR || discussion.isPending) return;
    landed.current = true;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [hash, discussion.isPending]);

  const colleagues = useMemo<Colleague[]>(
    () =>
      (users ?? [])
        .filter((user) => user.active && user.id !== me.id)
        .map((user) => ({ id: user.id, name: user.displayName, roles: user.roles }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [users, me.id],
  );

  const replace = (comment: Comment) =>
    queryClient.setQueryData<InfiniteData<CommentPage>>(queryKey, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((item) => (item.id === comment.id ? comment : item)),
            })),
          }
        : data,
    );

  // The new comment is the newest: it belongs after the last page, so it is added there when
  // every page is loaded; otherwise the pages still missing are fetched, and it comes with them.
  const posted = async (comment: Comment) => {
    const data = queryClient.getQueryData<InfiniteData<CommentPage>>(queryKey);
    const last = data?.pages.at(-1);
    if (data && last && last.nextCursor === null) {
      queryClient.setQueryData<InfiniteData<CommentPage>>(queryKey, {
        ...data,
        pages: [...data.pages.slice(0, -1), { ...last, items: [...last.items, comment] }],
      });
      return;
    }
    let result = await discussion.fetchNextPage();
    while (result.hasNextPage && !result.isError) result = await discussion.fetchNextPage();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={DISCUSSION_ANCHOR}>
      <Title
        order={2}
        size="h4"
        id={DISCUSSION_ANCHOR}
        mb="sm"
        ref={heading}
        tabIndex={-1}
        style={{ scrollMarginTop: 72 }}
      >
        {t('comments.title')}
      </Title>
      {discussion.isPending && <Text>{t('app.loading')}</Text>}
      {discussion.isError && (
        <Text role="alert" c="red.9">
          {t('app.unavailable')}
        </Text>
      )}
      {discussion.isSuccess && items.length === 0 && (
        <Text c="gray.8" mb="sm">
          {t('comments.empty')}
        </Text>
      )}
      {items.length > 0 && (
        <Stack component="ol" gap="xs" p={0} m={0} mb="sm" style={{ listStyle: 'none' }}>
          {items.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              meId={me.id}
              userName={names.user}
              onDelete={setDeleting}
            />
          ))}
        </Stack>
      )}
      {discussion.hasNextPage && (
        <Button
          variant="light"
          mb="sm"
          loading={discussion.isFetchingNextPage}
          onClick={() => void discussion.fetchNextPage()}
        >
          {t('comments.more')}
        </Button>
      )}
      <Composer
        incidentId={incidentId}
        colleagues={colleagues}
        userName={names.user}
        onPosted={posted}
      />
      {deleting && (
        <DeleteDialog
          comment={deleting}
          onDeleted={(tombstone) => {
            replace(tombstone);
            setDeleting(null);
          }}
          onGone={() => void queryClient.invalidateQueries({ queryKey })}
          onClose={() => setDeleting(null)}
        />
      )}
    </Paper>
  );
}

/** Deleting leaves a tombstone for everyone; said before it happens. */
function DeleteDialog({
  comment,
  onDeleted,
  onGone,
  onClose,
}: {
  comment: Comment;
  onDeleted: (tombstone: Comment) => void;
  onGone: () => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const remove = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.DELETE('/api/v1/comments/{id}', {
        params: { path: { id: comment.id } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: onDeleted,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) onGone();
    },
  });
  const problem = !remove.isError
    ? null
    : remove.error instanceof ApiError && remove.error.status === 409
      ? t('comments.alreadyDeleted')
      : t('comments.deleteFailed', {
          message:
            remove.error instanceof ApiError
              ? (remove.error.body?.message ?? remove.error.message)
              : t('app.unavailable'),
        });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('comments.deleteTitle')}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
    >
      <Stack>
        <Text size="sm" c="gray.8">
          {formatTimestamp(comment.createdAt, i18n.language)}
        </Text>
        <Text lineClamp={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {comment.body}
        </Text>
        <Text size="sm">{t('comments.deleteHelp')}</Text>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            disabled={
              remove.isError && remove.error instanceof ApiError && remove.error.status === 409
            }
            onClick={() => remove.mutate()}
          >
            {t('comments.deleteConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
