import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';

type Incident = components['schemas']['IncidentDto'];

function usePublicationList(status: 'verified' | 'published') {
  return useQuery({
    queryKey: ['incidents', 'publication', status],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents', {
        params: { query: { status, limit: 100, sort: '-updatedAt' } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
}

function Row({ incident }: { incident: Incident }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const when = (iso: string) => formatTimestamp(iso, i18n.language);
  return (
    // The button's long words ("Write the public text", "Open INC-…") left a phone a column of
    // one word a line and cut the badges: there the button goes below the title.
    <Group justify="space-between" wrap="wrap" align="flex-start">
      <div style={{ flex: '1 1 16rem', minWidth: 0 }}>
        <AnchorLink to="/incidents/$incidentId" params={{ incidentId: incident.id }}>
          {incident.reference}
        </AnchorLink>{' '}
        <Text span>{incident.publicTitle ?? incident.title}</Text>
        <Group gap="xs">
          {incident.verifiedAt && (
            <Text size="sm" c="gray.8">
              {t('publication.verifiedAt', { when: when(incident.verifiedAt) })}
            </Text>
          )}
          {incident.status === 'verified' &&
            incident.dueAt &&
            (incident.overdue || incident.escalated ? (
              <Badge color="red" variant="light" c="red.9">
                {t('publication.overdue', { when: when(incident.dueAt) })}
              </Badge>
            ) : (
              <Text size="sm" c="gray.8">
                {t('publication.due', { when: when(incident.dueAt) })}
              </Text>
            ))}
          <Badge variant="light" color="gray" c="gray.9">
            {incident.publicSummary.trim() ? t('publication.hasText') : t('publication.noText')}
          </Badge>
        </Group>
      </div>
      <Button
        size="xs"
        style={{ flexShrink: 0 }}
        variant={incident.status === 'verified' ? 'filled' : 'default'}
        onClick={() =>
          void navigate({
            to: '/incidents/$incidentId/publication',
            params: { incidentId: incident.id },
          })
        }
        aria-label={
          incident.status === 'verified'
            ? `${t('publication.write')}: ${incident.reference}`
            : t('publication.open', { reference: incident.reference })
        }
      >
        {incident.status === 'verified'
          ? t('publication.write')
          : t('publication.open', { reference: incident.reference })}
      </Button>
    </Group>
  );
}

function Section({ status }: { status: 'verified' | 'published' }) {
  const { t } = useTranslation();
  const list = usePublicationList(status);
  const headingId = `publication-${status}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="sm">
        {status === 'verified' ? t('publication.waiting') : t('publication.published')}
      </Title>
      {list.isError && (
        <Alert color="red" role="alert">
          {t('app.unavailable')}
        </Alert>
      )}
      {list.isSuccess && list.data.length === 0 && <Text c="gray.8">{t('publication.empty')}</Text>}
      <Stack gap="sm">
        {list.data?.map((incident) => (
          <Row key={incident.id} incident={incident} />
        ))}
      </Stack>
    </Paper>
  );
}

/** Screen 17: what waits for a public text and publication, and what is public now. */
export function PublicationQueue() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('publication.queue')}</Title>
      <Section status="verified" />
      <Section status="published" />
    </Stack>
  );
}
