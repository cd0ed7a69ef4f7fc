import { Badge, Code, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import { gradingLabel } from '../../ui/grading';

/** Sources with their grading in words; confidential ones only by pseudonym. */
export function SourcesSection({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const sources = useQuery({
    queryKey: ['incident', incidentId, 'sources'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/sources', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sources">
      <Title order={2} size="h4" id="sources" mb="sm">
        {t('sources.title')}
      </Title>
      {sources.isSuccess && sources.data.length === 0 && (
        <Text c="gray.8">{t('sources.empty')}</Text>
      )}
      <List spacing="xs">
        {sources.data?.map((source) => (
          <List.Item key={source.id}>
            <Text fw={600} span>
              {source.view === 'redacted'
                ? t('sources.confidential', { pseudonym: source.pseudonym })
                : source.name}
            </Text>{' '}
            <Text span c="gray.8">
              ({t(`sourceKind.${source.kind}`)})
            </Text>
            <Text size="sm">{gradingLabel(t, source.reliability, source.credibility)}</Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** Evidence with its review status and the SHA-256 of its file. */
export function EvidenceSection({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const evidence = useQuery({
    queryKey: ['incident', incidentId, 'evidence'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/evidence', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="evidence">
      <Title order={2} size="h4" id="evidence" mb="sm">
        {t('evidence.title')}
      </Title>
      {evidence.isSuccess && evidence.data.length === 0 && (
        <Text c="gray.8">{t('evidence.empty')}</Text>
      )}
      <Stack gap="sm">
        {evidence.data?.map((item) => (
          <div key={item.id}>
            <Group gap="xs">
              <Text fw={600}>{item.description}</Text>
              <Badge variant="light" color="gray" c="gray.9">
                {t(`evidenceKind.${item.kind}`)}
              </Badge>
              <Badge
                variant="light"
                color={
                  item.status === 'approved' ? 'green' : item.status === 'rejected' ? 'red' : 'gray'
                }
                c={
                  item.status === 'approved'
                    ? 'green.9'
                    : item.status === 'rejected'
                      ? 'red.9'
                      : 'gray.9'
                }
              >
                {t(`evidenceStatus.${item.status}`)}
              </Badge>
            </Group>
            {item.sha256 && (
              <Text size="xs" c="gray.8">
                {t('evidence.sha256')}: <Code>{item.sha256}</Code>
              </Text>
            )}
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
