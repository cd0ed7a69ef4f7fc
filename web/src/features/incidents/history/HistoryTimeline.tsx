import { Button, Paper, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../../api/client';
import { HistoryEntries } from './HistoryEntries';

/** An incident's timeline on its detail page, oldest first, loaded page by page. */
export function HistoryTimeline({ incidentId, version }: { incidentId: string; version: number }) {
  const { t } = useTranslation();
  const history = useInfiniteQuery({
    queryKey: ['incident', incidentId, 'history', version],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/history', {
        params: { path: { id: incidentId }, query: { limit: 50, cursor: pageParam } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const entries = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="history">
      <Title order={2} size="h4" id="history" mb="sm">
        {t('history.title')}
      </Title>
      {history.isPending && <Text>{t('app.loading')}</Text>}
      {history.isError && (
        <Text role="alert" c="red.9">
          {t('app.unavailable')}
        </Text>
      )}
      {history.isSuccess && entries.length === 0 && <Text c="gray.8">{t('history.none')}</Text>}
      <HistoryEntries entries={entries} />
      {history.hasNextPage && (
        <Button
          variant="light"
          mt="sm"
          loading={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
        >
          {t('history.more')}
        </Button>
      )}
    </Paper>
  );
}
