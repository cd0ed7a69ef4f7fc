import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormEvent, lazy, memo, Suspense, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { countryOptions } from '../../ui/countries';
import { countryName, DatePrecision, formatPeriod } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { CATEGORY_CODES, categoryName, provisionName, REGIME_CODES, regimeName } from './labels';
import { publishedListQuery } from './query';
import { FIRST_YEAR, isFiltered, PublicSearch, publicQueryOf } from './search';

type PublicIncident = components['schemas']['PublicIncidentDto'];

/** d3-geo and the atlas load only with the map, in their own chunk. */
const WorldMap = lazy(() =>
  import('../../ui/map/WorldMap').then((module) => ({ default: module.WorldMap })),
);

/** The first words of a summary, cut at a word, for the list. */
export function excerpt(text: string, length = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** What a result says of an incident: title, dates, countries, category, provisions, grading. */
export const PublishedCard = memo(function PublishedCard({
  incident,
  language,
}: {
  incident: PublicIncident;
  language: string;
}) {
  const { t } = useTranslation();
  const period = formatPeriod(
    incident.occurredFrom,
    incident.occurredTo,
    incident.datePrecision as DatePrecision,
    language,
  );
  return (
    <Paper component="li" withBorder p="md" radius="sm" style={{ listStyle: 'none' }}>
      <Stack gap={6}>
        <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
          <AnchorLink to="/published/$reference" params={{ reference: incident.reference }}>
            {incident.title}
          </AnchorLink>
        </Title>
        <Text size="sm" c="gray.8">
          {incident.reference} · {period} ·{' '}
          {incident.countries.map((code) => countryName(code, language)).join(', ')}
        </Text>
        {incident.publicSummary && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {excerpt(incident.publicSummary)}
          </Text>
        )}
        <Text size="sm">
          {categoryName(t, incident.category)}
          {incident.provisions.length > 0 &&
            ` · ${incident.provisions.map((code) => provisionName(code)).join(', ')}`}
        </Text>
        <Text size="sm">
          {t('publicSite.confidence')}:{' '}
          {t(`publicSite.confidenceValue.${incident.confidence ?? 'none'}`)}
        </Text>
      </Stack>
    </Paper>
  );
});

