import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldChange, HistoryEntry } from '../history/describe';
import { ChangeList, HistoryEntries } from '../history/HistoryEntries';

/**
 * A save refused as stale (409): what others changed since the user loaded the incident, the
 * user's own pending changes beside it, and the two ways on. Nothing typed is lost: the form
 * below still holds it.
 */
export function MergeView({
  theirs,
  mine,
  busy,
  onReapply,
  onDiscard,
}: {
  theirs: HistoryEntry[];
  mine: FieldChange[];
  busy: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="merge-title">
      <Stack>
        <Alert
          color="orange"
          role="alert"
          id="merge-title"
          title={
            <Text span fw={700} c="dark.9">
              {t('history.merge.title')}
            </Text>
          }
        >
          {t('history.merge.intro')}
        </Alert>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <section aria-labelledby="merge-theirs">
            <Title order={2} size="h5" id="merge-theirs" mb="xs">
              {t('history.merge.theirs')}
            </Title>
            {theirs.length === 0 ? (
              <Text c="gray.8">{t('history.merge.theirsUnknown')}</Text>
            ) : (
              <HistoryEntries entries={theirs} />
            )}
          </section>
          <section aria-labelledby="merge-mine">
            <Title order={2} size="h5" id="merge-mine" mb="xs">
              {t('history.merge.mine')}
            </Title>
            {mine.length === 0 ? (
              <Text c="gray.8">{t('history.merge.mineNone')}</Text>
            ) : (
              <ChangeList changes={mine} />
            )}
          </section>
        </SimpleGrid>
        <Text size="sm">{t('history.merge.how')}</Text>
        <Group>
          <Button onClick={onReapply} loading={busy} disabled={mine.length === 0}>
            {t('history.merge.reapply')}
          </Button>
          <Button variant="default" onClick={onDiscard} disabled={busy}>
            {t('history.merge.discard')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
