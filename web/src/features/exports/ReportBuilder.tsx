import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { countryName } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { useNames } from '../../ui/use-reference';
// The builder shares the incident list's filters and their URL form, nothing else of incidents.
import { ListFilters } from '../incidents/ListFilters';
import { filtersOf, IncidentSearch, STATUSES } from '../incidents/search';
import { useExportJob } from './api';
import { ExportJob } from './ExportJob';
import {
  CSV_FIELDS,
  CsvField,
  draftProblems,
  ExportFormat,
  exportRequest,
  ExportScope,
  formatsFor,
  hasStaffFilters,
  isActive,
  scopesFor,
  takesFields,
  takesTitle,
} from './rules';

/** The report builder (UI.md 20): filters in the URL, format and contents, totals, the job. */
export function ReportBuilder() {
  const { t } = useTranslation();
  const me = useMe();
  const { allowed } = scopesFor(me.roles);
  return (
    <Stack>
      <Title order={1}>{t('exports.builderTitle')}</Title>
      {allowed.length === 0 ? (
        <Text role="note" maw={720}>
          {t('exports.rolesOnly')}
        </Text>
      ) : (
        <Builder />
      )}
    </Stack>
  );
}

function Builder() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/staff/exports/new' });
  const navigate = useNavigate({ from: '/exports/new' });
  const filters = filtersOf(search);
  const update = (patch: Partial<IncidentSearch>, replaceAll = false): void => {
    void navigate({
      search: (previous) => {
        const next: Record<string, unknown> = replaceAll ? { ...patch } : { ...previous, ...patch };
        // An export has no order or map of its own: the list's sort and view stay behind.
        delete next.sort;
        delete next.view;
        return Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined));
      },
      replace: true,
    });
  };
  const filtersId = useId();
  const me = useMe();
  const [scope, setScope] = useState<ExportScope>(scopesFor(me.roles).allowed[0]);
  const stats = useQuery({
    queryKey: ['incidents', 'stats', filters],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/stats', {
        params: { query: filters },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <Text maw={720}>{t('exports.builderIntro')}</Text>
      <Paper withBorder p="md" component="section" aria-labelledby={filtersId}>
        <Title order={2} size="h4" id={filtersId} mb="xs">
          {t('exports.filters')}
        </Title>
        <ListFilters search={search} onChange={update} sortable={false} />
      </Paper>
      {/* On a phone the totals come first, under the filters that change them. */}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
          <ExportForm filters={filters} scope={scope} onScope={setScope} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
          <Preview stats={stats.data} failed={stats.isError} scope={scope} />
        </Grid.Col>
      </Grid>
    </>
  );
}

type Stats = components['schemas']['IncidentStatsDto'];