export function PublishedList() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const search = useSearch({ from: '/public/published' });
  const navigate = useNavigate({ from: '/published' });
  const query = useMemo(() => publicQueryOf(search), [search]);
  const list = useInfiniteQuery({
    ...publishedListQuery(query),
    placeholderData: keepPreviousData,
  });

  const update = useCallback(
    (patch: Partial<PublicSearch>, replaceAll = false): void => {
      void navigate({
        search: (previous) =>
          Object.fromEntries(
            Object.entries(replaceAll ? patch : { ...previous, ...patch }).filter(
              ([, value]) => value !== undefined && value !== '',
            ),
          ),
      });
    },
    [navigate],
  );

  const onSearch = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const words = new FormData(event.currentTarget).get('q');
    update({ q: typeof words === 'string' && words.trim() ? words.trim() : undefined });
  };

  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const mapped = useMemo(() => {
    const counts = new Map<string, number>();
    for (const incident of rows)
      for (const code of incident.countries) counts.set(code, (counts.get(code) ?? 0) + 1);
    return [...counts].map(([code, count]) => ({ code, count }));
  }, [rows]);
  const years = useMemo(() => {
    const list: string[] = [];
    for (let year = new Date().getUTCFullYear(); year >= FIRST_YEAR; year -= 1)
      list.push(String(year));
    return list;
  }, []);
  const countries = useMemo(() => countryOptions(language), [language]);
  const collator = useMemo(() => new Intl.Collator(language), [language]);
  const byName = (codes: string[], name: (code: string) => string) =>
    codes
      .map((code) => ({ value: code, label: name(code) }))
      .sort((a, b) => collator.compare(a.label, b.label));

  const error = list.error instanceof ApiError ? list.error : null;
  const failure =
    list.isError && !list.isFetchNextPageError
      ? error?.status === 429
        ? t('publicSite.rateLimited')
        : error?.status === 400
          ? t('publicSite.badFilter', { message: error.message })
          : t('app.unavailable')
      : null;

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={1}>{t('publicSite.title')}</Title>
        <Text>{t('publicSite.intro')}</Text>
      </Stack>

      <Stack component="section" aria-label={t('publicSite.filters')} gap="sm">
        <form onSubmit={onSearch} role="search">
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              key={search.q ?? ''}
              name="q"
              label={t('publicSite.search')}
              description={t('publicSite.searchHelp')}
              defaultValue={search.q ?? ''}
              maxLength={200}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Button type="submit">{t('publicSite.searchButton')}</Button>
          </Group>
        </form>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <NativeSelect
            label={t('publicSite.regime')}
            value={search.regime ?? ''}
            onChange={(event) => update({ regime: event.currentTarget.value || undefined })}
            data={[
              { value: '', label: t('publicSite.anyRegime') },
              ...REGIME_CODES.map((code) => ({ value: code, label: regimeName(t, code) })),
            ]}
          />
          <NativeSelect
            label={t('publicSite.category')}
            value={search.category ?? ''}
            onChange={(event) => update({ category: event.currentTarget.value || undefined })}
            data={[
              { value: '', label: t('publicSite.anyCategory') },
              ...byName(CATEGORY_CODES, (code) => categoryName(t, code)),
            ]}
          />
          <NativeSelect
            label={t('publicSite.country')}
            value={search.country ?? ''}
            onChange={(event) => update({ country: event.currentTarget.value || undefined })}
            data={[{ value: '', label: t('publicSite.anyCountry') }, ...countries]}
          />
          <NativeSelect
            label={t('publicSite.year')}
            value={search.year ? String(search.year) : ''}
            onChange={(event) =>
              update({
                year: event.currentTarget.value ? Number(event.currentTarget.value) : undefined,
              })
            }
            data={[{ value: '', label: t('publicSite.anyYear') }, ...years]}
          />
        </SimpleGrid>
        {isFiltered(search) && (
          <Group>
            <Button variant="default" size="xs" onClick={() => update({}, true)}>
              {t('publicSite.clear')}
            </Button>
          </Group>
        )}
      </Stack>

      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}

      <Stack component="section" aria-label={t('publicSite.results')} gap="sm">
        <Text size="sm" c="gray.8" aria-live="polite">
          {list.isSuccess
            ? t('publicSite.count', { count: rows.length })
            : list.isError
              ? ''
              : t('app.loading')}
        </Text>
        {list.isSuccess && rows.length === 0 && (
          <Text>{isFiltered(search) ? t('publicSite.empty') : t('publicSite.emptyAll')}</Text>
        )}
        {rows.length > 0 && (
          <Stack component="ul" gap="sm" p={0} m={0}>
            {rows.map((incident) => (
              <PublishedCard key={incident.reference} incident={incident} language={language} />
            ))}
          </Stack>
        )}
        {list.isFetchNextPageError && (
          <Alert color="red" role="alert">
            {t('publicSite.loadFailed')}
          </Alert>
        )}
        {list.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
            >
              {t('publicSite.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>

      {mapped.length > 0 && (
        <Stack component="section" aria-label={t('publicSite.map')} gap="xs">
          <Title order={2} size="h4">
            {t('publicSite.map')}
          </Title>
          <Text size="sm">{t('publicSite.mapHelp')}</Text>
          <Suspense fallback={<Text c="gray.8">{t('map.loading')}</Text>}>
            <WorldMap
              title={t('publicSite.map')}
              countries={mapped}
              zoom={search.country ? 'highlighted' : 'world'}
              onCountryClick={(country) => update({ country })}
            />
          </Suspense>
        </Stack>
      )}
    </Stack>
  );
}
