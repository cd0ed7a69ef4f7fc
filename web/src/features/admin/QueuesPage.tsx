import { Alert, Button, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { AdminsOnly } from './AdminsOnly';

type Queue = components['schemas']['QueueDto'];
type QueueName = Queue['name'];
type FailedJob = components['schemas']['FailedJobDto'];

const COUNTS = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** UI.md 25: the background queues, their counts, their failed jobs and a retry for each. */
export function QueuesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isAdmin = me.roles.includes('admin');
  const [shown, setShown] = useState<QueueName | null>(null);
  const queues = useQuery({
    queryKey: ['admin', 'queues'],
    enabled: isAdmin,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/admin/queues');
      if (error || !data) throw apiError(response, error);
      return data.items;
    },
    refetchInterval: 5000,
  });

  if (!isAdmin) {
    return <AdminsOnly title={t('admin.queues.title')} message={t('admin.queues.onlyAdmins')} />;
  }
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Stack>
      <Title order={1}>{t('admin.queues.title')}</Title>
      <Text>{t('admin.queues.intro')}</Text>
      {queues.isError && (
        <Alert color="red" role="alert">
          <Text size="sm" c="red.9">
            {t('admin.queues.loadFailed', { message: queues.error.message })}
          </Text>
        </Alert>
      )}
      {queues.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
      {queues.data && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.queues.queue')}</Table.Th>
                {COUNTS.map((count) => (
                  <Table.Th key={count} ta="right">
                    {t(`admin.queues.counts.${count}`)}
                  </Table.Th>
                ))}
                <Table.Th>{t('admin.queues.failedJobs')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queues.data.map((queue) => (
                <Table.Tr key={queue.name}>
                  <Table.Th scope="row" fw={400}>
                    <Text size="sm" fw={600}>
                      {t(`admin.queues.names.${queue.name}`)}
                    </Text>
                    <Text size="xs" c="gray.8">
                      {queue.paused ? t('admin.queues.paused') : queue.name}
                    </Text>
                  </Table.Th>
                  {COUNTS.map((count) => (
                    <Table.Td key={count} ta="right">
                      {number.format(queue.counts[count])}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      disabled={queue.counts.failed === 0}
                      aria-expanded={shown === queue.name}
                      aria-label={t('admin.queues.showFailedOf', {
                        queue: t(`admin.queues.names.${queue.name}`),
                      })}
                      onClick={() => setShown(shown === queue.name ? null : queue.name)}
                      style={{ flexShrink: 0 }}
                    >
                      {shown === queue.name ? t('admin.queues.hide') : t('admin.queues.show')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {shown && <FailedJobs queue={shown} />}
    </Stack>
  );
}

function FailedJobs({ queue }: { queue: QueueName }) {
  const { t } = useTranslation();
  const jobs = useInfiniteQuery({
    queryKey: ['admin', 'queues', queue, 'failed'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/admin/queues/{name}/failed', {
        params: { path: { name: queue }, query: { limit: 25, cursor: pageParam } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  const title = t('admin.queues.failedOf', { queue: t(`admin.queues.names.${queue}`) });
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm">{t('admin.queues.retryHelp')}</Text>
        {jobs.isError && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {t('admin.queues.loadFailed', { message: jobs.error.message })}
            </Text>
          </Alert>
        )}
        {jobs.isSuccess && rows.length === 0 && <Text>{t('admin.queues.noFailed')}</Text>}
        {rows.map((job) => (
          <FailedJobItem key={job.id} queue={queue} job={job} />
        ))}
        {jobs.hasNextPage && (
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => void jobs.fetchNextPage()}
              loading={jobs.isFetchingNextPage}
            >
              {t('admin.queues.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function FailedJobItem({ queue, job }: { queue: QueueName; job: FailedJob }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST(
        '/api/v1/admin/queues/{name}/jobs/{jobId}/retry',
        { params: { path: { name: queue, jobId: job.id } } },
      );
      if (error || !data) throw apiError(response, error);
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'queues'] }),
  });
  return (
    <Paper withBorder p="sm" data-testid="failed-job">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm" fw={600}>
            <Code>{job.name}</Code> <Code>{job.id}</Code>
          </Text>
          {retry.isSuccess ? (
            <Text size="sm" role="status">
              {t('admin.queues.retried', { state: t(`admin.queues.states.${retry.data.state}`) })}
            </Text>
          ) : (
            <Button
              size="compact-sm"
              onClick={() => retry.mutate()}
              loading={retry.isPending}
              aria-label={t('admin.queues.retryJob', { id: job.id })}
              style={{ flexShrink: 0 }}
            >
              {t('admin.queues.retry')}
            </Button>
          )}
        </Group>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('admin.queues.reason')}: {job.failedReason}
        </Text>
        <Text size="xs" c="gray.8">
          {t('admin.queues.attempts', { count: job.attemptsMade })} ·{' '}
          {t('admin.queues.failedAt', {
            time: formatTimestamp(job.finishedOn ?? job.timestamp, i18n.language),
          })}
          {Object.entries(job.ids).map(([key, value]) => ` · ${key} ${value}`)}
        </Text>
        {retry.isError && (
          <Text size="sm" c="red.9" role="alert">
            {t('admin.queues.retryFailed', { message: retry.error.message })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
