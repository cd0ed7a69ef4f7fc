import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../incidents/history/describe';
import { HistoryEntries } from '../incidents/history/HistoryEntries';

// The review panel is a narrow column: the buttons' words wrap instead of being cut.
const WRAPPING = { label: { whiteSpace: 'normal', textAlign: 'center' } } as const;

/** One line of the decision the user made but could not send: its label and value in words. */
export interface DecisionPart {
  label: string;
  value: string;
}

/**
 * A decision (or an evidence review) refused as stale (409): what others changed since the
 * verifier loaded the incident, the decision they made, kept as it was, and the two ways on:
 * send it on the new version, or change it first. `blocked` says why it can no longer be sent.
 */
export function StaleDecision({
  theirs,
  mine,
  blocked,
  busy,
  onReapply,
  onRethink,
}: {
  theirs: HistoryEntry[];
  mine: DecisionPart[];
  blocked: string | null;
  busy: boolean;
  onReapply: () => void;
  onRethink: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  // It appears after a click further down a scrolled dialog or column: bring it into view.
  useEffect(() => {
    // Braces: Chromium's scrollIntoView answers a promise, which React would take for a cleanup.
    void ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <Paper ref={ref} withBorder p="sm" component="section" aria-labelledby={`${id}-title`}>
      <Stack gap="sm">
        <Alert color="orange" role="alert">
          <Text fw={700} c="dark.9" id={`${id}-title`}>
            {t('verification.merge.title')}
          </Text>
          <Text size="sm" c="dark.9">
            {t('verification.merge.intro')}
          </Text>
        </Alert>
        <section aria-labelledby={`${id}-theirs`}>
          <Title order={3} size="h6" id={`${id}-theirs`} mb={4}>
            {t('verification.merge.theirs')}
          </Title>
          {theirs.length === 0 ? (
            <Text size="sm" c="gray.8">
              {t('verification.merge.theirsUnknown')}
            </Text>
          ) : (
            <HistoryEntries entries={theirs} />
          )}
        </section>
        <section aria-labelledby={`${id}-mine`}>
          <Title order={3} size="h6" id={`${id}-mine`} mb={4}>
            {t('verification.merge.mine')}
          </Title>
          <List size="sm" spacing={2}>
            {mine.map((part) => (
              <List.Item key={part.label}>
                <Text span size="sm" fw={600}>
                  {part.label}:
                </Text>{' '}
                <Text span size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {part.value}
                </Text>
              </List.Item>
            ))}
          </List>
        </section>
        {blocked && (
          <Text size="sm" c="red.9" role="note">
            {blocked}
          </Text>
        )}
        <Group gap="xs">
          <Button
            onClick={onReapply}
            loading={busy}
            disabled={blocked !== null}
            h="auto"
            py={6}
            styles={WRAPPING}
          >
            {t('verification.merge.reapply')}
          </Button>
          <Button
            variant="default"
            onClick={onRethink}
            disabled={busy}
            h="auto"
            py={6}
            styles={WRAPPING}
          >
            {t('verification.merge.rethink')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
