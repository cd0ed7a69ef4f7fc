import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { countryName, formatPeriod, formatTimestamp } from '../../ui/format';
import { useNames } from '../../ui/use-reference';
import { IncidentSearch, STATUSES } from './search';
import { StatusBadge } from './StatusBadge';

type Incident = components['schemas']['IncidentDto'];

export function IncidentList() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ from: '/staff/incidents' });
  const navigate = useNavigate({ from: '/incidents' });
  const names = useNames();
  const [q, setQ] = useState(search.q ?? '');

  const list = useInfiniteQuery({
    queryKey: ['incidents', search],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/incidents', {
        params: { query: { ...search, limit: 50, cursor: pageParam } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows: Incident[] = list.data?.pages.flatMap((page) => page.items) ?? [];

  const applySearch = (event: FormEvent): void => {
    event.preventDefault();
    void navigate({ search: (previous) => ({ ...previous, q: q.trim() || undefined }) });
  };

  return (
    <Stack>
      <Title order={1}>{t('incidents.title')}</Title>
      <Group align="flex-end" wrap="wrap">
        <form onSubmit={applySearch} role="search">
          <Group align="flex-end" gap="xs">
            <TextInput
              label={t('incidents.search')}
              description={t('incidents.searchHelp')}
              value={q}
              onChange={(event) => setQ(event.currentTarget.value)}
              w={360}
            />
            <Button type="submit" variant="default">
              {t('incidents.search')}
            </Button>
          </Group>
        </form>
        <NativeSelect
          label={t('incidents.status')}
          value={search.status ?? ''}
          data={[
            { value: '', label: t('incidents.anyStatus') },
            ...STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) })),
          ]}
          onChange={(event) => {
            const status = event.currentTarget.value as IncidentSearch['status'] | '';
            void navigate({ search: (previous) => ({ ...previous, status: status || undefined }) });
          }}
        />
        <NativeSelect
          label={t('incidents.sort')}
          value={search.sort ?? '-occurredFrom'}
          data={[
            { value: '-occurredFrom', label: t('incidents.sortOccurred') },
            { value: '-updatedAt', label: t('incidents.sortUpdated') },
            { value: '-createdAt', label: t('incidents.sortCreated') },
          ]}
          onChange={(event) => {
            const sort = event.currentTarget.value as IncidentSearch['sort'];
            void navigate({ search: (previous) => ({ ...previous, sort }) });
          }}
        />
      </Group>

      {list.isError && (
        <Alert color="red" role="alert">
          {t('app.unavailable')}
        </Alert>
      )}
      {list.isSuccess && rows.length === 0 && <Text>{t('incidents.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover verticalSpacing="xs">
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
                <Table.Tr key={incident.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <AnchorLink to="/incidents/$incidentId" params={{ incidentId: incident.id }}>
                      {incident.reference}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{incident.title}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={incident.status} />
                  </Table.Td>
                  <Table.Td>
                    {formatPeriod(
                      incident.occurredFrom,
                      incident.occurredTo,
                      incident.datePrecision,
                      i18n.language,
                    )}
                  </Table.Td>
                  <Table.Td>
                    {[...new Set(incident.locations.map((place) => place.countryCode))]
                      .map((code) => countryName(code, i18n.language))
                      .join(', ')}
                  </Table.Td>
                  <Table.Td>{names.category(incident.category)}</Table.Td>
                  <Table.Td>
                    {t('incidents.evidenceCounts', {
                      approved: incident.counts.evidenceApproved,
                      pending: incident.counts.evidencePending,
                    })}
                  </Table.Td>
                  <Table.Td>
                    {incident.assigneeId
                      ? names.user(incident.assigneeId)
                      : t('incidents.unassigned')}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatTimestamp(incident.updatedAt, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between">
        <Text size="sm" c="gray.8" aria-live="polite">
          {list.isSuccess ? t('incidents.count', { count: rows.length }) : t('app.loading')}
        </Text>
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('incidents.loadMore')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
