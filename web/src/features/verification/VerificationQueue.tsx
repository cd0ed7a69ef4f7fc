import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { QueueSection, useQueueSection } from './queue';

type Incident = components['schemas']['IncidentDto'];

function Deadline({ incident }: { incident: Incident }) {
  const { t, i18n } = useTranslation();
  const parts = [];
  if (incident.submittedAt) {
    parts.push(
      t('verification.submitted', { when: formatTimestamp(incident.submittedAt, i18n.language) }),
    );
  }
  return (
    <Group gap="xs">
      <Text size="sm" c="gray.8">
        {parts.join(' · ')}
      </Text>
      {incident.dueAt &&
        (incident.overdue || incident.escalated ? (
          <Badge color="red" variant="light" c="red.9">
            {t('verification.overdue', { when: formatTimestamp(incident.dueAt, i18n.language) })}
          </Badge>
        ) : (
          <Text size="sm" c="gray.8">
            {t('verification.due', { when: formatTimestamp(incident.dueAt, i18n.language) })}
          </Text>
        ))}
    </Group>
  );
}

function Section({ section }: { section: QueueSection }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const items = useQueueSection(section, me.id);
  const take = useMutation({
    mutationFn: async (incident: Incident) => {
      const { data, error, response } = await api.POST('/api/v1/incidents/{id}/assign', {
        params: { path: { id: incident.id } },
        body: { assigneeId: me.id, version: incident.version },
      });
      if (error) throw apiError(response, error);
      return data;
    },
    onSuccess: async (incident) => {
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
      await navigate({ to: '/incidents/$incidentId/review', params: { incidentId: incident.id } });
    },
    onError: async (error) => {
      setProblem(
        error instanceof ApiError && error.body?.code === 'stale_version'
          ? t('verification.stale')
          : error instanceof ApiError
            ? (error.body?.message ?? error.message)
            : t('app.unavailable'),
      );
      await queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const headingId = `queue-${section}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="sm">
        {t(`verification.${section}`)}
      </Title>
      {problem && (
        <Alert color="red" role="alert" mb="sm">
          {problem}
        </Alert>
      )}
      {items.isError && (
        <Alert color="red" role="alert">
          {t('app.unavailable')}
        </Alert>
      )}
      {items.isSuccess && items.data.length === 0 && (
        <Text c="gray.8">{t('verification.empty')}</Text>
      )}
      <Stack gap="sm">
        {items.data?.map((incident) => (
          <Group key={incident.id} justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <AnchorLink to="/incidents/$incidentId" params={{ incidentId: incident.id }}>
                {incident.reference}
              </AnchorLink>{' '}
              <Text span>{incident.title}</Text>
              <Deadline incident={incident} />
            </div>
            {section === 'open' && (
              <Button
                size="xs"
                // Its words stay whole beside a long title on a phone.
                style={{ flexShrink: 0 }}
                onClick={() => take.mutate(incident)}
                loading={take.isPending && take.variables.id === incident.id}
                aria-label={`${t('verification.take')}: ${incident.reference}`}
              >
                {t('verification.take')}
              </Button>
            )}
            {section === 'assigned' && (
              <Button
                size="xs"
                // Its words stay whole beside a long title on a phone.
                style={{ flexShrink: 0 }}
                variant="default"
                onClick={() =>
                  void navigate({
                    to: '/incidents/$incidentId/review',
                    params: { incidentId: incident.id },
                  })
                }
                aria-label={`${t('verification.review')}: ${incident.reference}`}
              >
                {t('verification.review')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** Screen 13: what waits for verification, split by what the caller may do with it. */
export function VerificationQueue() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('verification.queue')}</Title>
      <Section section="assigned" />
      <Section section="open" />
      <Section section="filedByMe" />
    </Stack>
  );
}
