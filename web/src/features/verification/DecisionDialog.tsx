import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { entriesSince, loadIncident } from '../incidents/history/changed-since';
import type { HistoryEntry } from '../incidents/history/describe';
import { nextInQueue, useQueueSection } from './queue';
import { canVerify, Confidence, DecisionFacts } from './rules';
import { StaleDecision } from './StaleDecision';

type Incident = components['schemas']['IncidentDto'];
type Action = 'verify' | 'request_changes' | 'reject';

const ACTION_LABEL = {
  verify: 'verification.verify',
  request_changes: 'verification.requestChanges',
  reject: 'verification.rejectIncident',
} as const;

/** A decision refused as stale: the incident as it is now, and what changed since it loaded. */
interface Conflict {
  action: Action;
  /** When the incident the verifier decided on was last changed. */
  since: string;
  latest: Incident;
  theirs: HistoryEntry[];
}

function Check({ done, children }: { done: boolean; children: string }) {
  const { t } = useTranslation();
  return (
    <List.Item
      icon={
        <Text c={done ? 'green.9' : 'red.9'} fw={700} aria-hidden>
          {done ? '✓' : '✗'}
        </Text>
      }
    >
      {children}
      <VisuallyHidden> ({done ? t('verification.met') : t('verification.unmet')})</VisuallyHidden>
    </List.Item>
  );
}

/**
 * Screen 15: verify, request changes or reject, with the verify preconditions checked live and
 * the corroboration laid out, so nobody learns of a rule from a 422.
 */
