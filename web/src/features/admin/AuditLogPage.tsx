import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormEvent, Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { AnchorLink } from '../../ui/links';
import { useReferenceLists } from '../../ui/use-reference';
import { AUDIT_ENTITY_TYPES, AuditSearch } from './audit-search';
import { AdminsOnly } from './AdminsOnly';

type AuditEvent = components['schemas']['AuditEventDto'];
type Verification = components['schemas']['AuditVerifyDto'];

const PAGE_SIZE = 50;

/** The day's start or end in UTC, as the API's `from` and `to` take instants. */
const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const dayEnd = (day: string) => `${day}T23:59:59.999Z`;

/** UI.md 23: the audit log with its filters, each event's hashes, and "verify chain". */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: '/staff/admin/audit' });
  const navigate = useNavigate({ from: '/admin/audit' });
  const { users } = useReferenceLists();
  const names = new Map((users ?? []).map((user) => [user.id, user.displayName]));
  const [open, setOpen] = useState<string | null>(null);
  const isAdmin = me.roles.includes('admin');

  const events = useInfiniteQuery({
    queryKey: ['admin', 'audit', search],
    enabled: isAdmin,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/audit', {
        params: {
          query: {
            limit: PAGE_SIZE,
            cursor: pageParam,
            actorId: search.actorId,
            entityType: search.entityType,
            entityId: search.entityId,
            action: search.action,
            from: search.from ? dayStart(search.from) : undefined,
            to: search.to ? dayEnd(search.to) : undefined,
          },
        },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const verify = useMutation({
    mutationFn: async (): Promise<Verification> => {
      const { data, error, response } = await api.GET('/api/v1/audit/verify');
      if (error || !data) throw apiError(response, error);
      return data;
    },
  });

  if (!isAdmin) {
    return <AdminsOnly title={t('admin.audit.title')} message={t('admin.audit.onlyAdmins')} />;
  }

  const apply = (patch: Partial<AuditSearch>) =>
    void navigate({
      search: (previous) =>
        Object.fromEntries(
          Object.entries({ ...previous, ...patch }).filter(([, value]) => value !== undefined),
        ),
    });
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  const who = (id: string | null) => (id ? (names.get(id) ?? id) : t('admin.audit.system'));

  return (
    <Stack>
      <Title order={1}>{t('admin.audit.title')}</Title>
      <Text>{t('admin.audit.intro')}</Text>
      <ChainCheck verify={verify} />
      <AuditFilters
        key={JSON.stringify(search)}
        search={search}
        users={users ?? []}
        onApply={(next) => apply(next)}
        onClear={() => void navigate({ search: {} })}
      />
      {events.isError && (
        <Alert color="red" role="alert">
          <Text size="sm" c="red.9">
            {t('admin.audit.loadFailed', { message: events.error.message })}
          </Text>
        </Alert>
      )}
      {events.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
      {events.isSuccess && rows.length === 0 && <Text>{t('admin.audit.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.audit.columns.seq')}</Table.Th>
                <Table.Th>{t('admin.audit.columns.at')}</Table.Th>
                <Table.Th>{t('admin.audit.columns.actor')}</Table.Th>
                <Table.Th>{t('admin.audit.columns.action')}</Table.Th>
                <Table.Th>{t('admin.audit.columns.entity')}</Table.Th>
                <Table.Th>{t('admin.audit.columns.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((event) => (
                <Fragment key={event.seq}>
                  <Table.Tr>
                    <Table.Td>{event.seq}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatTimestamp(event.at, i18n.language)}
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{who(event.actorId)}</Table.Td>
                    <Table.Td>
                      <Code>{event.action}</Code>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <EntityCell event={event} />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-expanded={open === event.seq}
                        aria-label={t('admin.audit.showDetails', { seq: event.seq })}
                        onClick={() => setOpen(open === event.seq ? null : event.seq)}
                        style={{ flexShrink: 0 }}
                      >
                        {open === event.seq ? t('admin.audit.hide') : t('admin.audit.show')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                  {open === event.seq && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <EventDetails event={event} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {events.hasNextPage && (
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => void events.fetchNextPage()}
            loading={events.isFetchingNextPage}
          >
            {t('admin.audit.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function EntityCell({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const type = (AUDIT_ENTITY_TYPES as readonly string[]).includes(event.entityType)
    ? t(`admin.audit.entityTypes.${event.entityType}`)
    : event.entityType;
  if (event.entityType === 'incident' && event.entityId) {
    return (
      <>
        {type}{' '}
        <AnchorLink to="/incidents/$incidentId" params={{ incidentId: event.entityId }}>
          {event.entityId.slice(0, 8)}
        </AnchorLink>
      </>
    );
  }
  return (
    <>
      {type} {event.entityId && <Code>{event.entityId}</Code>}
    </>
  );
}

/** The event's data and the two hashes that chain it to the one before. */
function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        {t('admin.audit.data')}
      </Text>
      <Code
        p="xs"
        style={{ display: 'block', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        data-testid="audit-data"
      >
        {JSON.stringify(event.data, null, 2)}
      </Code>
      <Text size="sm">
        <strong>{t('admin.audit.prevHash')}</strong>{' '}
        <Code style={{ wordBreak: 'break-all' }}>{event.prevHash}</Code>
      </Text>
      <Text size="sm">
        <strong>{t('admin.audit.hash')}</strong>{' '}
        <Code style={{ wordBreak: 'break-all' }} data-testid="audit-hash">
          {event.hash}
        </Code>
      </Text>
      <Text size="xs" c="gray.8">
        {t('admin.audit.hashHelp')}
      </Text>
    </Stack>
  );
}

function ChainCheck({
  verify,
}: {
  verify: ReturnType<typeof useMutation<Verification, Error, void>>;
}) {
  const { t, i18n } = useTranslation();
  const result = verify.data;
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="chain-check">
      <Stack gap="xs">
        <Title order={2} size="h4" id="chain-check">
          {t('admin.audit.chainTitle')}
        </Title>
        <Text size="sm">{t('admin.audit.chainIntro')}</Text>
        <Group>
          <Button onClick={() => verify.mutate()} loading={verify.isPending}>
            {t('admin.audit.verify')}
          </Button>
        </Group>
        {verify.isError && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {t('admin.audit.verifyFailed', { message: verify.error.message })}
            </Text>
          </Alert>
        )}
        {result && (
          <div role="status" data-testid="chain-result">
            {result.valid ? (
              <Alert color="green" variant="light">
                <Text size="sm" fw={600}>
                  {t('admin.audit.valid', {
                    count: result.checked,
                    n: number.format(result.checked),
                  })}
                </Text>
                {result.headSeq && (
                  <Text size="sm">
                    {t('admin.audit.head', { seq: result.headSeq })}{' '}
                    <Code style={{ wordBreak: 'break-all' }}>{result.headHash}</Code>
                  </Text>
                )}
              </Alert>
            ) : (
              <Alert color="red" variant="light">
                <Text size="sm" fw={600} c="red.9">
                  {t('admin.audit.invalid', { seq: result.firstInvalidSeq ?? '?' })}
                </Text>
                <Text size="sm">{t('admin.audit.invalidHelp')}</Text>
              </Alert>
            )}
            <Text size="sm" mt={6}>
              {result.checkpoints.checked === 0
                ? t('admin.audit.checkpointsNone')
                : result.checkpoints.invalid.length === 0
                  ? t('admin.audit.checkpointsValid', { count: result.checkpoints.checked })
                  : t('admin.audit.checkpointsInvalid', {
                      count: result.checkpoints.invalid.length,
                    })}
            </Text>
            {result.checkpoints.invalid.map((problem) => (
              <Text size="sm" key={problem.file} c="red.9">
                <Code>{problem.file}</Code>: {problem.reason}
              </Text>
            ))}
          </div>
        )}
      </Stack>
    </Paper>
  );
}

function AuditFilters({
  search,
  users,
  onApply,
  onClear,
}: {
  search: AuditSearch;
  users: { id: string; displayName: string }[];
  onApply: (search: AuditSearch) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditSearch>(search);
  const set = (patch: Partial<AuditSearch>) => setDraft((previous) => ({ ...previous, ...patch }));
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} aria-label={t('admin.audit.filters')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <NativeSelect
            label={t('admin.audit.actor')}
            value={draft.actorId ?? ''}
            data={[
              { value: '', label: t('admin.audit.anyone') },
              ...users
                .map((user) => ({ value: user.id, label: user.displayName }))
                .sort((a, b) => a.label.localeCompare(b.label)),
            ]}
            onChange={(event) => set({ actorId: text(event.currentTarget.value) })}
          />
          <NativeSelect
            label={t('admin.audit.entityType')}
            value={draft.entityType ?? ''}
            data={[
              { value: '', label: t('admin.audit.anyType') },
              ...AUDIT_ENTITY_TYPES.map((type) => ({
                value: type,
                label: t(`admin.audit.entityTypes.${type}`),
              })),
            ]}
            onChange={(event) => set({ entityType: text(event.currentTarget.value) })}
          />
          <TextInput
            label={t('admin.audit.entityId')}
            value={draft.entityId ?? ''}
            maxLength={80}
            onChange={(event) => set({ entityId: text(event.currentTarget.value) })}
          />
          <TextInput
            label={t('admin.audit.action')}
            description={t('admin.audit.actionHelp')}
            value={draft.action ?? ''}
            maxLength={80}
            onChange={(event) => set({ action: text(event.currentTarget.value) })}
          />
          <TextInput
            type="date"
            label={t('admin.audit.from')}
            value={draft.from ?? ''}
            onChange={(event) => set({ from: text(event.currentTarget.value) })}
          />
          <TextInput
            type="date"
            label={t('admin.audit.to')}
            value={draft.to ?? ''}
            onChange={(event) => set({ to: text(event.currentTarget.value) })}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit">{t('admin.audit.apply')}</Button>
          <Anchor component="button" type="button" onClick={onClear}>
            {t('admin.audit.clear')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
