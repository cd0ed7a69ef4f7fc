import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { api, apiError } from '../../api/client';
import type { operations } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatPeriod, formatTimestamp } from '../../ui/format';
import { useNames } from '../../ui/use-reference';

type ListQuery = NonNullable<operations['listIncidents']['parameters']['query']>;

interface Section {
  key: string;
  title: string;
  query: ListQuery;
  /** Leave out what the caller filed: four eyes. */
  notMine?: boolean;
  /** Drafts: never submitted (false) or sent back after a submission (true). */
  returned?: boolean;
}

/** What the last person to send it back wrote: the transition's note, from the history. */
function ReturnNote({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const names = useNames();
  const note = useQuery({
    queryKey: ['incident', incidentId, 'history', 'return-note'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}/history', {
        params: { path: { id: incidentId }, query: { limit: 100 } },
      });
      if (error) throw apiError(response, error);
      const back = data.items
        .filter(
          (entry) =>
            entry.kind === 'transition' &&
            (entry.data.action === 'request_changes' || entry.data.action === 'reopen'),
        )
        .at(-1);
      return back
        ? {
            action: back.data.action as string,
            note: typeof back.data.note === 'string' ? back.data.note : '',
            actorId: back.actorId,
          }
        : null;
    },
  });
  if (!note.data?.note) return null;
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {t(note.data.action === 'reopen' ? 'myWork.reopenedNote' : 'myWork.returnedNote', {
        name: names.user(note.data.actorId),
        note: note.data.note,
      })}
    </Text>
  );
}

/** The newest unread notifications, with the way to all of them. */
function UnreadSection() {
  const { t, i18n } = useTranslation();
  const unread = useQuery({
    queryKey: ['notifications', 'my-work'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/notifications', {
        params: { query: { unread: 'true', limit: 5 } },
      });
      if (error) throw apiError(response, error);
      return data.items;
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="work-unread">
      <Title order={2} size="h4" id="work-unread" mb="sm">
        {t('myWork.unread')}
      </Title>
      {unread.isSuccess && unread.data.length === 0 && <Text c="gray.8">{t('myWork.empty')}</Text>}
      <Stack gap="xs">
        {unread.data?.map((item) => (
          <div key={item.id}>
            <Text fw={600}>{item.title}</Text>
            <Text size="sm" c="gray.8">
              {formatTimestamp(item.createdAt, i18n.language)}
            </Text>
          </div>
        ))}
        <AnchorLink to="/notifications">{t('myWork.allNotifications')}</AnchorLink>
      </Stack>
    </Paper>
  );
}

function WorkSection({ section, myId }: { section: Section; myId: string }) {
  const { t, i18n } = useTranslation();
  const result = useQuery({
    queryKey: ['incidents', 'my-work', section.key],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents', {
        params: { query: { ...section.query, limit: 10, sort: '-updatedAt' } },
      });
      if (error) throw apiError(response, error);
      return data.items.filter(
        (item) =>
          (!section.notMine || item.createdBy !== myId) &&
          (section.returned === undefined || (item.submittedAt !== null) === section.returned),
      );
    },
  });
  const headingId = `work-${section.key}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="sm">
        {section.title}
      </Title>
      {result.isSuccess && result.data.length === 0 && <Text c="gray.8">{t('myWork.empty')}</Text>}
      <Stack gap="xs">
        {result.data?.map((incident) => (
          <Group key={incident.id} justify="space-between" wrap="nowrap" gap="xs">
            <div>
              <AnchorLink to="/incidents/$incidentId" params={{ incidentId: incident.id }}>
                {incident.reference}
              </AnchorLink>{' '}
              <Text span>{incident.title}</Text>
              <Text size="sm" c="gray.8">
                {formatPeriod(
                  incident.occurredFrom,
                  incident.occurredTo,
                  incident.datePrecision,
                  i18n.language,
                )}
              </Text>
              {section.returned && <ReturnNote incidentId={incident.id} />}
            </div>
            {incident.escalated ? (
              <Badge color="red" variant="light" c="red.9">
                {t('myWork.escalated')}
              </Badge>
            ) : incident.overdue ? (
              <Badge color="orange" variant="light" c="orange.9">
                {t('myWork.overdue')}
              </Badge>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** Home: what waits for the signed-in user, by role. */
export function MyWork() {
  const { t } = useTranslation();
  const me = useMe();
  const has = (role: string) => me.roles.includes(role as (typeof me.roles)[number]);
  const sections: Section[] = [
    ...(has('monitor') || has('admin')
      ? [
          {
            key: 'returned',
            title: t('myWork.returned'),
            query: { createdBy: 'me', status: 'intake' },
            returned: true,
          },
          {
            key: 'drafts',
            title: t('myWork.drafts'),
            query: { createdBy: 'me', status: 'intake' },
            returned: false,
          },
        ]
      : []),
    ...(has('verifier')
      ? [
          {
            key: 'assigned',
            title: t('myWork.assigned'),
            query: { assigneeId: 'me', status: 'in_verification' },
          },
          {
            key: 'open',
            title: t('myWork.open'),
            query: { assigneeId: 'none', status: 'in_verification' },
            notMine: true,
          },
        ]
      : []),
    ...(has('writer')
      ? [{ key: 'publication', title: t('myWork.publication'), query: { status: 'verified' } }]
      : []),
  ] as Section[];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('myWork.title')}</Title>
        {(has('monitor') || has('admin')) && (
          <Button component={Link} to="/incidents/new">
            {t('incidentForm.newTitle')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {sections.map((section) => (
          <WorkSection key={section.key} section={section} myId={me.id} />
        ))}
        <UnreadSection />
      </SimpleGrid>
    </Stack>
  );
}
