import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { formatTimestamp } from '../../ui/format';
import { downloadWithTicket } from '../../ui/download';
import { useNames } from '../../ui/use-reference';

type Evidence = components['schemas']['EvidenceDto'];
type Source = components['schemas']['SourceDto'] | components['schemas']['RedactedSourceDto'];

/** Raster images only: SVG, PDF and HTML could run in the app's origin, so they are downloads. */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const sizeOf = (bytes: number, language: string): string =>
  new Intl.NumberFormat(language, {
    style: 'unit',
    unit: bytes >= 1_048_576 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes >= 1_048_576 ? bytes / 1_048_576 : Math.max(bytes / 1024, 0.1));

/** The image fetched with the token into a blob: URL, released when the item changes. */
function Preview({ item }: { item: Evidence }) {
  const { t } = useTranslation();
  const blob = useQuery({
    queryKey: ['evidence', item.id, 'content'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/evidence/{id}/content', {
        params: { path: { id: item.id } },
        parseAs: 'blob',
      });
      if (error) throw apiError(response, error);
      return data;
    },
    staleTime: Infinity,
  });
  const url = useMemo(() => (blob.data ? URL.createObjectURL(blob.data) : null), [blob.data]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  if (!url) return null;
  return (
    <Image
      src={url}
      alt={t('verification.preview', { name: item.originalFilename ?? item.description })}
      fit="contain"
      mah={360}
      w="auto"
    />
  );
}

function Download({ item }: { item: Evidence }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const download = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/evidence/{id}/download-ticket', {
        params: { path: { id: item.id } },
      });
      if (error) throw apiError(response, error);
      downloadWithTicket(`/api/v1/evidence/${item.id}/content`, data.ticket);
    },
    // The download is written to the custody log as the file streams; show it once it is there.
    onSuccess: () => {
      for (const delay of [1_000, 4_000]) {
        setTimeout(
          () => void queryClient.invalidateQueries({ queryKey: ['evidence', item.id, 'custody'] }),
          delay,
        );
      }
    },
  });
  return (
    <Stack gap={4}>
      <Button
        variant="default"
        onClick={() => download.mutate()}
        loading={download.isPending}
        w="max-content"
      >
        {t('verification.download')}
      </Button>
      <Text size="sm" c="gray.8">
        {t('verification.downloadHelp')}
      </Text>
      {download.isError && (
        <Alert color="red" role="alert">
          {t('app.unavailable')}
        </Alert>
      )}
    </Stack>
  );
}

function Custody({ item }: { item: Evidence }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const custody = useQuery({
    queryKey: ['evidence', item.id, 'custody', item.version],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/evidence/{id}/custody', {
        params: { path: { id: item.id }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
  return (
    <section aria-labelledby={`custody-${item.id}`}>
      <Title order={3} size="h5" id={`custody-${item.id}`} mb={4}>
        {t('verification.custody')}
      </Title>
      <List size="sm" spacing={2}>
        {custody.data?.map((event) => (
          <List.Item key={event.id}>
            {t('verification.custodyEvent', {
              action: t(`verification.custodyAction.${event.action}`, {
                defaultValue: event.action,
              }),
              name: event.actorId ? names.user(event.actorId) : t('verification.system'),
              when: formatTimestamp(event.at, i18n.language),
            })}
            {event.sha256 && (
              <Text size="xs" c="gray.8" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {event.sha256}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </section>
  );
}

/** Screen 14's middle: one evidence item, all that a verifier judges it on. */
export function EvidenceView({ item, sources }: { item: Evidence; sources: readonly Source[] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const source = sources.find((candidate) => candidate.id === item.sourceId);
  const rows: [string, string][] = [
    [t('verification.kind'), t(`evidenceKind.${item.kind}`)],
    [t('verification.description'), item.description],
    [
      t('verification.source'),
      source
        ? source.view === 'redacted'
          ? t('sources.confidential', { pseudonym: source.pseudonym })
          : source.name
        : t('verification.noSource'),
    ],
  ];
  if (item.originalFilename) rows.push([t('verification.file'), item.originalFilename]);
  if (item.sizeBytes !== null)
    rows.push([t('verification.size'), sizeOf(item.sizeBytes, i18n.language)]);
  if (item.capturedAt) {
    rows.push([t('verification.capturedAt'), formatTimestamp(item.capturedAt, i18n.language)]);
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="gray.8">
        {t('verification.uploadedBy', {
          name: names.user(item.createdBy),
          when: formatTimestamp(item.createdAt, i18n.language),
        })}
      </Text>
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={140} scope="row">
                {label}
              </Table.Th>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {item.sha256 && (
        <Text size="sm">
          {t('verification.sha256')}: <Code style={{ wordBreak: 'break-all' }}>{item.sha256}</Code>
        </Text>
      )}
      {item.kind === 'testimony' && item.text && (
        <section aria-label={t('verification.testimony')}>
          <Title order={3} size="h5" mb={4}>
            {t('verification.testimony')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text>
        </section>
      )}
      {item.url && (
        <Stack gap={4}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600}>{t('verification.url')}:</Text>
            <Code style={{ wordBreak: 'break-all' }}>{item.url}</Code>
            <CopyButton value={item.url}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" onClick={copy}>
                  {copied ? t('verification.copied') : t('verification.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="sm" c="orange.9">
            {t('verification.urlWarning')}
          </Text>
        </Stack>
      )}
      {item.sha256 &&
        (item.mimeType && PREVIEWABLE.has(item.mimeType) ? <Preview item={item} /> : null)}
      {item.sha256 && <Download item={item} />}
      <Custody item={item} />
    </Stack>
  );
}
