import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../../api/client';
import type { components } from '../../../api/schema';
import { useMe } from '../../../app/use-session';
import { AnchorLink } from '../../../ui/links';
import { useNames } from '../../../ui/use-reference';
import { entriesSince, loadIncident } from '../history/changed-since';
import { fieldLabel, FieldChange, HistoryEntry, valueInWords } from '../history/describe';
import { editBlock } from './edit-rule';
import { countErrors, FormProblems } from './FormProblems';
import {
  changesOf,
  formOf,
  IncidentFormValues,
  IncidentPayload,
  payloadOf,
  reapply,
} from './form-model';
import { IncidentFields } from './IncidentFields';
import { MergeView } from './MergeView';
import { showServerErrors, useIncidentForm } from './use-incident-form';

type Incident = components['schemas']['IncidentDto'];

/** Editing an incident in intake; only who the API lets edit it, and the others told why. */
export function EditIncident() {
  const { t } = useTranslation();
  const me = useMe();
  const { incidentId } = useParams({ from: '/staff/incidents/$incidentId/edit' });
  const incident = useQuery({
    queryKey: ['incident', incidentId, 'edit'],
    queryFn: () => loadIncident(incidentId),
    // The form keeps what it loaded: a refetch must not replace what the user typed.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    gcTime: 0,
  });
  if (incident.isPending) return <Text>{t('app.loading')}</Text>;
  if (incident.isError) {
    const notFound =
      incident.error instanceof ApiError &&
      (incident.error.status === 404 || incident.error.status === 400);
    return (
      <Alert color="red" role="alert">
        {notFound ? t('detail.notFound') : t('app.unavailable')}
      </Alert>
    );
  }
  const item = incident.data;
  const block = editBlock(item, me);
  if (block) {
    return (
      <Stack>
        <Title order={1}>{t('incidentForm.editTitle', { reference: item.reference })}</Title>
        <Alert color="orange" role="note">
          {block === 'state'
            ? t('incidentForm.cannotEdit.state', { status: t(`status.${item.status}`) })
            : t('incidentForm.cannotEdit.notCreator')}
        </Alert>
        <AnchorLink to="/incidents/$incidentId" params={{ incidentId: item.id }}>
          {t('incidentForm.backToIncident', { reference: item.reference })}
        </AnchorLink>
      </Stack>
    );
  }
  return <EditForm incident={item} />;
}

interface Base {
  values: IncidentFormValues;
  version: number;
  updatedAt: string;
}

interface Conflict {
  latest: Incident;
  theirs: HistoryEntry[];
}

function EditForm({ incident }: { incident: Incident }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [base, setBase] = useState<Base>(() => ({
    values: formOf(incident),
    version: incident.version,
    updatedAt: incident.updatedAt,
  }));
  const form = useIncidentForm(base.values);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [unmapped, setUnmapped] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  const pending = (from: IncidentFormValues, to: IncidentFormValues): FieldChange[] => {
    const before = payloadOf(from) as unknown as Record<string, unknown>;
    return Object.entries(changesOf(from, to)).map(([field, value]) => ({
      field,
      label: fieldLabel(field, t),
      old: valueInWords(field, before[field], t, i18n.language, names),
      new: valueInWords(field, value, t, i18n.language, names),
    }));
  };

  async function save(changes: Partial<IncidentPayload>, version: number) {
    setBusy(true);
    setUnmapped([]);
    setNotice(null);
    try {
      const { data, error, response } = await api.PATCH('/api/v1/incidents/{id}', {
        params: { path: { id: incident.id } },
        body: { ...changes, version },
      });
      if (error) {
        const failure = apiError(response, error);
        if (failure.body?.code === 'stale_version') {
          const [latest, theirs] = await Promise.all([
            loadIncident(incident.id),
            entriesSince(incident.id, base.updatedAt),
          ]);
          setConflict({ latest, theirs });
          return;
        }
        if (failure.status === 400) setUnmapped(showServerErrors(form, failure));
        else setUnmapped([failure.message]);
        return;
      }
      setConflict(null);
      await queryClient.invalidateQueries({ queryKey: ['incident', incident.id] });
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      await navigate({ to: '/incidents/$incidentId', params: { incidentId: data.id } });
    } catch {
      setUnmapped([t('app.unavailable')]);
    } finally {
      setBusy(false);
    }
  }

  const submit = (values: IncidentFormValues) => {
    const changes = changesOf(base.values, values);
    if (Object.keys(changes).length === 0) {
      setNotice(t('incidentForm.nothingChanged'));
      return;
    }
    void save(changes, base.version);
  };

  const reapplyMine = () => {
    if (!conflict) return;
    const latest = formOf(conflict.latest);
    const merged = reapply(latest, base.values, form.getValues());
    setBase({
      values: latest,
      version: conflict.latest.version,
      updatedAt: conflict.latest.updatedAt,
    });
    form.reset(merged);
    void save(changesOf(latest, merged), conflict.latest.version);
  };

  const discardMine = () => {
    if (!conflict) return;
    const latest = formOf(conflict.latest);
    setBase({
      values: latest,
      version: conflict.latest.version,
      updatedAt: conflict.latest.updatedAt,
    });
    form.reset(latest);
    setConflict(null);
    setNotice(t('history.merge.discarded'));
  };

  const invalid = tried ? countErrors(form.formState.errors) : 0;
  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-labelledby="edit-incident"
        onSubmit={(event) => {
          setTried(true);
          void form.handleSubmit(submit)(event);
        }}
      >
        <Stack>
          <Title order={1} id="edit-incident">
            {t('incidentForm.editTitle', { reference: incident.reference })}
          </Title>
          <AnchorLink to="/incidents/$incidentId" params={{ incidentId: incident.id }}>
            {t('incidentForm.backToIncident', { reference: incident.reference })}
          </AnchorLink>
          {conflict && (
            <MergeView
              theirs={conflict.theirs}
              mine={pending(base.values, form.getValues())}
              busy={busy}
              onReapply={reapplyMine}
              onDiscard={discardMine}
            />
          )}
          <IncidentFields />
          <FormProblems invalid={invalid} unmapped={unmapped} />
          {notice && (
            <Alert color="blue" role="status">
              {notice}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy} disabled={conflict !== null}>
              {t('incidentForm.save')}
            </Button>
            {conflict && <Text size="sm">{t('history.merge.saveBlocked')}</Text>}
          </Group>
        </Stack>
      </form>
    </FormProvider>
  );
}
