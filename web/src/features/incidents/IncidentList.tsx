import { Alert, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { lazy, memo, Suspense, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { api, ApiError, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { countryName, formatPeriod, formatTimestamp } from '../../ui/format';
import { useNames } from '../../ui/use-reference';
import { ExportThisView } from './ExportThisView';
import { ListFilters } from './ListFilters';
import { incidentListQuery } from './list-query';
import { filtersOf, IncidentSearch } from './search';
import { StatsStrip } from './StatsStrip';
import { StatusBadge } from './StatusBadge';

type Incident = components['schemas']['IncidentDto'];

/** d3-geo and the atlas load only when the map is shown. */
const WorldMap = lazy(() =>
  import('../../ui/map/WorldMap').then((module) => ({ default: module.WorldMap })),
);

/**
 * One row of the table: memoised, so "Load more" renders the new rows only (the page's data
 * keeps each incident's object while it is unchanged).
 */
const IncidentRow = memo(function IncidentRow({
  incident,
  names,
  language,
}: {
  incident: Incident;
  names: ReturnType<typeof useNames>;
  language: string;
}) {
  const { t } = useTranslation();
  return (
    <Table.Tr key={incident.id}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <AnchorLink to="/incidents/$incidentId" params={{ incidentId: incident.id }}>
          {incident.reference}
        </AnchorLink>
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 200 }}>{incident.title}</Table.Td>
      <Table.Td>
        <StatusBadge status={incident.status} />
        {incident.confidence && (
          <Text size="xs" c="gray.8" mt={2}>
            {t('incidents.confidence', {
              value: t(`confidence.${incident.confidence}`),
            })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {formatPeriod(incident.occurredFrom, incident.occurredTo, incident.datePrecision, language)}
      </Table.Td>
      <Table.Td>
        {[...new Set(incident.locations.map((place) => place.countryCode))]
          .map((code) => countryName(code, language))
          .join(', ')}
      </Table.Td>
      <Table.Td>
        {names.category(incident.category)}
        {incident.provisions.length > 0 && (
          <Text size="xs" c="gray.8" mt={2}>
            {incident.provisions.map((code) => names.provision(code)).join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {t('incidents.evidenceCounts', {
          approved: incident.counts.evidenceApproved,
          pending: incident.counts.evidencePending,
        })}
      </Table.Td>
      <Table.Td>
        {incident.assigneeId ? names.user(incident.assigneeId) : t('incidents.unassigned')}
      </Table.Td>
      <Table.Td>{formatTimestamp(incident.updatedAt, language)}</Table.Td>
    </Table.Tr>
  );
});

export function IncidentList() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ from: '/staff/incidents' });
  const navigate = useNavigate({ from: '/incidents' });
  const names = useNames();
  const filters = useMemo(() => filtersOf(search), [search]);
  const view = search.view ?? 'table';

  const update = useCallback(
    (patch: Partial<IncidentSearch>, replaceAll = false): void => {
      void navigate({
        search: (previous) => {
          const next: Record<string, unknown> = replaceAll
            ? { ...patch }
            : { ...previous, ...patch };
          return Object.fromEntries(
            Object.entries(next).filter(([, value]) => value !== undefined),
          );
        },
      });
    },
    [navigate],
  );
  // One element while the filters stay, so the memoised filters skip "Load more".
  const exportView = useMemo(() => <ExportThisView filters={filters} />, [filters]);

  const list = useInfiniteQuery(incidentListQuery(filters, search.sort));
  const stats = useQuery({
    queryKey: ['incidents', 'stats', filters],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/stats', {
        params: { query: filters },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    placeholderData: keepPreviousData,
    // The totals read every incident of the view: they wait for the first page, which a user
    // came for, rather than compete with it for the database.
    enabled: !list.isPending,
  });
  const rows: Incident[] = list.data?.pages.flatMap((page) => page.items) ?? [];
  const refused =
    list.error instanceof ApiError && list.error.status === 400 ? list.error.message : null;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1}>{t('incidents.title')}</Title>
      </Group>
      <ListFilters search={search} onChange={update}>
        {exportView}
      </ListFilters>
      <StatsStrip stats={stats.data} failed={stats.isError && !refused} />

      <Group justify="space-between" align="center" wrap="wrap">
        <Group gap="xs" role="group" aria-label={t('incidents.view')}>
          <Text size="sm" fw={500} aria-hidden>
            {t('incidents.view')}
          </Text>
          <SegmentedControl
            value={view}
            onChange={(value) => update({ view: value === 'map' ? 'map' : undefined })}
            data={[
              { value: 'table', label: t('incidents.viewTable') },
              { value: 'map', label: t('incidents.viewMap') },
            ]}
          />
        </Group>
        <Text size="sm" c="gray.8" aria-live="polite">
          {list.isSuccess
            ? stats.data && !stats.isPlaceholderData
              ? t('incidents.countOf', { count: rows.length, total: stats.data.total })
              : t('incidents.count', { count: rows.length })
            : list.isError
              ? ''
              : t('app.loading')}
        </Text>
      </Group>

      {list.isError && !list.isFetchNextPageError && (
        <Alert color="red" role="alert">
          {refused ? t('incidents.badFilter', { message: refused }) : t('app.unavailable')}
        </Alert>
      )}

      {view === 'map' ? (
        <Stack gap="xs">
          <Text size="sm">{t('incidents.mapHelp')}</Text>
          {stats.data ? (
            <Suspense fallback={<Text c="gray.8">{t('map.loading')}</Text>}>
              <WorldMap
                title={t('incidents.mapTitle')}
                countries={stats.data.byCountry.map((bucket) => ({
                  code: bucket.key,
                  count: bucket.count,
                }))}
                zoom={filters.country ? 'highlighted' : 'world'}
                onCountryClick={(country) => update({ country, view: undefined })}
              />
            </Suspense>
          ) : (
            !stats.isError && <Text c="gray.8">{t('map.loading')}</Text>
          )}
        </Stack>
      ) : (
        <>
          {list.isSuccess && rows.length === 0 && <Text>{t('incidents.empty')}</Text>}
          {rows.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover verticalSpacing="xs" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('incidents.columns.reference')}</Table.Th>
                    <Table.Th>{t('incidents.columns.title')}</Table.Th>
                    <Table.Th>{t('incidents.columns.status')}</Table.Th>
                    <Table.Th>{t('incidents.columns.dates')}</Table.Th>
                    <Table.Th>{t('incidents.columns.countries')}</Table.Th>
                    <Table.Th>{t('incidents.columns.category')}</Table.Th>
                    <Table.Th>{t('incidents.columns.evidence')}</Table.Th>
                    <Table.Th>{t('incidents.columns.assignee')}</Table.Th>
                    <Table.Th>{t('incidents.columns.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((incident) => (
                    <IncidentRow
                      key={incident.id}
                      incident={incident}
                      names={names}
                      language={i18n.language}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {list.isFetchNextPageError && (
            <Alert color="red" role="alert">
              {t('incidents.loadFailed')}
            </Alert>
          )}
          {list.hasNextPage && (
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                {t('incidents.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
