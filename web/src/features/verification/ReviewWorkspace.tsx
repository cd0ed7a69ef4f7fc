import {
  Alert,
  Button,
  Grid,
  Group,
  NavLink,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { AnchorLink } from '../../ui/links';
import { useNames } from '../../ui/use-reference';
import { StatusBadge } from '../incidents/StatusBadge';
import { entriesSince } from '../incidents/history/changed-since';
import type { HistoryEntry } from '../incidents/history/describe';
import { DecisionDialog } from './DecisionDialog';
import { EvidenceView } from './EvidenceView';
import { decisionFacts, reviewBlock } from './rules';
import { StaleDecision } from './StaleDecision';
import { useIncident } from '../incidents/use-incident';

type Incident = components['schemas']['IncidentDto'];
type Evidence = components['schemas']['EvidenceDto'];
type Source = components['schemas']['SourceDto'] | components['schemas']['RedactedSourceDto'];
type Decision = 'approved' | 'rejected';

/** A review refused as stale: the item as it is now, and what changed on the incident meanwhile. */
interface ReviewConflict {
  decision: Decision;
  since: string;
  latest: Evidence;
  theirs: HistoryEntry[];
}

async function loadEvidence(id: string): Promise<Evidence> {
  const { data, error, response } = await api.GET('/api/v1/evidence/{id}', {
    params: { path: { id } },
  });
  if (error) throw apiError(response, error);
  return data;
}

function useCaseFile(incidentId: string) {
  const incident = useIncident(incidentId);
  const evidence = useQuery({
    queryKey: ['incident', incidentId, 'evidence'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/evidence', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
    enabled: !!incident.data,
  });
  const sources = useQuery({
    queryKey: ['incident', incidentId, 'sources'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/sources', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
    enabled: !!incident.data,
  });
  return { incident, evidence, sources };
}

/** Approve or reject one item with a note, or the reason why this caller may not. */
function ReviewPanel({
  incident,
  item,
  onReviewed,
}: {
  incident: Incident;
  item: Evidence;
  onReviewed: () => void;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = useNames();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ReviewConflict | null>(null);
  const block = reviewBlock(me, incident, item);

  const review = useMutation({
    mutationFn: async ({
      decision,
      version,
    }: {
      decision: Decision;
      version: number;
      since: string;
    }) => {
      const { data, error, response } = await api.POST('/api/v1/evidence/{id}/review', {
        params: { path: { id: item.id } },
        body: { decision, note: note.trim(), version },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async () => {
      setConflict(null);
      setProblem(null);
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
      onReviewed();
    },
    onError: async (error, { decision, since }) => {
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
      if (error instanceof ApiError && error.body?.code === 'stale_version') {
        try {
          const [latest, theirs] = await Promise.all([
            loadEvidence(item.id),
            entriesSince(incident.id, since),
          ]);
          setProblem(null);
          setConflict({ decision, since, latest, theirs });
        } catch {
          setProblem(t('verification.stale'));
        }
        return;
      }
      setProblem(
        error instanceof ApiError ? (error.body?.message ?? error.message) : t('app.unavailable'),
      );
    },
  });
  const send = (decision: Decision) =>
    review.mutate({ decision, version: item.version, since: incident.updatedAt });
  const pendingDecision = review.isPending ? review.variables.decision : null;

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('verification.decision')}
      </Title>
      {item.status !== 'pending' && item.reviewNote !== null && (
        <Text size="sm">
          {t('verification.reviewed', {
            status: t(`evidenceStatus.${item.status}`),
            name: names.user(item.reviewedBy),
            note: item.reviewNote,
          })}
          {item.reviewedAt ? ` (${new Date(item.reviewedAt).toLocaleString(i18n.language)})` : ''}
        </Text>
      )}
      {block ? (
        <Alert color={block === 'creator' || block === 'uploader' ? 'orange' : 'gray'} role="note">
          {t(`verification.cannotReview.${block}`)}
        </Alert>
      ) : (
        <>
          <Textarea
            label={t('verification.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            rows={3}
            required
          />
          <Stack gap="xs">
            <Button
              color="green.8"
              disabled={!note.trim() || conflict !== null}
              loading={pendingDecision === 'approved'}
              onClick={() => send('approved')}
            >
              {t('verification.approve')}
            </Button>
            <Button
              color="red.8"
              variant="outline"
              disabled={!note.trim() || conflict !== null}
              loading={pendingDecision === 'rejected'}
              onClick={() => send('rejected')}
            >
              {t('verification.reject')}
            </Button>
          </Stack>
        </>
      )}
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {conflict && (
        <StaleDecision
          theirs={conflict.theirs}
          mine={[
            { label: t('verification.merge.item'), value: item.description },
            {
              label: t('verification.merge.decision'),
              value: t(
                conflict.decision === 'approved' ? 'verification.approve' : 'verification.reject',
              ),
            },
            {
              label: t('verification.decisionNote'),
              value: note.trim() || t('verification.merge.noNote'),
            },
          ]}
          blocked={
            conflict.latest.status === 'pending'
              ? null
              : t('verification.merge.itemNotPending', {
                  status: t(`evidenceStatus.${conflict.latest.status}`),
                })
          }
          busy={review.isPending}
          onReapply={() =>
            review.mutate({
              decision: conflict.decision,
              version: conflict.latest.version,
              since: conflict.since,
            })
          }
          onRethink={() => setConflict(null)}
        />
      )}
    </Stack>
  );
}

/** Screen 14: the evidence on one side, the selected item in the middle, the review beside it. */
export function ReviewWorkspace() {
  const { t } = useTranslation();
  const me = useMe();
  const { incidentId } = useParams({ from: '/staff/incidents/$incidentId/review' });
  const search = useSearch({ from: '/staff/incidents/$incidentId/review' });
  const navigate = useNavigate({ from: '/incidents/$incidentId/review' });
  const [deciding, setDeciding] = useState(false);
  const { incident, evidence, sources } = useCaseFile(incidentId);
  const items = (evidence.data ?? []).filter((item) => item.status !== 'withdrawn');
  const index = Math.max(
    0,
    items.findIndex((item) => item.id === search.item),
  );
  const selected = items[index] as Evidence | undefined;
  const select = (position: number) => {
    const target = items[position];
    if (target) void navigate({ search: { item: target.id }, replace: true });
  };

  // J and K walk the items, as in mail readers; never while typing a note.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]'))
        return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'j') select(Math.min(index + 1, items.length - 1));
      if (event.key === 'k') select(Math.max(index - 1, 0));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (incident.isPending) return <Text>{t('app.loading')}</Text>;
  if (incident.isError || evidence.isError || sources.isError) {
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
  const allSources: Source[] = sources.data ?? [];
  const facts = decisionFacts(evidence.data ?? [], allSources);
  const decisionOpen = ['verify', 'request_changes', 'reject'].some((action) =>
    item.allowedActions.includes(action as Incident['allowedActions'][number]),
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Group gap="sm">
            <AnchorLink to="/incidents/$incidentId" params={{ incidentId: item.id }} fw={600}>
              {t('detail.open', { reference: item.reference })}
            </AnchorLink>
            <StatusBadge status={item.status} />
          </Group>
          <Title order={1}>{t('verification.workspace', { reference: item.reference })}</Title>
          <Text fw={600}>{item.title}</Text>
        </div>
        {decisionOpen && (
          <Button onClick={() => setDeciding(true)}>{t('verification.decide')}</Button>
        )}
      </Group>
      {item.createdBy === me.id && item.status === 'in_verification' && (
        <Alert color="orange" role="note">
          {t('verification.fourEyes')}
        </Alert>
      )}
      <Text size="sm" c="gray.8">
        {t('verification.keyboard')}
      </Text>
      {items.length === 0 ? (
        <Text>{t('verification.noItems')}</Text>
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Paper withBorder p="xs" component="nav" aria-label={t('verification.items')}>
              {items.map((evidenceItem, position) => (
                <NavLink
                  key={evidenceItem.id}
                  component="button"
                  bg={position === index ? 'gray.2' : undefined}
                  fw={position === index ? 700 : 400}
                  onClick={() => select(position)}
                  label={evidenceItem.description}
                  aria-current={position === index ? 'true' : undefined}
                  description={
                    <Text span size="xs" fw={600} c="gray.9">
                      {t(`evidenceStatus.${evidenceItem.status}`)}
                    </Text>
                  }
                />
              ))}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            {selected && (
              <Paper withBorder p="md" component="section" aria-labelledby="evidence-item">
                <Group justify="space-between" mb="xs">
                  <Title order={2} size="h4" id="evidence-item">
                    {t('verification.itemOf', { index: index + 1, count: items.length })}
                  </Title>
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => select(index - 1)}
                      disabled={index === 0}
                    >
                      {t('verification.previousItem')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => select(index + 1)}
                      disabled={index === items.length - 1}
                    >
                      {t('verification.nextItem')}
                    </Button>
                  </Group>
                </Group>
                <EvidenceView item={selected} sources={allSources} />
              </Paper>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 3 }}>
            {selected && (
              <Paper withBorder p="md" component="section" aria-label={t('verification.decision')}>
                <ReviewPanel
                  key={selected.id}
                  incident={item}
                  item={selected}
                  onReviewed={() => {
                    const nextPending = items.findIndex(
                      (candidate, position) => position > index && candidate.status === 'pending',
                    );
                    if (nextPending >= 0) select(nextPending);
                  }}
                />
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      )}
      <DecisionDialog
        incident={item}
        facts={facts}
        opened={deciding}
        onClose={() => setDeciding(false)}
      />
    </Stack>
  );
}
