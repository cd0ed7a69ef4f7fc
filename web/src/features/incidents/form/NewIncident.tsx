import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../../api/client';
import type { components } from '../../../api/schema';
import { useMe } from '../../../app/use-session';
import { SimilarList } from '../compare/SimilarList';
import { countErrors, FormProblems } from './FormProblems';
import { emptyForm, IncidentFormValues, payloadOf } from './form-model';
import { IncidentFields } from './IncidentFields';
import { showServerErrors, useIncidentForm } from './use-incident-form';

type Created = components['schemas']['CreatedIncidentDto'];

/** Roles the API lets file an incident (POST /incidents: monitor, admin). */
export const mayFile = (roles: readonly string[]): boolean =>
  roles.includes('monitor') || roles.includes('admin');

/** Filing a new incident; then its possible duplicates, compared, before going on. */
export function NewIncident() {
  const { t } = useTranslation();
  const me = useMe();
  const [created, setCreated] = useState<Created | null>(null);
  if (!mayFile(me.roles)) {
    return (
      <Stack>
        <Title order={1}>{t('incidentForm.newTitle')}</Title>
        <Alert color="orange" role="note">
          {t('incidentForm.mayNotFile')}
        </Alert>
      </Stack>
    );
  }
  if (created) return <PossibleDuplicates created={created} />;
  return <NewIncidentForm onCreated={setCreated} />;
}

function NewIncidentForm({ onCreated }: { onCreated: (created: Created) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useIncidentForm(emptyForm());
  const [unmapped, setUnmapped] = useState<string[]>([]);
  const [tried, setTried] = useState(false);

  const file = useMutation({
    mutationFn: async (values: IncidentFormValues) => {
      const { data, error, response } = await api.POST('/api/v1/incidents', {
        body: payloadOf(values),
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      if (data.possibleDuplicates.length > 0) onCreated(data);
      else await navigate({ to: '/incidents/$incidentId', params: { incidentId: data.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        setUnmapped(showServerErrors(form, error));
      } else {
        setUnmapped([error instanceof ApiError ? error.message : t('app.unavailable')]);
      }
    },
  });

  const invalid = tried ? countErrors(form.formState.errors) : 0;
  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-labelledby="new-incident"
        onSubmit={(event) => {
          setTried(true);
          setUnmapped([]);
          void form.handleSubmit((values) => file.mutate(values))(event);
        }}
      >
        <Stack>
          <Title order={1} id="new-incident">
            {t('incidentForm.newTitle')}
          </Title>
          <Text c="gray.8">{t('incidentForm.newIntro')}</Text>
          <IncidentFields />
          <FormProblems invalid={invalid} unmapped={unmapped} />
          <Group>
            <Button type="submit" loading={file.isPending}>
              {t('incidentForm.file')}
            </Button>
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}

function PossibleDuplicates({ created }: { created: Created }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack>
      <Title order={1}>
        {t('incidentForm.duplicates.title', { reference: created.reference })}
      </Title>
      <Alert color="blue" role="status">
        {t('incidentForm.duplicates.intro', { count: created.possibleDuplicates.length })}
      </Alert>
      <SimilarList incident={created} items={created.possibleDuplicates} />
      <Group>
        <Button
          onClick={() =>
            void navigate({ to: '/incidents/$incidentId', params: { incidentId: created.id } })
          }
        >
          {t('incidentForm.duplicates.goOn', { reference: created.reference })}
        </Button>
      </Group>
    </Stack>
  );
}
