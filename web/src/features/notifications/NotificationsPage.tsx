import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import { formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { DISCUSSION_ANCHOR } from '../comments/comment-rules';
import { groupByIncident, Notification } from './group';

/** Hand-offs, reminders and mentions, grouped by incident; the unread filter is in the URL. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ from: '/staff/notifications' });
  const navigate = useNavigate({ from: '/notifications' });
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const unreadOnly = search.show !== 'all';

  const list = useInfiniteQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/notifications', {
        params: {
          query: { unread: unreadOnly ? 'true' : 'false', limit: 50, cursor: pageParam },
        },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: async (id: string) => {
      const { error, response } = await api.POST('/api/v1/notifications/{id}/read', {
        params: { path: { id } },
      });
      if (error) throw apiError(response, error);
    },
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/notifications/read-all');
      if (error) throw apiError(response, error);
      return data.updated;
    },
    onSuccess: (updated) => setDone(t('notifications.markedAll', { count: updated })),
    onSettled: refresh,
  });

  const card = (item: Notification) => (
    <Paper key={item.id} withBorder p="sm" bg={item.readAt ? undefined : 'blue.0'}>
      <Group gap="xs">
        <Badge variant="light" color="gray" c="gray.9">
          {t(`notifications.type.${item.type}`)}
        </Badge>
        {!item.readAt && (
          <Badge variant="filled" color="blue.8">
            {t('notifications.isUnread')}
          </Badge>
        )}
        <Text size="sm" c="gray.8">
          {formatTimestamp(item.createdAt, i18n.language)}
        </Text>
      </Group>
      <Text fw={item.readAt ? 400 : 700} mt={4}>
        {item.title}
      </Text>
      {item.body && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {item.body}
        </Text>
      )}
      {item.type === 'mention' && item.incidentId && (
        <AnchorLink
          to="/incidents/$incidentId"
          params={{ incidentId: item.incidentId }}
          hash={DISCUSSION_ANCHOR}
          size="sm"
          display="inline-block"
          mt={4}
          aria-label={t('notifications.openDiscussionOf', { reference: item.reference })}
          onClick={() => {
            if (!item.readAt) markRead.mutate(item.id);
          }}
        >
          {t('notifications.openDiscussion')}
        </AnchorLink>
      )}
      {!item.readAt && (
        <Button
          display="block"
          mt="xs"
          variant="default"
          size="xs"
          onClick={() => markRead.mutate(item.id)}
          loading={markRead.isPending && markRead.variables === item.id}
        >
          {t('notifications.markRead')}
        </Button>
      )}
    </Paper>
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('notifications.title')}</Title>
        <Group align="flex-end">
          <SegmentedControl
            aria-label={t('notifications.show')}
            value={unreadOnly ? 'unread' : 'all'}
            data={[
              { value: 'unread', label: t('notifications.unread') },
              { value: 'all', label: t('notifications.all') },
            ]}
            onChange={(value) =>
              void navigate({ search: { show: value === 'all' ? 'all' : undefined } })
            }
          />
          <Button
            variant="default"
            onClick={() => markAll.mutate()}
            loading={markAll.isPending}
            disabled={unreadOnly && list.isSuccess && items.length === 0}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
      </Group>
      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}
      {(list.isError || markRead.isError || markAll.isError) && (
        <Alert color="red" role="alert">
          {t('app.unavailable')}
        </Alert>
      )}
      {list.isPending && <Text>{t('app.loading')}</Text>}
      {list.isSuccess && items.length === 0 && (
        <Text c="gray.8">
          {unreadOnly ? t('notifications.emptyUnread') : t('notifications.emptyAll')}
        </Text>
      )}
      {groupByIncident(items).map((group) => {
        const headingId = `notifications-${group.incidentId ?? 'general'}`;
        return (
          <Stack
            key={group.incidentId ?? 'general'}
            gap="xs"
            component="section"
            aria-labelledby={headingId}
          >
            <Title order={2} size="h4" id={headingId}>
              {group.incidentId && group.reference ? (
                <AnchorLink
                  to="/incidents/$incidentId"
                  params={{ incidentId: group.incidentId }}
                  aria-label={t('notifications.openIncident', { reference: group.reference })}
                  onClick={() => {
                    for (const item of group.items) if (!item.readAt) markRead.mutate(item.id);
                  }}
                >
                  {group.reference}
                </AnchorLink>
              ) : (
                t('notifications.general')
              )}
            </Title>
            {group.items.map(card)}
          </Stack>
        );
      })}
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('notifications.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
