import { Box, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../ui/format';

export interface Bar {
  key: string;
  /** The bar's name in words (a status, a category's name, a country's name, a month). */
  label: string;
  count: number;
}

const BAR_HEIGHT = 14;

/**
 * Counts as horizontal SVG bars, one line per bar with its name and number in text, each a link
 * (`renderLink` wraps the line: the dashboard links to the list filtered by the bar's key). A
 * button swaps the bars for a table holding the same names, numbers and links.
 */
export function BarChart({
  title,
  bars,
  renderLink,
}: {
  title: string;
  bars: Bar[];
  renderLink: (bar: Bar, children: ReactNode) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const number = (value: number) => formatCount(value, i18n.language);
  const max = Math.max(1, ...bars.map((bar) => bar.count));

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" gap="xs" wrap="wrap" mb="xs">
        <Title order={2} size="h5" id={headingId}>
          {title}
        </Title>
        {bars.length > 0 && (
          <Button variant="default" size="compact-sm" onClick={() => setAsTable(!asTable)}>
            {asTable ? t('dashboard.showChart') : t('dashboard.showTable')}
          </Button>
        )}
      </Group>
      {bars.length === 0 ? (
        <Text size="sm">{t('dashboard.none')}</Text>
      ) : asTable ? (
        <Table.ScrollContainer minWidth={0} mah={320}>
          <Table withTableBorder verticalSpacing={2} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.item')}</Table.Th>
                <Table.Th ta="right">{t('dashboard.incidents')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bars.map((bar) => (
                <Table.Tr key={bar.key}>
                  <Table.Td>{renderLink(bar, bar.label)}</Table.Td>
                  <Table.Td ta="right">{number(bar.count)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Box
          component="ul"
          m={0}
          p={0}
          aria-label={t('dashboard.chart', {
            title,
            summary: bars.map((bar) => `${bar.label} ${number(bar.count)}`).join(', '),
          })}
          style={{ listStyle: 'none', maxHeight: 320, overflowY: 'auto' }}
        >
          {bars.map((bar) => (
            <li key={bar.key}>
              {renderLink(
                bar,
                <Box
                  component="span"
                  style={{
                    display: 'grid',
                    gridTemplateColumns: 'minmax(6rem, 40%) 1fr auto',
                    alignItems: 'center',
                    gap: 8,
                    padding: '2px 0',
                  }}
                >
                  <span style={{ overflowWrap: 'anywhere' }}>{bar.label}</span>
                  <svg
                    width="100%"
                    height={BAR_HEIGHT}
                    viewBox={`0 0 100 ${BAR_HEIGHT}`}
                    preserveAspectRatio="none"
                    aria-hidden
                    focusable="false"
                    style={{ display: 'block' }}
                  >
                    <rect
                      x={0}
                      y={0}
                      width={Math.max(1, (bar.count / max) * 100)}
                      height={BAR_HEIGHT}
                      fill="#364fc7"
                    />
                  </svg>
                  <span style={{ fontVariantNumeric: 'tabular-nums' }}>{number(bar.count)}</span>
                </Box>,
              )}
            </li>
          ))}
        </Box>
      )}
    </Paper>
  );
}
