import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { gradingLabel } from '../../ui/grading';
import {
  confidentialStatement,
  credibilityOptions,
  groupCount,
  groupOptions,
  reliabilityOptions,
  SOURCE_KINDS,
  SourceView,
} from './source-rules';

type Kind = components['schemas']['CreateSourceDto']['kind'];
type Reliability = components['schemas']['CreateSourceDto']['reliability'];

/** The group choice that means "a group of its own" (the server's default: the source's id). */
const INDEPENDENT = '';

interface Form {
  kind: Kind;
  name: string;
  url: string;
  publishedAt: string;
  reliability: Reliability;
  credibility: string;
  group: string;
  confidential: boolean;
  contact: string;
  notes: string;
}

/** `form` with the details (what a confidential source hides) taken from `from`. */
const withDetailsOf = (form: Form, from: Form): Form => ({
  ...form,
  name: from.name,
  url: from.url,
  publishedAt: from.publishedAt,
  contact: from.contact,
  notes: from.notes,
});

function formOf(source: SourceView | undefined): Form {
  const full = source?.view === 'full' ? source : undefined;
  return {
    kind: source?.kind ?? 'media',
    name: full?.name ?? '',
    url: full?.url ?? '',
    publishedAt: full?.publishedAt ?? '',
    reliability: source?.reliability ?? 'F',
    credibility: String(source?.credibility ?? 6),
    group:
      source && source.independenceGroup !== source.id ? source.independenceGroup : INDEPENDENT,
    confidential: source?.confidential ?? false,
    contact: full?.contact ?? '',
    notes: full?.notes ?? '',
  };
}

/** The fields of `after` that differ from `before`, named as the API names them. */
function changedFields(before: Form, after: Form): string[] {
  const names: Record<keyof Form, string> = {
    kind: 'kind',
    name: 'name',
    url: 'url',
    publishedAt: 'publishedAt',
    reliability: 'reliability',
    credibility: 'credibility',
    group: 'independenceGroup',
    confidential: 'confidential',
    contact: 'contact',
    notes: 'notes',
  };
  return (Object.keys(names) as (keyof Form)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => names[key]);
}

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * Adds a source to an incident, or edits one (SPEC 8): Admiralty grading in words, the
 * independence group and what it means for "confirmed", and what confidentiality does. A
 * confidential source's details are edited only after a reveal, which is audited; an edit that
 * meets a newer version (409) reloads the source and keeps what the user typed.
 */
