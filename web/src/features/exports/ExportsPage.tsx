import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { ExportJob } from './ExportJob';
import { FiltersInWords } from './FiltersInWords';
import { effectiveStatus, ExportItem, isActive, mayExport } from './rules';

const PAGE_SIZE = 25;
const POLL_MS = 1000;

/** The exports screen (UI.md 6): the caller's own exports, newest first, followed live. */
export function ExportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = mayExport(me.roles);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1}>{t('exports.title')}</Title>
        {allowed && (
          <AnchorLink to="/exports/new" fw={600}>
            {t('exports.newReport')}
          </AnchorLink>
        )}
      </Group>
      {allowed ? (
        <MyExports />
      ) : (
        <Text role="note" maw={720}>
          {t('exports.rolesOnly')}
        </Text>
      )}
    </Stack>
  );
}

function MyExports() {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['exports', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/exports', {
        params: { query: { limit: PAGE_SIZE, cursor: pageParam } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Progress is asked for only while an export is still being made.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((item) => isActive(item.status)))
        ? POLL_MS
        : false,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  if (list.isError) {
    return (
      <Alert color="red" role="alert">
        {t('app.unavailable')}
      </Alert>
    );
  }
  if (list.isPending) return null;
  if (items.length === 0) {
    return (
      <Paper withBorder p="md" maw={720}>
        <Stack gap="sm" align="flex-start">
          <Text>{t('exports.empty')}</Text>
          <AnchorLink to="/exports/new" fw={600}>
            {t('exports.newReport')}
          </AnchorLink>
        </Stack>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      <Text maw={720}>{t('exports.intro')}</Text>
      {items.map((item) => (
        <ExportCard key={item.id} item={item} />
      ))}
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('exports.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function ExportCard({ item }: { item: ExportItem }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  return (
    <Paper
      withBorder
      p="md"
      component="article"
      aria-labelledby={headingId}
      data-export-id={item.id}
      maw={960}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="baseline" gap="xs" wrap="wrap">
          <Title order={2} size="h4" id={headingId}>
            {t('exports.heading', {
              format: t(`exports.formats.${item.format}`),
              scope: t(`exports.scopeNames.${item.scope}`),
            })}
          </Title>
          <Text size="sm" fw={600}>
            {t('exports.status')}: {t(`exports.statuses.${effectiveStatus(item)}`)}
          </Text>
        </Group>
        {item.title && (
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {t('exports.reportTitle', { title: item.title })}
          </Text>
        )}
        <Text size="sm" c="gray.8">
          {t('exports.created')}: {formatTimestamp(item.createdAt, i18n.language)}
        </Text>
        <div>
          <Text size="sm" fw={600}>
            {t('exports.filtersUsed')}
          </Text>
          <FiltersInWords filters={item.filters} />
        </div>
        {item.format === 'csv' && item.fields.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('exports.fieldsUsed')}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {item.fields
                .map((field) => t(`exports.fieldNames.${field}`, { defaultValue: field }))
                .join(', ')}
            </Text>
          </div>
        )}
        <ExportJob item={item} />
      </Stack>
    </Paper>
  );
}
