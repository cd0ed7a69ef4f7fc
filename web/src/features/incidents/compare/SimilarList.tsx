import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../../api/schema';
import { formatPeriod } from '../../../ui/format';
import { AnchorLink } from '../../../ui/links';
import type { Incident } from './compare';
import { CompareView } from './CompareView';

type Similar = components['schemas']['SimilarIncidentDto'];

/** A similarity score in words: the number alone means little to a reader. */
export function scoreBand(score: number): 'high' | 'medium' | 'low' {
  return score >= 0.7 ? 'high' : score >= 0.4 ? 'medium' : 'low';
}

/** Possible duplicates of an incident, each with its score in words and a side-by-side compare. */
export function SimilarList({ incident, items }: { incident: Incident; items: Similar[] }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      {items.map((item) => {
        const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(
          item.score,
        );
        const compareId = `compare-${item.id}`;
        return (
          <Paper key={item.id} withBorder p="sm" component="article" aria-label={item.reference}>
            <Group justify="space-between" align="flex-start" wrap="wrap">
              <div>
                <AnchorLink to="/incidents/$incidentId" params={{ incidentId: item.id }}>
                  {item.reference}
                </AnchorLink>{' '}
                <Text span fw={600}>
                  {item.title}
                </Text>
                <Text size="sm" c="gray.8">
                  {formatPeriod(item.occurredFrom, item.occurredTo, 'day', i18n.language)}
                  {' · '}
                  {t(`status.${item.status}`)}
                </Text>
                <Text size="sm">
                  {t(`incidentForm.similar.score.${scoreBand(item.score)}`, { percent })}
                </Text>
              </div>
              <Button
                variant="default"
                aria-expanded={open === item.id}
                aria-controls={open === item.id ? compareId : undefined}
                onClick={() => setOpen(open === item.id ? null : item.id)}
              >
                {open === item.id
                  ? t('incidentForm.similar.hideCompare')
                  : t('incidentForm.similar.compare', { reference: item.reference })}
              </Button>
            </Group>
            {open === item.id && (
              <div id={compareId} style={{ marginTop: 12 }}>
                <CompareView incident={incident} otherId={item.id} />
              </div>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
