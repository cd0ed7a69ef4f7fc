import { Alert, Box, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { formatCount } from '../../ui/format';
import { STATUSES } from './search';

export type IncidentStats = components['schemas']['IncidentStatsDto'];
type Bucket = components['schemas']['CountBucketDto'];

/** More months than this and the chart counts years instead: bars stay readable. */
const MAX_MONTHS = 24;

/** Months as they come ("2025-01"), or years when the view spans too many months. */
export function periodsOf(byMonth: Bucket[]): { unit: 'month' | 'year'; buckets: Bucket[] } {
  if (byMonth.length <= MAX_MONTHS) return { unit: 'month', buckets: byMonth };
  const years = new Map<string, number>();
  for (const bucket of byMonth) {
    const year = bucket.key.slice(0, 4);
    years.set(year, (years.get(year) ?? 0) + bucket.count);
  }
  return {
    unit: 'year',
    buckets: [...years]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

function periodLabel(key: string, unit: 'month' | 'year', language: string): string {
  if (unit === 'year') return key;
  const date = new Date(`${key}-01T00:00:00Z`);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

const CHART_HEIGHT = 72;

/**
 * Totals of the list's current view (GET /incidents/stats with the same filters): the count by
 * status in words, and a small bar chart by month (or year) that a table can replace.
 */
export const StatsStrip = memo(function StatsStrip({
  stats,
  failed,
}: {
  stats?: IncidentStats;
  failed: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const number = { format: (value: number) => formatCount(value, language) };

  if (failed) {
    return (
      <Alert color="red" role="alert">
        {t('incidents.stats.failed')}
      </Alert>
    );
  }
  if (!stats) return null;

  const byStatus = new Map(stats.byStatus.map((bucket) => [bucket.key, bucket.count]));
  const { unit, buckets } = periodsOf(stats.byMonth);
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const labelled = buckets.map((bucket) => ({
    ...bucket,
    label: periodLabel(bucket.key, unit, language),
  }));
  const summary = labelled
    .map((bucket) => `${bucket.label} ${number.format(bucket.count)}`)
    .join(', ');
  const barWidth = 100 / Math.max(labelled.length, 1);

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Box style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Title order={2} size="h5" id={headingId}>
            {t('incidents.stats.title')}
          </Title>
          <Text fw={600} mt={4}>
            {t('incidents.stats.total', { count: stats.total })}
          </Text>
          <Text size="sm" c="gray.8" component="p" m={0}>
            {t('incidents.stats.byStatus')}:{' '}
            {STATUSES.filter((status) => byStatus.has(status))
              .map((status) => `${t(`status.${status}`)} ${number.format(byStatus.get(status)!)}`)
              .join(' · ') || '—'}
          </Text>
        </Box>
        {labelled.length > 0 && (
          <Box style={{ flex: '1 1 320px', minWidth: 0 }}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" fw={600}>
                {unit === 'month' ? t('incidents.stats.byMonth') : t('incidents.stats.byYear')}
              </Text>
              <Button variant="subtle" size="compact-sm" onClick={() => setAsTable(!asTable)}>
                {asTable ? t('incidents.stats.showChart') : t('incidents.stats.showTable')}
              </Button>
            </Group>
            {asTable ? (
              <Table.ScrollContainer minWidth={0} mah={160}>
                <Table withTableBorder verticalSpacing={2} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('incidents.stats.period')}</Table.Th>
                      <Table.Th ta="right">{t('incidents.stats.incidents')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {labelled.map((bucket) => (
                      <Table.Tr key={bucket.key}>
                        <Table.Td>{bucket.label}</Table.Td>
                        <Table.Td ta="right">{number.format(bucket.count)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <>
                <svg
                  width="100%"
                  height={CHART_HEIGHT}
                  viewBox={`0 0 100 ${CHART_HEIGHT}`}
                  preserveAspectRatio="none"
                  role="img"
                  aria-label={t('incidents.stats.chart', { summary })}
                  style={{ display: 'block' }}
                >
                  <line
                    x1={0}
                    x2={100}
                    y1={CHART_HEIGHT - 0.5}
                    y2={CHART_HEIGHT - 0.5}
                    stroke="#495057"
                    strokeWidth={1}
                    vectorEffect="non-scaling-stroke"
                  />
                  {labelled.map((bucket, index) => {
                    const height = Math.max(2, (bucket.count / max) * (CHART_HEIGHT - 4));
                    return (
                      <rect
                        key={bucket.key}
                        x={index * barWidth + barWidth * 0.12}
                        width={barWidth * 0.76}
                        y={CHART_HEIGHT - height}
                        height={height}
                        fill="#364fc7"
                      >
                        <title>{`${bucket.label}: ${number.format(bucket.count)}`}</title>
                      </rect>
                    );
                  })}
                </svg>
                <Group justify="space-between" gap={4} wrap="nowrap" aria-hidden>
                  <Text size="xs" c="gray.8">
                    {labelled[0].label}
                  </Text>
                  {labelled.length > 1 && (
                    <Text size="xs" c="gray.8">
                      {labelled[labelled.length - 1].label}
                    </Text>
                  )}
                </Group>
              </>
            )}
          </Box>
        )}
      </Group>
    </Paper>
  );
});
