import { Badge, Button, Group, List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { gradingLabel } from '../../ui/grading';
import { SourceDialog } from './SourceDialog';
import { sourceChangeRule, sourceLabel, SourceView } from './source-rules';

type Incident = components['schemas']['IncidentDto'];

/** An incident's sources (every one: an incident has a few dozen at most). */
export function useSources(incidentId: string) {
  return useQuery({
    queryKey: ['incident', incidentId, 'sources'],
    queryFn: async (): Promise<SourceView[]> => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/sources', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
}

/** Sources with their grading in words; confidential ones only by pseudonym. */
export function SourcesSection({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const me = useMe();
  const sources = useSources(incident.id);
  const [dialog, setDialog] = useState<{ editing?: SourceView } | null>(null);
  const rule = sourceChangeRule(t, incident, me);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sources">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="sources">
          {t('sources.title')}
        </Title>
        {rule.allowed && (
          <Button size="xs" onClick={() => setDialog({})}>
            {t('sourceDialog.add')}
          </Button>
        )}
      </Group>
      {!rule.allowed && (
        <Text size="sm" c="gray.8" mb="xs">
          {rule.why}
        </Text>
      )}
      {sources.isSuccess && sources.data.length === 0 && (
        <Text c="gray.8">{t('sources.empty')}</Text>
      )}
      <List spacing="xs" listStyleType="none">
        {sources.data?.map((source) => (
          <List.Item key={source.id}>
            <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
              <div style={{ minWidth: 0 }}>
                <Text fw={600} span>
                  {sourceLabel(t, source)}
                </Text>{' '}
                <Text span c="gray.8">
                  ({t(`sourceKind.${source.kind}`)})
                </Text>
                {source.view === 'full' && source.confidential && (
                  <Badge ml="xs" variant="light" color="gray" c="gray.9">
                    {t('sourceDialog.confidential')}
                  </Badge>
                )}
                <Text size="sm">{gradingLabel(t, source.reliability, source.credibility)}</Text>
              </div>
              {rule.allowed && (
                <Button
                  size="xs"
                  variant="default"
                  style={{ flex: 'none' }}
                  onClick={() => setDialog({ editing: source })}
                  aria-label={`${t('sourceDialog.edit')}: ${sourceLabel(t, source)}`}
                >
                  {t('sourceDialog.edit')}
                </Button>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
      {dialog && sources.data && (
        <SourceDialog
          incidentId={incident.id}
          sources={sources.data}
          editing={dialog.editing}
          onClose={() => setDialog(null)}
        />
      )}
    </Paper>
  );
}
