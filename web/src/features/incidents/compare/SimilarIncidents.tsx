import { Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../../api/client';
import type { Incident } from './compare';
import { SimilarList } from './SimilarList';

/** The detail page's possible duplicates (`/similar`), each with the compare view. */
export function SimilarIncidents({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const similar = useQuery({
    queryKey: ['incident', incident.id, 'similar'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/similar', {
        params: { path: { id: incident.id } },
      });
      if (error) throw apiError(response, error);
      return data;
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="similar">
      <Title order={2} size="h4" id="similar" mb="sm">
        {t('incidentForm.similar.title')}
      </Title>
      {similar.isPending && <Text>{t('app.loading')}</Text>}
      {similar.isError && (
        <Text role="alert" c="red.9">
          {t('app.unavailable')}
        </Text>
      )}
      {similar.isSuccess && similar.data.length === 0 && (
        <Text c="gray.8">{t('incidentForm.similar.none')}</Text>
      )}
      {similar.isSuccess && similar.data.length > 0 && (
        <SimilarList incident={incident} items={similar.data} />
      )}
    </Paper>
  );
}
