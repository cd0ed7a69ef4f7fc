import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatCount, formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { useNames } from '../../ui/use-reference';
import { AdminsOnly } from '../admin/AdminsOnly';
import { ImportForm } from './ImportForm';
import { CHANGE_KINDS } from './versions-search';

type ListVersion = components['schemas']['ListVersionDto'];
type ChangeKind = (typeof CHANGE_KINDS)[number];

const RESCREEN_POLL_MS = 2000;

export const versionsKey = ['sanctions', 'versions'];

/** UI.md 27: the list versions, what each changed, its re-screening; the upload for admins. */
export function VersionsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = useNames();
  const search = useSearch({ from: '/staff/admin/sanctions' });
  const navigate = useNavigate({ from: '/admin/sanctions' });
  const versions = useInfiniteQuery({
    queryKey: versionsKey,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/sanctions/versions', {
        params: { query: { limit: 20, cursor: pageParam } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = versions.data?.pages.flatMap((page) => page.items) ?? [];
  const shown = rows.find((row) => row.id === search.version);
  const language = i18n.language;
  const count = (value: number) => formatCount(value, language);

  return (
    <Stack>
      <Title order={1}>{t('sanctions.versions.title')}</Title>
      <Text>{t('sanctions.versions.intro')}</Text>
      {me.roles.includes('admin') ? (
        <ImportForm
          onVersion={(versionId) =>
            void navigate({ search: { version: versionId, change: undefined } })
          }
        />
      ) : (
        <AdminsOnly message={t('sanctions.upload.onlyAdmins')} />
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="versions-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="versions-title">
            {t('sanctions.versions.listTitle')}
          </Title>
          {versions.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
          {versions.isError && (
            <Alert color="red" role="alert">
              {t('sanctions.versions.loadFailed')}
            </Alert>
          )}
          {versions.isSuccess && rows.length === 0 && <Text>{t('sanctions.versions.none')}</Text>}
          {rows.length > 0 && (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="xs" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('sanctions.versions.number')}</Table.Th>
                    <Table.Th>{t('sanctions.versions.generated')}</Table.Th>
                    <Table.Th>{t('sanctions.versions.imported')}</Table.Th>
                    <Table.Th ta="right">{t('sanctions.versions.entries')}</Table.Th>
                    <Table.Th ta="right">{t('sanctions.versions.changes')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('sanctions.versions.show')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row) => (
                    <Table.Tr key={row.id} data-testid="version">
                      <Table.Th scope="row">
                        {t('sanctions.versions.numbered', { number: row.number })}
                        {row.forced && (
                          <Badge ml={6} color="orange" variant="light" c="orange.9">
                            {t('sanctions.versions.forced')}
                          </Badge>
                        )}
                      </Table.Th>
                      <Table.Td>
                        {row.dateGenerated
                          ? formatTimestamp(row.dateGenerated, language)
                          : t('sanctions.versions.unknown')}
                      </Table.Td>
                      <Table.Td>
                        {t('sanctions.versions.importedBy', {
                          time: formatTimestamp(row.createdAt, language),
                          who: row.importedBy
                            ? names.user(row.importedBy)
                            : t(`sanctions.source.${row.source}`),
                        })}
                      </Table.Td>
                      <Table.Td ta="right">
                        {t('sanctions.versions.counts', {
                          individuals: count(row.individuals),
                          entities: count(row.entities),
                          vessels: count(row.vessels),
                        })}
                      </Table.Td>
                      <Table.Td ta="right">
                        {t('sanctions.versions.diff', {
                          added: count(row.added),
                          amended: count(row.amended),
                          removed: count(row.removed),
                        })}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant={row.id === search.version ? 'filled' : 'default'}
                          aria-pressed={row.id === search.version}
                          aria-label={t('sanctions.versions.showOf', { number: row.number })}
                          onClick={() =>
                            void navigate({
                              search: (previous) => ({ ...previous, version: row.id }),
                            })
                          }
                        >
                          {t('sanctions.versions.show')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {versions.hasNextPage && (
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => void versions.fetchNextPage()}
                loading={versions.isFetchingNextPage}
              >
                {t('sanctions.loadMore')}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      {shown && (
        <VersionDetail
          version={shown}
          change={search.change}
          onChange={(change) => void navigate({ search: (previous) => ({ ...previous, change }) })}
        />
      )}
    </Stack>
  );
}

function VersionDetail({
  version,
  change,
  onChange,
}: {
  version: ListVersion;
  change: ChangeKind | undefined;
  onChange: (change: ChangeKind | undefined) => void;
}) {
  const { t } = useTranslation();
  const changes = useInfiniteQuery({
    queryKey: ['sanctions', 'versions', version.id, 'changes', change ?? 'all'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/sanctions/versions/{id}/changes', {
        params: { path: { id: version.id }, query: { limit: 50, cursor: pageParam, change } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = changes.data?.pages.flatMap((page) => page.items) ?? [];
  const title = t('sanctions.changes.title', { number: version.number });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="changes-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="changes-title">
          {title}
        </Title>
        <Rescreen versionId={version.id} />
        <SegmentedControl
          aria-label={t('sanctions.changes.filter')}
          value={change ?? 'all'}
          onChange={(value) => onChange(value === 'all' ? undefined : value)}
          data={[
            { value: 'all', label: t('sanctions.changes.all') },
            ...CHANGE_KINDS.map((kind) => ({
              value: kind,
              label: t(`sanctions.changes.kind.${kind}`),
            })),
          ]}
          style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
        />
        {changes.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
        {changes.isError && (
          <Alert color="red" role="alert">
            {t('sanctions.changes.loadFailed')}
          </Alert>
        )}
        {changes.isSuccess && rows.length === 0 && <Text>{t('sanctions.changes.none')}</Text>}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sanctions.changes.reference')}</Table.Th>
                  <Table.Th>{t('sanctions.changes.name')}</Table.Th>
                  <Table.Th>{t('sanctions.changes.change')}</Table.Th>
                  <Table.Th>{t('sanctions.changes.fields')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={`${row.reference}-${row.change}`} data-testid="change">
                    <Table.Td>
                      <AnchorLink
                        to="/sanctions/designations/$reference"
                        params={{ reference: row.reference }}
                        size="sm"
                      >
                        {row.reference}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {row.name}
                      <Text size="xs" c="gray.8">
                        {t(`sanctions.kind.${row.kind}`)} · {row.listType}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`sanctions.changes.kind.${row.change}`)}</Table.Td>
                    <Table.Td>{row.fields.length > 0 ? row.fields.join(', ') : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {changes.hasNextPage && (
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => void changes.fetchNextPage()}
              loading={changes.isFetchingNextPage}
            >
              {t('sanctions.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** The re-screening a version started, followed while it runs. */
function Rescreen({ versionId }: { versionId: string }) {
  const { t, i18n } = useTranslation();
  const rescreen = useQuery({
    queryKey: ['sanctions', 'versions', versionId, 'rescreen'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/sanctions/versions/{id}/rescreen', {
        params: { path: { id: versionId } },
      });
      if (response.status === 404) return null;
      if (error || !data) throw apiError(response, error);
      return data;
    },
    refetchInterval: (query) =>
      query.state.data && ['queued', 'running'].includes(query.state.data.status)
        ? RESCREEN_POLL_MS
        : false,
  });
  if (rescreen.isPending) return null;
  if (rescreen.isError) {
    return (
      <Text size="sm" c="red.9" role="alert">
        {t('sanctions.rescreen.loadFailed')}
      </Text>
    );
  }
  const state = rescreen.data;
  if (!state) return <Text size="sm">{t('sanctions.rescreen.none')}</Text>;
  const count = (value: number) => formatCount(value, i18n.language);
  const percent = state.total > 0 ? Math.round((state.screened / state.total) * 100) : 100;
  return (
    <Stack gap={4} data-testid="rescreen">
      <Text size="sm" fw={600} role="status">
        {t(`sanctions.rescreen.status.${state.status}`, {
          screened: count(state.screened),
          total: count(state.total),
          flagged: count(state.flagged),
        })}
      </Text>
      {(state.status === 'queued' || state.status === 'running') && (
        <Progress
          value={percent}
          aria-label={t('sanctions.rescreen.progress', { percent })}
          color="blue.8"
        />
      )}
      {state.completedAt && (
        <Text size="xs" c="gray.8">
          {t('sanctions.rescreen.finished', {
            time: formatTimestamp(state.completedAt, i18n.language),
          })}
        </Text>
      )}
      {state.error && (
        <Text size="sm" c="red.9" style={{ overflowWrap: 'anywhere' }}>
          {state.error}
        </Text>
      )}
    </Stack>
  );
}
