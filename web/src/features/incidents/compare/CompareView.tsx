import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../../api/client';
import { useNames } from '../../../ui/use-reference';
import { compareIncidents, CompareItem, Incident } from './compare';
import { factWords } from './fact-words';

function Items({ items }: { items: CompareItem[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Text c="gray.8">{t('incidentForm.compare.none')}</Text>;
  return (
    <Stack gap={4}>
      {items.map((item, index) => (
        <Text
          key={index}
          size="sm"
          fw={item.shared ? undefined : 700}
          style={{ whiteSpace: 'pre-wrap' }}
          lineClamp={8}
        >
          {item.shared ? '' : `${t('incidentForm.compare.onlyHere')} `}
          {item.text}
        </Text>
      ))}
    </Stack>
  );
}

/** Two incidents fact by fact; rows that differ are marked in words, not by colour alone. */
export function CompareTable({ left, right }: { left: Incident; right: Incident }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  const rows = compareIncidents(left, right, factWords(t, i18n.language, names));
  const narrow = useMediaQuery('(max-width: 40em)');
  const mark = (differs: boolean) => (
    <Text size="xs" fw={700} c={differs ? 'red.9' : 'gray.8'} tt="uppercase">
      {differs ? t('incidentForm.compare.differs') : t('incidentForm.compare.same')}
    </Text>
  );
  if (narrow) {
    // On a phone the two sides stack under each fact instead of scrolling sideways.
    return (
      <Stack
        gap="xs"
        aria-label={t('incidentForm.compare.caption', {
          left: left.reference,
          right: right.reference,
        })}
        role="group"
      >
        {rows.map((row) => (
          <Paper key={row.key} withBorder p="xs" bg={row.differs ? 'yellow.0' : undefined}>
            <Title order={3} size="h6">
              {t(`incidentForm.compare.rows.${row.key}`)}
            </Title>
            {mark(row.differs)}
            <SimpleGrid cols={1} spacing={4} mt={4}>
              <div>
                <Text size="xs" fw={700}>
                  {left.reference}
                </Text>
                <Items items={row.left} />
              </div>
              <div>
                <Text size="xs" fw={700}>
                  {right.reference}
                </Text>
                <Items items={row.right} />
              </div>
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs">
        <Table.Caption>
          {t('incidentForm.compare.caption', { left: left.reference, right: right.reference })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('incidentForm.compare.fact')}</Table.Th>
            <Table.Th scope="col">{left.reference}</Table.Th>
            <Table.Th scope="col">{right.reference}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} bg={row.differs ? 'yellow.0' : undefined}>
              <Table.Th scope="row">
                <Stack gap={4} align="flex-start">
                  <Text size="sm" fw={700}>
                    {t(`incidentForm.compare.rows.${row.key}`)}
                  </Text>
                  {mark(row.differs)}
                </Stack>
              </Table.Th>
              <Table.Td>
                <Items items={row.left} />
              </Table.Td>
              <Table.Td>
                <Items items={row.right} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Loads the other incident, then compares it with this one. */
export function CompareView({ incident, otherId }: { incident: Incident; otherId: string }) {
  const { t } = useTranslation();
  const other = useQuery({
    queryKey: ['incident', otherId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}', {
        params: { path: { id: otherId } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
  });
  if (other.isPending) return <Text>{t('app.loading')}</Text>;
  if (other.isError) {
    return (
      <Text role="alert" c="red.9">
        {t('app.unavailable')}
      </Text>
    );
  }
  return <CompareTable left={incident} right={other.data} />;
}
