import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { lazy, ReactNode, Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import { countryName, formatCount } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { useNames } from '../../ui/use-reference';
import { STATUSES, type IncidentSearch } from '../incidents/search';
import { periodsOf } from '../incidents/StatsStrip';
import { Bar, BarChart } from './BarChart';
import { periodSearch } from './links';

const WorldMap = lazy(() =>
  import('../../ui/map/WorldMap').then((module) => ({ default: module.WorldMap })),
);

function statsQuery(overdue: boolean) {
  return {
    queryKey: ['incidents', 'stats', overdue ? { overdue: 'true' } : {}],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/stats', {
        params: { query: overdue ? { overdue: 'true' } : {} },
      });
      if (error) throw apiError(response, error);
      return data;
    },
  } as const;
}

function periodLabel(key: string, language: string): string {
  if (key.length === 4) return key;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${key}-01T00:00:00Z`));
}

/** A line that opens the incident list with `search` as its filters. */
function ListLink({ search, children }: { search: IncidentSearch; children: ReactNode }) {
  return (
    <AnchorLink to="/incidents" search={search} display="block" c="dark.9" underline="hover">
      {children}
    </AnchorLink>
  );
}

/**
 * The staff dashboard: every incident counted by status, category, country and month (GET
 * /incidents/stats), the overdue work by status, and a world map of incidents by country; each
 * bar, row and country opens the incident list filtered accordingly.
 */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const names = useNames();
  const navigate = useNavigate();
  const mapHeading = useId();
  const overdueHeading = useId();
  const stats = useQuery(statsQuery(false));
  const overdue = useQuery(statsQuery(true));

  const byStatus = new Map(stats.data?.byStatus.map((bucket) => [bucket.key, bucket.count]));
  const statusBars: Bar[] = STATUSES.filter((status) => byStatus.has(status)).map((status) => ({
    key: status,
    label: t(`status.${status}`),
    count: byStatus.get(status)!,
  }));
  const categoryBars: Bar[] = (stats.data?.byCategory ?? []).map((bucket) => ({
    key: bucket.key,
    label: names.category(bucket.key),
    count: bucket.count,
  }));
  const countryBars: Bar[] = (stats.data?.byCountry ?? []).map((bucket) => ({
    key: bucket.key,
    label: countryName(bucket.key, language),
    count: bucket.count,
  }));
  const periods = periodsOf(stats.data?.byMonth ?? []);
  const periodBars: Bar[] = periods.buckets.map((bucket) => ({
    key: bucket.key,
    label: periodLabel(bucket.key, language),
    count: bucket.count,
  }));
  const overdueByStatus = new Map(
    overdue.data?.byStatus.map((bucket) => [bucket.key, bucket.count]),
  );

  return (
    <Stack>
      <Title order={1}>{t('dashboard.title')}</Title>
      {stats.isError && (
        <Alert color="red" role="alert">
          {t('dashboard.failed')}
        </Alert>
      )}
      {stats.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
      {stats.data && (
        <>
          <Text fw={600} size="lg" data-testid="dashboard-total">
            <ListLink search={{}}>
              {t('dashboard.total', {
                count: stats.data.total,
                number: formatCount(stats.data.total, language),
              })}
            </ListLink>
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <BarChart
              title={t('dashboard.byStatus')}
              bars={statusBars}
              renderLink={(bar, children) => (
                <ListLink search={{ status: bar.key as IncidentSearch['status'] }}>
                  {children}
                </ListLink>
              )}
            />
            <Paper withBorder p="sm" component="section" aria-labelledby={overdueHeading}>
              <Title order={2} size="h5" id={overdueHeading}>
                {t('dashboard.overdue')}
              </Title>
              <Text size="sm" c="gray.8" mb="xs">
                {t('dashboard.overdueHelp')}
              </Text>
              {overdue.isError && (
                <Text c="red.9" role="alert">
                  {t('dashboard.failed')}
                </Text>
              )}
              {overdue.data &&
                (overdue.data.total === 0 ? (
                  <Text size="sm">{t('dashboard.overdueNone')}</Text>
                ) : (
                  <Stack gap={4}>
                    <ListLink search={{ overdue: true }}>
                      <Text fw={600} span>
                        {t('dashboard.overdueTotal', {
                          count: overdue.data.total,
                          number: formatCount(overdue.data.total, language),
                        })}
                      </Text>
                    </ListLink>
                    <Group gap="md" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                      {STATUSES.filter((status) => overdueByStatus.has(status)).map((status) => (
                        <li key={status}>
                          <ListLink search={{ overdue: true, status }}>
                            {`${t(`status.${status}`)} ${formatCount(overdueByStatus.get(status)!, language)}`}
                          </ListLink>
                        </li>
                      ))}
                    </Group>
                  </Stack>
                ))}
            </Paper>
            <BarChart
              title={t('dashboard.byCategory')}
              bars={categoryBars}
              renderLink={(bar, children) => (
                <ListLink search={{ category: bar.key }}>{children}</ListLink>
              )}
            />
            <BarChart
              title={t('dashboard.byCountry')}
              bars={countryBars}
              renderLink={(bar, children) => (
                <ListLink search={{ country: bar.key }}>{children}</ListLink>
              )}
            />
            <BarChart
              title={periods.unit === 'month' ? t('dashboard.byMonth') : t('dashboard.byYear')}
              bars={periodBars}
              renderLink={(bar, children) => (
                <ListLink search={periodSearch(bar.key)}>{children}</ListLink>
              )}
            />
          </SimpleGrid>
          <Paper withBorder p="sm" component="section" aria-labelledby={mapHeading}>
            <Title order={2} size="h5" id={mapHeading}>
              {t('dashboard.map')}
            </Title>
            <Text size="sm" mb="xs">
              {t('dashboard.mapHelp')}
            </Text>
            <Suspense fallback={<Text c="gray.8">{t('dashboard.mapLoading')}</Text>}>
              <WorldMap
                title={t('dashboard.map')}
                countries={stats.data.byCountry.map((bucket) => ({
                  code: bucket.key,
                  count: bucket.count,
                }))}
                onCountryClick={(country) =>
                  void navigate({ to: '/incidents', search: { country } })
                }
              />
            </Suspense>
          </Paper>
        </>
      )}
    </Stack>
  );
}