export function DecisionDialog({
  incident,
  facts,
  opened,
  onClose,
}: {
  incident: Incident;
  facts: DecisionFacts;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confidence, setConfidence] = useState<Confidence | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<Incident | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const assigned = useQueueSection('assigned', me.id);
  const open = useQueueSection('open', me.id);
  const allowed = (action: Action) => incident.allowedActions.includes(action);
  const fourEyes = incident.createdBy === me.id;
  const twoGroups = facts.groups.length >= 2;

  const decide = useMutation({
    mutationFn: async ({ action, version }: { action: Action; version: number; since: string }) => {
      const { data, error, response } = await api.POST('/api/v1/incidents/{id}/transitions', {
        params: { path: { id: incident.id } },
        body: {
          action,
          version,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(action === 'verify' && confidence ? { confidence } : {}),
        },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async (result) => {
      setDone(result);
      setProblem(null);
      setConflict(null);
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
    },
    onError: async (error, { action, since }) => {
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
      if (error instanceof ApiError && error.body?.code === 'stale_version') {
        try {
          const [latest, theirs] = await Promise.all([
            loadIncident(incident.id),
            entriesSince(incident.id, since),
          ]);
          setProblem(null);
          setConflict({ action, since, latest, theirs });
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
  // `since` is what this verifier saw when deciding: the merge view lists everything after it.
  const send = (action: Action) =>
    decide.mutate({ action, version: incident.version, since: incident.updatedAt });
  const pendingAction = decide.isPending ? decide.variables.action : null;
  const next = nextInQueue(assigned.data ?? [], open.data ?? [], incident.id);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('verification.dialogTitle', { reference: incident.reference })}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
      size="lg"
    >
      {done ? (
        <Stack>
          <Alert color="green" role="status">
            {t('verification.done', {
              reference: done.reference,
              status: t(`status.${done.status}`),
            })}
          </Alert>
          {next ? (
            <Button
              onClick={() => {
                onClose();
                void navigate({
                  to: '/incidents/$incidentId/review',
                  params: { incidentId: next.id },
                });
              }}
            >
              {t('verification.next')}: {next.reference}
            </Button>
          ) : (
            <Text>{t('verification.queueDone')}</Text>
          )}
        </Stack>
      ) : (
        <Stack>
          {conflict && (
            <StaleDecision
              theirs={conflict.theirs}
              mine={[
                {
                  label: t('verification.merge.decision'),
                  value: t(ACTION_LABEL[conflict.action]),
                },
                ...(conflict.action === 'verify' && confidence
                  ? [{ label: t('verification.confidence'), value: t(`confidence.${confidence}`) }]
                  : []),
                {
                  label: t('verification.decisionNote'),
                  value: note.trim() || t('verification.merge.noNote'),
                },
              ]}
              blocked={
                conflict.latest.allowedActions.includes(conflict.action)
                  ? null
                  : t('verification.merge.notPossible', {
                      status: t(`status.${conflict.latest.status}`),
                    })
              }
              busy={decide.isPending}
              onReapply={() =>
                decide.mutate({
                  action: conflict.action,
                  version: conflict.latest.version,
                  since: conflict.since,
                })
              }
              onRethink={() => setConflict(null)}
            />
          )}
          {fourEyes && (
            <Alert color="orange" role="note">
              {t('verification.fourEyes')}
            </Alert>
          )}
          <section aria-labelledby="decision-checklist">
            <Title order={3} size="h5" id="decision-checklist" mb={4}>
              {t('verification.checklist')}
            </Title>
            <List spacing={4}>
              <Check done={facts.pending === 0}>
                {facts.pending === 0
                  ? t('verification.noPending')
                  : t('verification.pendingLeft', { count: facts.pending })}
              </Check>
              <Check done={facts.approved > 0}>{t('verification.oneApproved')}</Check>
              <Check done={confidence !== null}>{t('verification.confidenceChosen')}</Check>
            </List>
          </section>
          <section aria-labelledby="decision-corroboration">
            <Title order={3} size="h5" id="decision-corroboration" mb={4}>
              {t('verification.corroboration')}
            </Title>
            <Text fw={600}>{t('verification.groups', { count: facts.groups.length })}</Text>
            <List spacing={4}>
              {facts.groups.map((group, index) => (
                <List.Item key={group.group}>
                  {t('verification.group', {
                    index: index + 1,
                    sources: group.sources
                      .map((source) =>
                        source.view === 'redacted'
                          ? t('sources.confidential', { pseudonym: source.pseudonym })
                          : source.name,
                      )
                      .join(', '),
                  })}
                  <Text size="sm" c="gray.8">
                    {group.evidence.map((item) => item.description).join(' · ')}
                  </Text>
                </List.Item>
              ))}
              {facts.unsourced.length > 0 && (
                <List.Item>
                  {t('verification.unsourced')}
                  <Text size="sm" c="gray.8">
                    {facts.unsourced.map((item) => item.description).join(' · ')}
                  </Text>
                </List.Item>
              )}
            </List>
          </section>
          <Radio.Group
            label={t('verification.confidence')}
            value={confidence ?? ''}
            onChange={(value) => setConfidence(value as Confidence)}
          >
            <Stack gap={6} mt={6}>
              <Radio value="confirmed" label={t('confidence.confirmed')} disabled={!twoGroups} />
              {!twoGroups && (
                <Text size="sm" c="orange.9" id="confirmed-why">
                  {t('verification.confirmedNeedsTwo', { count: facts.groups.length })}
                </Text>
              )}
              <Radio value="likely" label={t('confidence.likely')} />
              <Radio value="possible" label={t('confidence.possible')} />
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('verification.decisionNote')}
            description={t('verification.noteNeeded')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            rows={2}
          />
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            {allowed('reject') && (
              <Button
                color="red.8"
                variant="outline"
                disabled={!note.trim() || conflict !== null}
                loading={pendingAction === 'reject'}
                onClick={() => send('reject')}
              >
                {t('verification.rejectIncident')}
              </Button>
            )}
            {allowed('request_changes') && (
              <Button
                variant="default"
                disabled={!note.trim() || conflict !== null}
                loading={pendingAction === 'request_changes'}
                onClick={() => send('request_changes')}
              >
                {t('verification.requestChanges')}
              </Button>
            )}
            {allowed('verify') && (
              <Button
                disabled={!canVerify(facts, confidence) || conflict !== null}
                loading={pendingAction === 'verify'}
                onClick={() => send('verify')}
              >
                {t('verification.verify')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
