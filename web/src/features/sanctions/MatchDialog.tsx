import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { MatchChoice } from './ScreeningPanel';
import { DECISIONS, DecisionKind, IncidentScreening } from './screening-rules';

export const NOTE_MAX = 2000;

/** The note's message from a 400's details, when the server named the field. */
function noteProblem(error: ApiError): string | null {
  const details = Array.isArray(error.body?.details) ? (error.body.details as unknown[]) : [];
  for (const item of details) {
    const detail = item as { field?: unknown; errors?: unknown };
    if (detail.field === 'note' && Array.isArray(detail.errors)) return detail.errors.join('; ');
  }
  return null;
}

/**
 * Confirm, dismiss or unsure about one candidate, with the note every decision needs. It sends
 * the incident's version; a stale one reloads the screening and keeps the note for a resend.
 */
export function MatchDialog({
  incidentId,
  version,
  choice,
  onClose,
}: {
  incidentId: string;
  version: number;
  choice: MatchChoice;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<DecisionKind>(choice.decision);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const { actor, candidate } = choice;
  const trimmed = note.trim();

  const decide = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST(
        '/api/v1/incidents/{id}/actors/{actorId}/matches',
        {
          params: { path: { id: incidentId, actorId: actor.actorId } },
          body: { designationRef: `UN:${candidate.reference}`, decision, note: trimmed, version },
        },
      );
      if (error || !data) throw apiError(response, error);
      return data;
    },
    onSuccess: async (screening) => {
      queryClient.setQueryData<IncidentScreening>(['incident', incidentId, 'screening'], screening);
      onClose();
      // The incident (its actors' designations), its history and the lists it appears in.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['incident', incidentId] }),
        queryClient.invalidateQueries({ queryKey: ['incidents'] }),
      ]);
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.body?.code === 'stale_version') {
        setStale(true);
        setProblem(null);
        // The screening (and with it the version the next send carries) and the incident.
        await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
        return;
      }
      setStale(false);
      if (error instanceof ApiError) {
        const code = error.body?.code;
        if (code === 'four_eyes') return setProblem(t('sanctions.whyNot.fourEyes'));
        if (code === 'forbidden_role') return setProblem(t('sanctions.whyNot.role'));
        if (code === 'wrong_state') return setProblem(t('sanctions.whyNot.state'));
        return setProblem(noteProblem(error) ?? error.body?.message ?? error.message);
      }
      setProblem(t('app.unavailable'));
    },
  });

  const tooLong = trimmed.length > NOTE_MAX;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('sanctions.decide.title', { designation: candidate.reference, actor: actor.name })}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
      size="lg"
    >
      <Stack>
        <Text size="sm">
          {t('sanctions.decide.intro', {
            actor: actor.name,
            designation: candidate.name,
            reference: candidate.reference,
          })}
        </Text>
        {stale && (
          <Alert color="orange" role="alert">
            <Text size="sm" c="dark.9">
              {t('sanctions.decide.stale')}
            </Text>
          </Alert>
        )}
        <Radio.Group
          label={t('sanctions.decide.decision')}
          value={decision}
          onChange={(value) => setDecision(value)}
        >
          <Stack gap={6} mt={6}>
            {DECISIONS.map((kind) => (
              <Radio
                key={kind}
                value={kind}
                label={t(`sanctions.decide.${kind}`)}
                description={t(`sanctions.decide.effect.${kind}`, {
                  reference: candidate.reference,
                })}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t('sanctions.decide.note')}
          description={t('sanctions.decide.noteHelp', { max: NOTE_MAX })}
          required
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={tooLong ? t('sanctions.decide.noteTooLong', { max: NOTE_MAX }) : undefined}
          autosize
          minRows={3}
          data-autofocus
        />
        {problem && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {problem}
            </Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button
            onClick={() => decide.mutate()}
            loading={decide.isPending}
            disabled={!trimmed || tooLong}
          >
            {stale ? t('sanctions.decide.sendAgain') : t('sanctions.decide.send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