function ExportForm({
  filters,
  scope,
  onScope,
}: {
  filters: ReturnType<typeof filtersOf>;
  scope: ExportScope;
  onScope: (scope: ExportScope) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const headingId = useId();
  const { allowed, missing } = scopesFor(me.roles);
  const [format, setFormat] = useState<ExportFormat>('markdown');
  const [fields, setFields] = useState<CsvField[]>([...CSV_FIELDS[scope]]);
  const [title, setTitle] = useState('');
  const [introduction, setIntroduction] = useState('');
  const [tried, setTried] = useState(false);
  const [exportId, setExportId] = useState<string | null>(null);
  const job = useExportJob(exportId);

  const draft = { format, scope, fields, title, introduction };
  const problems = draftProblems(draft);
  const problemOf = (field: 'format' | 'fields' | 'title' | 'introduction'): string | undefined => {
    const problem = problems.find((one) => one.field === field);
    if (!problem || problem.key === 'noScope') return undefined;
    if (problem.key === 'noFieldChosen' || problem.key === 'internalOnly') {
      return t(`exports.${problem.key}`);
    }
    return t(`exports.${problem.key}`, { max: problem.max, count: problem.count });
  };
  const staffFilters = scope === 'public' && hasStaffFilters(filters);

  const create = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/exports', {
        body: exportRequest(draft, filters),
      });
      if (error || !data) throw apiError(response, error);
      return data.id;
    },
    onSuccess: (id) => {
      setExportId(id);
      void queryClient.invalidateQueries({ queryKey: ['exports', 'list'] });
    },
  });
  const start = (): void => {
    setTried(true);
    if (problems.length === 0 && !staffFilters) create.mutate();
  };
  const chooseScope = (value: ExportScope): void => {
    onScope(value);
    // The columns chosen stay chosen where the new scope has them; a new scope starts full.
    const kept = CSV_FIELDS[value].filter((field) => fields.includes(field));
    setFields(kept.length > 0 ? kept : [...CSV_FIELDS[value]]);
  };
  const refusal = (error: Error): string =>
    error instanceof ApiError && error.status === 429
      ? t('exports.tooMany')
      : t('exports.refused', { message: error.message });

  if (exportId !== null) {
    const item = job.data;
    return (
      <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
        <Stack gap="sm">
          <Title order={2} size="h4" id={headingId}>
            {t('exports.heading', {
              format: t(`exports.formats.${format}`),
              scope: t(`exports.scopeNames.${scope}`),
            })}
          </Title>
          {job.isError && (
            <Alert color="red" role="alert">
              {t('app.unavailable')}
            </Alert>
          )}
          {item && <ExportJob item={item} />}
          <Group gap="sm">
            {item && !isActive(item.status) && (
              <Button
                variant="default"
                onClick={() => {
                  setExportId(null);
                  setTried(false);
                  create.reset();
                }}
              >
                {t('exports.again')}
              </Button>
            )}
            <AnchorLink to="/exports" size="sm">
              {t('exports.allExports')}
            </AnchorLink>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Radio.Group
          label={t('exports.format')}
          value={format}
          onChange={(value) => setFormat(value)}
          error={problemOf('format')}
        >
          <Stack gap="xs" mt={4}>
            {formatsFor(allowed).map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`exports.formats.${value}`)}
                description={t(`exports.formatHelp.${value}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Radio.Group
          label={t('exports.scope')}
          value={scope}
          onChange={(value) => chooseScope(value)}
        >
          <Stack gap="xs" mt={4}>
            {allowed.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`exports.scopeNames.${value}`)}
                description={t(`exports.scopeHelp.${value}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
        {missing.map((value) => (
          <Text key={value} size="sm" c="gray.8">
            {t(`exports.scopeMissing.${value}`)}
          </Text>
        ))}
        {staffFilters && (
          <Text size="sm" role="note">
            {t('exports.publicStaffFilters')}
          </Text>
        )}
        {takesFields(format) && (
          <Checkbox.Group
            label={t('exports.fields')}
            description={t('exports.fieldsHelp')}
            value={fields}
            onChange={(value) => setFields(value)}
            error={tried || fields.length === 0 ? problemOf('fields') : undefined}
          >
            <Group gap="xs" my={6}>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => setFields([...CSV_FIELDS[scope]])}
              >
                {t('exports.allFields')}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setFields([])}>
                {t('exports.noFields')}
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6}>
              {CSV_FIELDS[scope].map((field) => (
                <Checkbox key={field} value={field} label={t(`exports.fieldNames.${field}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        )}
        {takesTitle(format) && (
          <>
            <TextInput
              label={t('exports.titleLabel')}
              description={t('exports.titleHelp')}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={problemOf('title')}
            />
            <Textarea
              label={t('exports.introduction')}
              description={t('exports.introductionHelp')}
              value={introduction}
              onChange={(event) => setIntroduction(event.currentTarget.value)}
              error={problemOf('introduction')}
              rows={5}
            />
          </>
        )}
        {create.isError && (
          <Alert color="red" role="alert">
            {refusal(create.error)}
          </Alert>
        )}
        {tried && problems.length > 0 && (
          <Alert color="red" role="alert">
            {problems
              .map((problem) => problemOf(problem.field as 'fields' | 'title' | 'introduction'))
              .filter(Boolean)
              .join(' ')}
          </Alert>
        )}
        <Group gap="sm">
          <Button onClick={start} loading={create.isPending} disabled={staffFilters}>
            {t('exports.start')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The totals of the export's incidents, from the same statistics the list shows. */
function Preview({ stats, failed, scope }: { stats?: Stats; failed: boolean; scope: ExportScope }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const headingId = useId();
  const number = new Intl.NumberFormat(i18n.language);
  const published = stats?.byStatus.find((bucket) => bucket.key === 'published')?.count ?? 0;
  const byStatus = new Map(stats?.byStatus.map((bucket) => [bucket.key, bucket.count]));
  const line = (label: string, items: string[]) =>
    items.length > 0 && (
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        <Text span fw={600} size="sm">
          {label}:
        </Text>{' '}
        {items.join(', ')}
      </Text>
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {t('exports.preview')}
        </Title>
        {failed && (
          <Alert color="red" role="alert">
            {t('exports.previewFailed')}
          </Alert>
        )}
        {stats && (
          <div aria-live="polite">
            <Text fw={600} data-testid="preview-total">
              {t('exports.previewTotal', { count: stats.total })}
            </Text>
            {scope === 'public' && (
              <Text size="sm" data-testid="preview-public">
                {t('exports.previewPublic', { count: published })}
              </Text>
            )}
            {line(
              t('exports.byStatus'),
              STATUSES.filter((status) => byStatus.has(status)).map(
                (status) => `${t(`status.${status}`)} ${number.format(byStatus.get(status)!)}`,
              ),
            )}
            {line(
              t('exports.byCountry'),
              stats.byCountry.map(
                (bucket) =>
                  `${countryName(bucket.key, i18n.language)} ${number.format(bucket.count)}`,
              ),
            )}
            {line(
              t('exports.byCategory'),
              stats.byCategory.map(
                (bucket) => `${names.category(bucket.key)} ${number.format(bucket.count)}`,
              ),
            )}
          </div>
        )}
      </Stack>
    </Paper>
  );
}
