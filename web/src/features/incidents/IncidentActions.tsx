import { Alert, Button, Group, Modal, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { SubmitChecklist } from './SubmitChecklist';

type Incident = components['schemas']['IncidentDto'];
type Action = components['schemas']['TransitionDto']['action'];

/** The actions a monitor takes here; verification and publication have their own screens. */
const HERE: readonly Action[] = ['submit', 'withdraw', 'reopen'];
const NOTE_REQUIRED: readonly Action[] = ['withdraw', 'reopen'];

/**
 * The actions the server allows this caller now (allowedActions), and why the ones a user
 * might look for are missing: four eyes above all.
 */
export function IncidentActions({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const allowed = incident.allowedActions.filter((action) => HERE.includes(action));
  const fourEyes =
    incident.createdBy === me.id &&
    me.roles.includes('verifier') &&
    incident.status === 'in_verification';

  const transition = useMutation({
    mutationFn: async (action: Action) => {
      const { data, error, response } = await api.POST('/api/v1/incidents/{id}/transitions', {
        params: { path: { id: incident.id } },
        body: { action, version: incident.version, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async () => {
      setOpen(null);
      setNote('');
      setProblem(null);
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.body?.code === 'stale_version') {
        setProblem(t('actions.stale'));
        await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
        return;
      }
      setProblem(
        error instanceof ApiError ? (error.body?.message ?? error.message) : t('app.unavailable'),
      );
    },
  });

  const start = (action: Action): void => {
    setProblem(null);
    // Submitting goes through its checklist; the others that need a note through the note dialog.
    if (NOTE_REQUIRED.includes(action) || action === 'submit') setOpen(action);
    else transition.mutate(action);
  };

  return (
    <Stack gap="xs" component="section" aria-labelledby="actions">
      <Title order={2} size="h4" id="actions">
        {t('actions.title')}
      </Title>
      {fourEyes && (
        <Alert color="yellow" role="note">
          {t('actions.fourEyes')}
        </Alert>
      )}
      {problem && !open && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      {allowed.length === 0 ? (
        <Text c="gray.8">{t('actions.none')}</Text>
      ) : (
        <Group gap="xs">
          {allowed.map((action) => (
            <Button
              key={action}
              variant={action === 'withdraw' ? 'default' : 'filled'}
              onClick={() => start(action)}
              loading={transition.isPending && transition.variables === action}
            >
              {t(`actions.${action}`)}
            </Button>
          ))}
        </Group>
      )}
      {open === 'submit' && (
        <SubmitChecklist
          incidentId={incident.id}
          onSubmit={() => transition.mutate('submit')}
          onClose={() => setOpen(null)}
          submitting={transition.isPending}
          problem={problem}
        />
      )}
      <Modal
        opened={open !== null && open !== 'submit'}
        onClose={() => setOpen(null)}
        title={open ? t(`actions.${open}`) : ''}
        closeButtonProps={{ 'aria-label': t('actions.cancel') }}
      >
        <Stack>
          {open === 'withdraw' && <Text size="sm">{t('actions.withdrawHelp')}</Text>}
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <Textarea
            label={t('actions.note')}
            required
            autosize
            minRows={3}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={transition.isError && !note.trim() ? t('actions.noteRequired') : undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(null)}>
              {t('actions.cancel')}
            </Button>
            <Button
              onClick={() => open && transition.mutate(open)}
              disabled={!note.trim()}
              loading={transition.isPending}
            >
              {t('actions.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
