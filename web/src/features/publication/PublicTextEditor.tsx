import {
  Alert,
  Button,
  Grid,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { countryName, formatPeriod, type DatePrecision } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { useNames } from '../../ui/use-reference';
import { StatusBadge } from '../incidents/StatusBadge';
import { redactionWarnings, RedactionWarning } from './redaction';
import { useIncident } from '../incidents/use-incident';

type Incident = components['schemas']['IncidentDto'];
type Preview = components['schemas']['PublicPreviewDto'];

const messageOf = (error: Error, fallback: string): string =>
  error instanceof ApiError ? (error.body?.message ?? error.message) : fallback;

/** The public page as the public API will answer it, drawn from /public-preview. */
function PublicPreview({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  return (
    <Stack gap="xs">
      <Text c="gray.8" fw={600}>
        {preview.reference}
      </Text>
      <Title order={3}>{preview.title}</Title>
      <Text c="gray.8">
        {formatPeriod(
          preview.occurredFrom,
          preview.occurredTo,
          preview.datePrecision as DatePrecision,
          i18n.language,
        )}
        {' · '}
        {names.category(preview.category)}
        {' · '}
        {preview.countries.map((code) => countryName(code, i18n.language)).join(', ')}
      </Text>
      <Text size="sm">{preview.provisions.map((code) => names.provision(code)).join('; ')}</Text>
      {preview.confidence && (
        <Text size="sm">
          {t('publication.confidence', { confidence: t(`confidence.${preview.confidence}`) })}
        </Text>
      )}
      <Text style={{ whiteSpace: 'pre-wrap' }}>{preview.publicSummary}</Text>
      <Title order={4} size="h5">
        {t('publication.sources')}
      </Title>
      {preview.sources.length === 0 ? (
        <Text c="gray.8">{t('publication.noSources')}</Text>
      ) : (
        <List size="sm">
          {preview.sources.map((source, index) => (
            <List.Item key={index}>
              {source.name} ({t(`sourceKind.${source.kind}`, { defaultValue: source.kind })})
              {source.url ? ` — ${source.url}` : ''}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function Warnings({ warnings }: { warnings: RedactionWarning[] }) {
  const { t } = useTranslation();
  return warnings.length === 0 ? (
    <Text size="sm" c="gray.9">
      ✓ {t('publication.redactionClean')}
    </Text>
  ) : (
    // The light alert's own title colour fails AA contrast: the intro is dark text inside it.
    <Alert color="orange" role="status">
      <Text size="sm" fw={700}>
        {t('publication.redactionIntro')}
      </Text>
      <List size="sm">
        {warnings.map((warning) => (
          <List.Item key={`${warning.kind}:${warning.found}`}>
            {t('publication.warning', {
              kind: t(`publication.kind.${warning.kind}`),
              found: warning.found,
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Publish (with its checklist and what cannot be undone) or retract (with its note). */
function PublicationDialog({
  incident,
  action,
  warnings,
  webhookSubscribers,
  onClose,
}: {
  incident: Incident;
  action: 'publish' | 'retract' | null;
  warnings: number;
  /** From the public preview; undefined while it loads. */
  webhookSubscribers: number | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [done, setDone] = useState<Incident | null>(null);
  const transition = useMutation({
    mutationFn: async (chosen: 'publish' | 'retract') => {
      const { data, error, response } = await api.POST('/api/v1/incidents/{id}/transitions', {
        params: { path: { id: incident.id } },
        body: {
          action: chosen,
          version: incident.version,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async (result) => {
      setDone(result);
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
  });
  const hasSummary = incident.publicSummary.trim() !== '';
  const path = `/api/v1/public/incidents/${incident.reference}`;
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={
        action === 'retract'
          ? t('publication.retractTitle', { reference: incident.reference })
          : t('publication.publishTitle', { reference: incident.reference })
      }
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
      size="lg"
    >
      {done ? (
        <Alert color="green" role="status">
          {t('publication.done', { reference: done.reference, status: t(`status.${done.status}`) })}
        </Alert>
      ) : action === 'publish' ? (
        <Stack>
          <Title order={3} size="h5">
            {t('publication.publishChecklist')}
          </Title>
          <List spacing={4}>
            <List.Item>
              {hasSummary ? '✓' : '✗'} {t('publication.summaryWritten')}
            </List.Item>
            <List.Item>
              {warnings === 0 ? '✓' : '!'}{' '}
              {warnings === 0
                ? t('publication.redactionOk')
                : t('publication.redactionWarnings', { count: warnings })}
            </List.Item>
          </List>
          <Text>{t('publication.wherePublic', { path })}</Text>
          {webhookSubscribers !== undefined && (
            <Text>
              {webhookSubscribers === 0
                ? t('publication.noWebhooks')
                : t('publication.webhooks', { count: webhookSubscribers })}
            </Text>
          )}
          <Alert color="orange" role="note">
            {t('publication.noRecall')}
          </Alert>
          {transition.isError && (
            <Alert color="red" role="alert">
              {messageOf(transition.error, t('app.unavailable'))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button
              disabled={!hasSummary}
              loading={transition.isPending}
              onClick={() => transition.mutate('publish')}
            >
              {t('publication.confirmPublish')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text>{t('publication.retractHelp')}</Text>
          <Textarea
            label={t('publication.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            rows={3}
            required
          />
          {transition.isError && (
            <Alert color="red" role="alert">
              {messageOf(transition.error, t('app.unavailable'))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button
              color="red.8"
              disabled={!note.trim()}
              loading={transition.isPending}
              onClick={() => transition.mutate('retract')}
            >
              {t('publication.confirmRetract')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Editor({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [publicTitle, setPublicTitle] = useState(incident.publicTitle ?? '');
  const [publicSummary, setPublicSummary] = useState(incident.publicSummary);
  const [dialog, setDialog] = useState<'publish' | 'retract' | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const preview = useQuery({
    queryKey: ['incident', incident.id, 'public-preview', incident.version],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/public-preview', {
        params: { path: { id: incident.id } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
  });
  const editable =
    (me.roles.includes('writer') || me.roles.includes('admin')) &&
    (incident.status === 'verified' || incident.status === 'in_verification');
  const save = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.PATCH('/api/v1/incidents/{id}', {
        params: { path: { id: incident.id } },
        body: {
          version: incident.version,
          publicTitle: publicTitle.trim() || null,
          publicSummary: publicSummary.trim(),
        },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async () => {
      setMessage({ ok: true, text: t('publication.saved') });
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
    onError: async (error) => {
      setMessage({
        ok: false,
        text:
          error instanceof ApiError && error.body?.code === 'stale_version'
            ? t('publication.stale')
            : messageOf(error, t('app.unavailable')),
      });
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
  });
  const warnings = redactionWarnings(`${publicTitle}\n${publicSummary}`, incident);
  const unsaved =
    publicTitle.trim() !== (incident.publicTitle ?? '') ||
    publicSummary.trim() !== incident.publicSummary.trim();

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="public-text">
          <Stack>
            <Title order={2} size="h4" id="public-text">
              {t('publication.publicSummary')}
            </Title>
            {!editable && incident.status !== 'published' && (
              <Alert color="gray" role="note">
                {t('publication.cannotEdit')}
              </Alert>
            )}
            <TextInput
              label={t('publication.publicTitle')}
              description={t('publication.publicTitleHelp')}
              value={publicTitle}
              onChange={(event) => setPublicTitle(event.currentTarget.value)}
              readOnly={!editable}
              maxLength={300}
            />
            <Textarea
              label={t('publication.publicSummary')}
              description={t('publication.publicSummaryHelp')}
              value={publicSummary}
              onChange={(event) => setPublicSummary(event.currentTarget.value)}
              readOnly={!editable}
              rows={10}
            />
            <section aria-label={t('publication.redaction')}>
              <Title order={3} size="h5" mb={4}>
                {t('publication.redaction')}
              </Title>
              <Warnings warnings={warnings} />
            </section>
            {message && (
              <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
                {message.text}
              </Alert>
            )}
            <Group>
              {editable && (
                <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!unsaved}>
                  {t('publication.save')}
                </Button>
              )}
              {incident.allowedActions.includes('publish') && (
                <Button
                  variant="outline"
                  onClick={() => {
                    // Webhooks come and go while the page is open: the count is asked afresh.
                    void preview.refetch();
                    setDialog('publish');
                  }}
                  disabled={unsaved}
                >
                  {t('publication.publish')}
                </Button>
              )}
              {incident.allowedActions.includes('retract') && (
                <Button color="red.8" variant="outline" onClick={() => setDialog('retract')}>
                  {t('publication.retract')}
                </Button>
              )}
            </Group>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack>
          <Paper withBorder p="md" component="section" aria-labelledby="public-preview">
            <Title order={2} size="h4" id="public-preview">
              {t('publication.preview')}
            </Title>
            <Text size="sm" c="gray.8" mb="sm">
              {t('publication.previewHelp')}
            </Text>
            {unsaved && (
              <Text size="sm" c="red.9" fw={600} mb="sm">
                {t('publication.unsaved')}
              </Text>
            )}
            {preview.data && <PublicPreview preview={preview.data} />}
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="stays-private">
            <Title order={2} size="h4" id="stays-private" mb="sm">
              {t('publication.staysPrivate')}
            </Title>
            <List size="sm">
              {preview.data?.withheld.fields.map((field) => (
                <List.Item key={field}>
                  {t(`publication.withheld.${field}`, { defaultValue: field })}
                </List.Item>
              ))}
              {preview.data && preview.data.withheld.confidentialSources > 0 && (
                <List.Item>
                  {t('publication.confidentialSources', {
                    count: preview.data.withheld.confidentialSources,
                  })}
                </List.Item>
              )}
            </List>
          </Paper>
        </Stack>
      </Grid.Col>
      <PublicationDialog
        key={dialog ?? 'closed'}
        incident={incident}
        action={dialog}
        warnings={warnings.length}
        // While the count is asked afresh the dialog shows none rather than an old one.
        webhookSubscribers={
          preview.isFetching ? undefined : preview.data?.notifies.webhookSubscribers
        }
        onClose={() => setDialog(null)}
      />
    </Grid>
  );
}

/** Screen 18: the public text beside the exact public preview, with what stays private. */
export function PublicTextEditor() {
  const { t } = useTranslation();
  const { incidentId } = useParams({ from: '/staff/incidents/$incidentId/publication' });
  const incident = useIncident(incidentId);
  if (incident.isPending) return <Text>{t('app.loading')}</Text>;
  if (incident.isError) {
    return (
      <Alert color="red" role="alert">
        {t('app.unavailable')}
      </Alert>
    );
  }
  const item = incident.data;
  if (!item) {
    return (
      <Stack>
        <Title order={1}>{t('detail.notFound')}</Title>
        <AnchorLink to="/incidents">{t('detail.back')}</AnchorLink>
      </Stack>
    );
  }
  return (
    <Stack>
      <Group gap="sm">
        <AnchorLink to="/incidents/$incidentId" params={{ incidentId: item.id }} fw={600}>
          {t('detail.open', { reference: item.reference })}
        </AnchorLink>
        <StatusBadge status={item.status} />
      </Group>
      <Title order={1}>{t('publication.editor', { reference: item.reference })}</Title>
      <Text fw={600}>{item.title}</Text>
      {/* Not keyed by version: after a 409 the writer's text stays while the version moves on. */}
      <Editor incident={item} />
    </Stack>
  );
}