export function SourceDialog({
  incidentId,
  sources,
  editing,
  onClose,
}: {
  incidentId: string;
  sources: readonly SourceView[];
  /** The source to edit; none to add one. */
  editing?: SourceView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery('(max-width: 36em)');
  const [base, setBase] = useState<SourceView | undefined>(editing);
  const [form, setForm] = useState<Form>(() => formOf(editing));
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [revealRefused, setRevealRefused] = useState(false);
  const [saving, setSaving] = useState(false);
  const [touched, setTouched] = useState(false);
  const detailsHidden = base?.view === 'redacted';
  const set = <K extends keyof Form>(key: K, value: Form[K]): void =>
    setForm((current) => ({ ...current, [key]: value }));

  const nameError =
    touched && !detailsHidden && !form.name.trim() ? t('sourceDialog.nameRequired') : null;
  const urlError =
    touched && !detailsHidden && form.url.trim() && !isHttpUrl(form.url.trim())
      ? t('sourceDialog.urlInvalid')
      : null;
  const groups = groupOptions(t, sources, editing);
  const grade = gradingLabel(t, form.reliability, Number(form.credibility));
  const gradingChanged =
    base !== undefined &&
    (base.reliability !== form.reliability ||
      String(base.credibility) !== form.credibility ||
      formOf(base).group !== form.group);

  const reveal = async (): Promise<void> => {
    if (!base) return;
    const { data, error, response } = await api.POST('/api/v1/sources/{id}/reveal', {
      params: { path: { id: base.id } },
    });
    if (response.status === 404) {
      setRevealRefused(true);
      return;
    }
    if (error) {
      setProblem(t('sourceDialog.problem', { message: apiError(response, error).message }));
      return;
    }
    setBase(data);
    setForm((current) => withDetailsOf(current, formOf(data)));
  };

  const reload = async (): Promise<void> => {
    if (!base) return;
    await queryClient.invalidateQueries({ queryKey: ['incident', incidentId, 'sources'] });
    const fresh = queryClient
      .getQueryData<SourceView[]>(['incident', incidentId, 'sources'])
      ?.find((source) => source.id === base.id);
    if (!fresh) return;
    // Compare like with like: a revealed source against its reloaded (redacted) view.
    const before = formOf(base);
    const after = formOf(fresh);
    const fields = changedFields(
      before,
      fresh.view === 'redacted' ? withDetailsOf(after, before) : after,
    );
    // A revealed source stays revealed: its details as they were, the rest (and version) fresh.
    setBase(
      fresh.view === 'redacted' && base.view === 'full'
        ? { ...base, ...fresh, view: 'full', confidential: true }
        : fresh,
    );
    setStale(
      fields.length > 0
        ? t('sourceDialog.stale', {
            fields: fields.map((field) => t(`sourceDialog.field.${field}`)).join(', '),
          })
        : t('sourceDialog.staleNothing'),
    );
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (!detailsHidden && (!form.name.trim() || (form.url.trim() && !isHttpUrl(form.url.trim()))))
      return;
    setSaving(true);
    setProblem(null);
    try {
      const text = (value: string): string | null => value.trim() || null;
      if (!base) {
        const { error, response } = await api.POST('/api/v1/incidents/{id}/sources', {
          params: { path: { id: incidentId } },
          body: {
            kind: form.kind,
            name: form.name.trim(),
            url: text(form.url),
            publishedAt: text(form.publishedAt),
            reliability: form.reliability,
            credibility: Number(form.credibility),
            ...(form.group ? { independenceGroup: form.group } : {}),
            confidential: form.confidential,
            contact: text(form.contact),
            notes: text(form.notes),
          },
        });
        if (error) throw apiError(response, error);
      } else {
        const before = formOf(base);
        const changed = new Set(changedFields(before, form));
        const body: components['schemas']['UpdateSourceDto'] = { version: base.version };
        if (changed.has('kind')) body.kind = form.kind;
        if (changed.has('reliability')) body.reliability = form.reliability;
        if (changed.has('credibility')) body.credibility = Number(form.credibility);
        if (changed.has('independenceGroup')) body.independenceGroup = form.group || null;
        if (changed.has('confidential')) body.confidential = form.confidential;
        if (!detailsHidden) {
          if (changed.has('name')) body.name = form.name.trim();
          if (changed.has('url')) body.url = text(form.url);
          if (changed.has('publishedAt')) body.publishedAt = text(form.publishedAt);
          if (changed.has('contact')) body.contact = text(form.contact);
          if (changed.has('notes')) body.notes = text(form.notes);
        }
        if (Object.keys(body).length === 1) {
          onClose();
          return;
        }
        const { error, response } = await api.PATCH('/api/v1/sources/{id}', {
          params: { path: { id: base.id } },
          body,
        });
        if (error) throw apiError(response, error);
      }
      await queryClient.invalidateQueries({ queryKey: ['incident', incidentId] });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.body?.code === 'stale_version') {
        await reload();
      } else {
        setProblem(
          t('sourceDialog.problem', {
            message:
              error instanceof ApiError
                ? (error.body?.message ?? error.message)
                : t('app.unavailable'),
          }),
        );
      }
    } finally {
      setSaving(false);
    }
  };

  const title = base
    ? t('sourceDialog.editTitle', {
        name: base.view === 'full' && !base.confidential ? base.name : base.pseudonym,
      })
    : t('sourceDialog.title');

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={narrow}
      closeButtonProps={{ 'aria-label': t('sourceDialog.cancel') }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack>
          {stale && (
            <Alert color="yellow" role="alert">
              {stale}
            </Alert>
          )}
          {problem && (
            <Alert color="red" role="alert">
              {problem}
            </Alert>
          )}
          <NativeSelect
            label={t('sourceDialog.kind')}
            value={form.kind}
            onChange={(event) => set('kind', event.currentTarget.value as Kind)}
            data={SOURCE_KINDS.map((kind) => ({ value: kind, label: t(`sourceKind.${kind}`) }))}
          />
          {detailsHidden ? (
            <Alert color="gray" c="gray.9" role="note">
              <Stack gap="xs">
                <Text size="sm">{t('sourceDialog.detailsHidden')}</Text>
                {revealRefused ? (
                  <Text size="sm" role="alert">
                    {t('sourceDialog.revealRefused')}
                  </Text>
                ) : (
                  <Group gap="xs">
                    <Button variant="default" size="xs" onClick={() => void reveal()}>
                      {t('sourceDialog.reveal')}
                    </Button>
                    <Text size="xs" c="gray.8">
                      {t('sourceDialog.revealAudited')}
                    </Text>
                  </Group>
                )}
              </Stack>
            </Alert>
          ) : (
            <>
              <TextInput
                label={t('sourceDialog.name')}
                description={t('sourceDialog.nameHelp')}
                required
                value={form.name}
                onChange={(event) => set('name', event.currentTarget.value)}
                error={nameError}
                maxLength={300}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('sourceDialog.url')}
                  type="url"
                  value={form.url}
                  onChange={(event) => set('url', event.currentTarget.value)}
                  error={urlError}
                  maxLength={2000}
                />
                <TextInput
                  label={t('sourceDialog.publishedAt')}
                  type="date"
                  value={form.publishedAt}
                  onChange={(event) => set('publishedAt', event.currentTarget.value)}
                />
              </SimpleGrid>
            </>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Radio.Group
              label={t('sourceDialog.reliability')}
              description={t('sourceDialog.reliabilityHelp')}
              value={form.reliability}
              onChange={(value) => set('reliability', value)}
            >
              <Stack gap={6} mt="xs">
                {reliabilityOptions(t).map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} />
                ))}
              </Stack>
            </Radio.Group>
            <Radio.Group
              label={t('sourceDialog.credibility')}
              description={t('sourceDialog.credibilityHelp')}
              value={form.credibility}
              onChange={(value) => set('credibility', value)}
            >
              <Stack gap={6} mt="xs">
                {credibilityOptions(t).map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} />
                ))}
              </Stack>
            </Radio.Group>
          </SimpleGrid>
          <Text fw={600} aria-live="polite">
            {t('sourceDialog.chosenGrade', { label: grade })}
          </Text>
          <NativeSelect
            label={t('sourceDialog.group')}
            description={t('sourceDialog.groupHelp')}
            value={form.group}
            onChange={(event) => set('group', event.currentTarget.value)}
            data={[{ value: INDEPENDENT, label: t('sourceDialog.groupIndependent') }, ...groups]}
          />
          <Text size="sm">
            {t('sourceDialog.groupEffect')}{' '}
            {t('sourceDialog.groupCount', { count: groupCount(sources) })}
          </Text>
          {gradingChanged && (
            <Alert color="yellow" c="gray.9" role="note">
              {t('sourceDialog.regradeWarning')}
            </Alert>
          )}
          <Switch
            label={t('sourceDialog.confidential')}
            checked={form.confidential}
            onChange={(event) => set('confidential', event.currentTarget.checked)}
            aria-describedby="confidential-statement"
          />
          <List
            id="confidential-statement"
            size="sm"
            spacing={4}
            data-testid="confidential-statement"
          >
            {confidentialStatement(t, form.confidential, base?.pseudonym).map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
          {!detailsHidden && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('sourceDialog.contact')}
                value={form.contact}
                onChange={(event) => set('contact', event.currentTarget.value)}
                maxLength={500}
              />
              <Textarea
                label={t('sourceDialog.notes')}
                autosize
                minRows={2}
                value={form.notes}
                onChange={(event) => set('notes', event.currentTarget.value)}
                maxLength={5000}
              />
            </SimpleGrid>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('sourceDialog.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('sourceDialog.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
