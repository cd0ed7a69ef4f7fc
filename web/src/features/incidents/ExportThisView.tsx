import {
  Alert,
  Button,
  Code,
  Group,
  NativeSelect,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import type { IncidentFilters } from './search';

type ExportFormat = components['schemas']['CreateExportDto']['format'];
type ExportScope = components['schemas']['CreateExportDto']['scope'];
type Role = components['schemas']['MeDto']['roles'][number];

const FORMATS: ExportFormat[] = ['csv', 'json', 'ndjson', 'markdown', 'html'];
/** SPEC 10: who may make which scope. */
const SCOPE_ROLES: Record<ExportScope, Role[]> = {
  internal: ['verifier', 'admin'],
  public: ['writer', 'admin'],
};

/** Bytes in the unit a person reads: "812 kB", "1.4 MB". */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/**
 * The browser streams the file to disk from a form POST that carries a single-use ticket: no
 * token ever enters a URL, and no file passes through the page's memory.
 */
async function downloadByTicket(id: string): Promise<void> {
  const { data, error, response } = await api.POST('/api/v1/exports/{id}/download-ticket', {
    params: { path: { id } },
  });
  if (error || !data) throw apiError(response, error);
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = `/api/v1/exports/${encodeURIComponent(id)}/download`;
  form.hidden = true;
  const ticket = document.createElement('input');
  ticket.type = 'hidden';
  ticket.name = 'ticket';
  ticket.value = data.ticket;
  form.append(ticket);
  document.body.append(form);
  form.submit();
  form.remove();
}

/** "Export this view": an export job with the list's filters, followed to its download. */
export function ExportThisView({ filters }: { filters: IncidentFilters }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const headingId = useId();
  const scopes = (['internal', 'public'] as const).filter((scope) =>
    SCOPE_ROLES[scope].some((role) => me.roles.includes(role)),
  );
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [scope, setScope] = useState<ExportScope | undefined>(scopes[0]);
  const [exportId, setExportId] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/exports', {
        body: { format, scope: scope!, filters },
      });
      if (error || !data) throw apiError(response, error);
      return data.id;
    },
    onSuccess: (id) => setExportId(id),
  });
  const job = useQuery({
    queryKey: ['exports', exportId],
    enabled: exportId !== null,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/exports/{id}', {
        params: { path: { id: exportId! } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === undefined || status === 'queued' || status === 'running' ? 1000 : false;
    },
    staleTime: 0,
  });
  const download = useMutation({ mutationFn: downloadByTicket });

  if (scopes.length === 0) {
    return (
      <Stack gap={4} align="flex-start">
        <Button variant="default" disabled>
          {t('incidents.export.open')}
        </Button>
        <Text size="sm" c="gray.8">
          {t('incidents.export.notAllowed')}
        </Text>
      </Stack>
    );
  }
  if (!open) {
    return (
      <Button variant="default" onClick={() => setOpen(true)}>
        {t('incidents.export.open')}
      </Button>
    );
  }

  const staffFilters = scope === 'public' && Boolean(filters.assigneeId || filters.createdBy);
  const refusal = (error: Error | null): string | null => {
    if (!error) return null;
    if (error instanceof ApiError && error.status === 429) return t('incidents.export.tooMany');
    return t('incidents.export.refused', { message: error.message });
  };
  const item = job.data;
  const close = () => {
    setOpen(false);
    setExportId(null);
    create.reset();
    download.reset();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} w="100%">
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t('incidents.export.title')}
        </Title>
        <Text size="sm">{t('incidents.export.intro')}</Text>
        {exportId === null ? (
          <>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <NativeSelect
                label={t('incidents.export.format')}
                value={format}
                data={FORMATS.map((value) => ({
                  value,
                  label: t(`incidents.export.formats.${value}`),
                }))}
                onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}
              />
              <Radio.Group
                label={t('incidents.export.scope')}
                value={scope}
                onChange={(value) => setScope(value)}
              >
                <Stack gap={6} mt={4}>
                  {scopes.map((value) => (
                    <Radio
                      key={value}
                      value={value}
                      label={t(`incidents.export.scopes.${value}`)}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            </SimpleGrid>
            {staffFilters && (
              <Text size="sm" role="note">
                {t('incidents.export.publicStaffFilters')}
              </Text>
            )}
            {create.isError && (
              <Alert color="red" role="alert">
                {refusal(create.error)}
              </Alert>
            )}
            <Group gap="sm">
              <Button
                onClick={() => create.mutate()}
                loading={create.isPending}
                disabled={staffFilters || !scope}
              >
                {t('incidents.export.start')}
              </Button>
              <Button variant="default" onClick={close}>
                {t('incidents.export.cancel')}
              </Button>
            </Group>
          </>
        ) : (
          <Stack gap="xs">
            {job.isError && (
              <Alert color="red" role="alert">
                {t('app.unavailable')}
              </Alert>
            )}
            {item && (item.status === 'queued' || item.status === 'running') && (
              <>
                <Text size="sm" aria-live="polite">
                  {item.status === 'queued'
                    ? t('incidents.export.queued')
                    : t('incidents.export.running', { progress: item.progress })}
                </Text>
                <Progress
                  value={item.progress}
                  aria-label={t('incidents.export.progress')}
                  animated
                />
              </>
            )}
            {item?.status === 'failed' && (
              <Alert color="red" role="alert">
                {t('incidents.export.failed', { error: item.error ?? '' })}
              </Alert>
            )}
            {item?.status === 'expired' && (
              <Alert color="orange" role="alert">
                {t('incidents.export.expired')}
              </Alert>
            )}
            {item?.status === 'completed' && (
              <>
                <Text fw={600} role="status">
                  {t('incidents.export.completed')}
                </Text>
                <Table variant="vertical" layout="fixed" withTableBorder fz="sm">
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Th w={180}>{t('incidents.export.rows')}</Table.Th>
                      <Table.Td>
                        {new Intl.NumberFormat(i18n.language).format(item.rowCount ?? 0)}
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('incidents.export.size')}</Table.Th>
                      <Table.Td>{formatBytes(item.sizeBytes ?? 0, i18n.language)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('incidents.export.sha256')}</Table.Th>
                      <Table.Td>
                        <Code data-testid="export-sha256" style={{ wordBreak: 'break-all' }}>
                          {item.sha256}
                        </Code>
                        <Text size="xs" c="gray.8" mt={2}>
                          {t('incidents.export.sha256Help')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('incidents.export.expires')}</Table.Th>
                      <Table.Td>
                        {item.expiresAt ? formatTimestamp(item.expiresAt, i18n.language) : '—'}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
                {download.isError && (
                  <Alert color="red" role="alert">
                    {t('incidents.export.downloadFailed', { message: download.error.message })}
                  </Alert>
                )}
                <Group gap="sm">
                  <Button onClick={() => download.mutate(item.id)} loading={download.isPending}>
                    {t('incidents.export.download')}
                  </Button>
                </Group>
              </>
            )}
            <Group gap="sm">
              {item && item.status !== 'queued' && item.status !== 'running' && (
                <Button
                  variant="default"
                  onClick={() => {
                    setExportId(null);
                    create.reset();
                    download.reset();
                  }}
                >
                  {t('incidents.export.again')}
                </Button>
              )}
              <Button variant="default" onClick={close}>
                {t('incidents.export.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
