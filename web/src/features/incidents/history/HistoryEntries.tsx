import { List, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTimestamp } from '../../../ui/format';
import { useNames } from '../../../ui/use-reference';
import { describeEntry, FieldChange, HistoryEntry } from './describe';

/** Field changes as "Title: old → new", each value as text. */
export function ChangeList({ changes }: { changes: FieldChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return null;
  return (
    <List size="sm" spacing={4}>
      {changes.map((change) => (
        <List.Item key={change.field}>
          <Text span size="sm" fw={600}>
            {change.label}:
          </Text>{' '}
          <Text span size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t('history.change', { old: change.old, new: change.new })}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

/** Timeline entries: who, when, what, with field diffs and notes. */
export function HistoryEntries({ entries }: { entries: HistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const names = useNames();
  return (
    <Timeline
      bulletSize={14}
      lineWidth={2}
      component="ol"
      style={{ listStyle: 'none', paddingLeft: 0 }}
    >
      {entries.map((entry) => {
        const described = describeEntry(entry, t, i18n.language, names);
        return (
          <Timeline.Item key={entry.id} component="li">
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {described.text}
              </Text>
              <Text size="xs" c="gray.8">
                <time dateTime={entry.at}>{formatTimestamp(entry.at, i18n.language)}</time>
              </Text>
              <ChangeList changes={described.changes} />
              {described.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('history.note', { note: described.note })}
                </Text>
              )}
              {entry.data.redacted === true && (
                <Text size="sm" c="gray.8">
                  {t('history.redacted')}
                </Text>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
