import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { useNames } from '../../ui/use-reference';
import { useSources } from '../sources/SourcesSection';
import { sourceLabel } from '../sources/source-rules';
import { AddEvidence } from './AddEvidence';
import { canAddEvidence, canWithdraw } from './evidence-rules';
import { formatBytes } from './file-check';

type Incident = components['schemas']['IncidentDto'];
type Evidence = components['schemas']['EvidenceDto'];

export function useEvidence(incidentId: string) {
  return useQuery({
    queryKey: ['incident', incidentId, 'evidence'],
    queryFn: async (): Promise<Evidence[]> => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/evidence', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
}

const STATUS_COLOR = {
  approved: 'green',
  rejected: 'red',
  pending: 'gray',
  withdrawn: 'gray',
} as const;

/** Evidence with its review status, SHA-256 and chain of custody; adding and withdrawing. */
export function EvidenceSection({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const me = useMe();
  const evidence = useEvidence(incident.id);
  const sources = useSources(incident.id);
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Evidence | null>(null);
  const rule = canAddEvidence(t, incident, me);
  const anyPending = evidence.data?.some((item) => item.status === 'pending') ?? false;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="evidence">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="evidence">
          {t('evidence.title')}
        </Title>
        {rule.allowed && (
          <Button size="xs" onClick={() => setAdding(true)} disabled={!sources.isSuccess}>
            {t('upload.add')}
          </Button>
        )}
      </Group>
      {!rule.allowed && (
        <Text size="sm" c="gray.8" mb="xs">
          {rule.why}
        </Text>
      )}
      {evidence.isSuccess && evidence.data.length === 0 && (
        <Text c="gray.8">{t('evidence.empty')}</Text>
      )}
      <Stack gap="md">
        {evidence.data?.map((item) => (
          <EvidenceItem
            key={item.id}
            item={item}
            sourceName={(() => {
              const source = sources.data?.find((candidate) => candidate.id === item.sourceId);
              return source ? sourceLabel(t, source) : null;
            })()}
            withdrawable={canWithdraw(incident, item, me)}
            onWithdraw={() => setWithdrawing(item)}
          />
        ))}
      </Stack>
      {anyPending && (
        <Text size="xs" c="gray.8" mt="sm">
          {t('upload.withdrawRule')}
        </Text>
      )}
      {adding && sources.data && (
        <AddEvidence
          incidentId={incident.id}
          sources={sources.data}
          onClose={() => setAdding(false)}
        />
      )}
      {withdrawing && (
        <WithdrawDialog
          incidentId={incident.id}
          item={withdrawing}
          onClose={() => setWithdrawing(null)}
        />
      )}
    </Paper>
  );
}

function EvidenceItem({
  item,
  sourceName,
  withdrawable,
  onWithdraw,
}: {
  item: Evidence;
  sourceName: string | null;
  withdrawable: boolean;
  onWithdraw: () => void;
}) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const [custodyOpen, setCustodyOpen] = useState(false);
  const [opening, setOpening] = useState(false);
  return (
    <Stack gap={4} data-testid="evidence-item">
      <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="xs" style={{ minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {item.description}
          </Text>
          <Badge variant="light" color="gray" c="gray.9">
            {t(`evidenceKind.${item.kind}`)}
          </Badge>
          <Badge
            variant="light"
            color={STATUS_COLOR[item.status]}
            c={`${STATUS_COLOR[item.status]}.9`}
          >
            {t(`evidenceStatus.${item.status}`)}
          </Badge>
        </Group>
        {withdrawable && (
          <Button size="xs" variant="default" style={{ flex: 'none' }} onClick={onWithdraw}>
            {t('upload.withdraw')}
          </Button>
        )}
      </Group>
      {item.redacted && (
        <Text size="sm" c="gray.8">
          {t('upload.redacted')}
        </Text>
      )}
      {sourceName && (
        <Text size="sm" c="gray.8">
          {t('upload.sourceOf', { name: sourceName })}
        </Text>
      )}
      {item.url && (
        <Group gap="xs" wrap="wrap">
          <Code style={{ overflowWrap: 'anywhere' }}>{item.url}</Code>
          <CopyButton value={item.url}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="default" onClick={copy}>
                {copied ? t('upload.copied') : t('upload.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="compact-xs" variant="default" onClick={() => setOpening(true)}>
            {t('upload.open')}
          </Button>
        </Group>
      )}
      {item.text && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {item.text}
        </Text>
      )}
      {item.originalFilename && (
        <Text size="xs" c="gray.8">
          {t('upload.file', { name: item.originalFilename })}
          {item.sizeBytes !== null &&
            ` · ${t('upload.size', { size: formatBytes(item.sizeBytes, i18n.language) })}`}
          {item.mimeType && ` · ${t('upload.type', { type: item.mimeType })}`}
        </Text>
      )}
      {item.sha256 && (
        <Text size="xs" c="gray.8" style={{ overflowWrap: 'anywhere' }}>
          {t('evidence.sha256')}: <Code style={{ wordBreak: 'break-all' }}>{item.sha256}</Code>
        </Text>
      )}
      <Text size="xs" c="gray.8">
        {t('upload.addedBy', {
          name: names.user(item.createdBy),
          at: formatTimestamp(item.createdAt, i18n.language),
        })}
      </Text>
      {item.reviewNote && (
        <Text size="sm">{t('upload.reviewNote', { note: item.reviewNote })}</Text>
      )}
      <div>
        <Button
          size="compact-xs"
          variant="subtle"
          aria-expanded={custodyOpen}
          onClick={() => setCustodyOpen((open) => !open)}
        >
          {t('upload.custody')}
        </Button>
        {custodyOpen && <Custody id={item.id} />}
      </div>
      {opening && item.url && <OpenUrlDialog url={item.url} onClose={() => setOpening(false)} />}
    </Stack>
  );
}

function Custody({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const custody = useQuery({
    queryKey: ['evidence', id, 'custody'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/evidence/{id}/custody', {
        params: { path: { id }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
  if (custody.isError) {
    return (
      <Text size="sm" role="alert">
        {t('app.unavailable')}
      </Text>
    );
  }
  if (custody.isSuccess && custody.data.length === 0) {
    return <Text size="sm">{t('upload.custodyEmpty')}</Text>;
  }
  return (
    <List size="xs" spacing={2} mt={4}>
      {custody.data?.map((event) => (
        <List.Item key={event.id}>
          {t('upload.custodyEvent', {
            at: formatTimestamp(event.at, i18n.language),
            action: t(`upload.custodyAction.${event.action}`, { defaultValue: event.action }),
            who: event.actorId ? names.user(event.actorId) : t('upload.custodySystem'),
          })}
        </List.Item>
      ))}
    </List>
  );
}

/** Opening a web address leaks the user's IP address to its site: said before it happens. */
function OpenUrlDialog({ url, onClose }: { url: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('upload.openTitle')}
      closeButtonProps={{ 'aria-label': t('upload.cancel') }}
    >
      <Stack>
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {url}
        </Code>
        <Alert color="yellow" c="gray.9" role="note">
          {t('upload.openWarning')}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('upload.cancel')}
          </Button>
          <Button
            onClick={() => {
              window.open(url, '_blank', 'noopener,noreferrer');
              onClose();
            }}
          >
            {t('upload.openConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function WithdrawDialog({
  incidentId,
  item,
  onClose,
}: {
  incidentId: string;
  item: Evidence;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [version, setVersion] = useState(item.version);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const { error, response } = await api.POST('/api/v1/evidence/{id}/withdraw', {
        params: { path: { id: item.id } },
        body: { note: note.trim(), version },
      });
      if (error) throw apiError(response, error);
      await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.body?.code === 'stale_version') {
        await queryClient.invalidateQueries({ queryKey: ['incident', incidentId, 'evidence'] });
        const fresh = queryClient
          .getQueryData<Evidence[]>(['incident', incidentId, 'evidence'])
          ?.find((candidate) => candidate.id === item.id);
        if (fresh) setVersion(fresh.version);
        setProblem(t('upload.stale'));
      } else {
        setProblem(
          t('upload.failed', {
            message:
              error instanceof ApiError
                ? (error.body?.message ?? error.message)
                : t('app.unavailable'),
          }),
        );
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('upload.withdrawTitle')}
      closeButtonProps={{ 'aria-label': t('upload.cancel') }}
    >
      <Stack>
        <Text fw={600}>{item.description}</Text>
        <Text size="sm">{t('upload.withdrawHelp')}</Text>
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Textarea
          label={t('upload.withdrawNote')}
          required
          autosize
          minRows={3}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('upload.cancel')}
          </Button>
          <Button onClick={() => void confirm()} disabled={!note.trim()} loading={busy}>
            {t('upload.withdrawConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
