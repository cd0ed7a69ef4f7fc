import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { useNames } from '../../ui/use-reference';
import { fieldErrors } from './reference-rules';
import { anyPending, generateSecret } from './webhook-rules';
import { AdminsOnly } from './AdminsOnly';

type Webhook = components['schemas']['WebhookDto'];
type EventName = Webhook['events'][number];
const EVENTS: EventName[] = [
  'incident.created',
  'incident.updated',
  'incident.assigned',
  'incident.transitioned',
  'reminder.due',
];

/** UI.md 24: the webhooks, their creation with a secret shown once, and their deliveries. */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = useNames();
  const client = useQueryClient();
  const isAdmin = me.roles.includes('admin');
  const [creating, setCreating] = useState(false);
  const [shownSecret, setShownSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const hooks = useInfiniteQuery({
    queryKey: ['admin', 'webhooks'],
    enabled: isAdmin,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/webhooks', {
        params: { query: { limit: 50, cursor: pageParam } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  if (!isAdmin) {
    return (
      <AdminsOnly title={t('admin.webhooks.title')} message={t('admin.webhooks.onlyAdmins')} />
    );
  }
  const rows = hooks.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('admin.webhooks.title')}</Title>
        <Button onClick={() => setCreating(true)}>{t('admin.webhooks.create')}</Button>
      </Group>
      <Text>{t('admin.webhooks.intro')}</Text>
      {shownSecret && (
        <Alert color="gray" role="status" aria-label={t('admin.webhooks.secretTitle')}>
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('admin.webhooks.secretTitle')}
            </Text>
            <Text size="sm">{t('admin.webhooks.secretOnce')}</Text>
            <Group gap="xs">
              <Text
                size="sm"
                ff="monospace"
                style={{ wordBreak: 'break-all' }}
                data-testid="secret"
              >
                {shownSecret}
              </Text>
              <CopyButton value={shownSecret}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="default" onClick={copy}>
                    {copied ? t('admin.webhooks.copied') : t('admin.webhooks.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button size="compact-sm" variant="default" onClick={() => setShownSecret(null)}>
                {t('admin.webhooks.secretDone')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {hooks.isError && (
        <Alert color="red" role="alert">
          <Text size="sm" c="red.9">
            {t('admin.webhooks.loadFailed', { message: hooks.error.message })}
          </Text>
        </Alert>
      )}
      {hooks.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
      {hooks.isSuccess && rows.length === 0 && <Text>{t('admin.webhooks.empty')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.webhooks.url')}</Table.Th>
                <Table.Th>{t('admin.webhooks.events')}</Table.Th>
                <Table.Th>{t('admin.webhooks.state')}</Table.Th>
                <Table.Th>{t('admin.webhooks.createdBy')}</Table.Th>
                <Table.Th>{t('admin.webhooks.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((hook) => (
                <Table.Tr key={hook.id}>
                  <Table.Th scope="row" fw={600} style={{ wordBreak: 'break-all' }}>
                    {hook.url}
                  </Table.Th>
                  <Table.Td>
                    {hook.events.map((event) => t(`admin.webhooks.eventNames.${event}`)).join(', ')}
                  </Table.Td>
                  <Table.Td>
                    {hook.active ? t('admin.webhooks.active') : t('admin.webhooks.inactive')}
                  </Table.Td>
                  <Table.Td>
                    {names.user(hook.createdBy)}
                    <Text size="xs" c="gray.8">
                      {formatTimestamp(hook.createdAt, i18n.language)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-expanded={open === hook.id}
                        aria-label={t('admin.webhooks.deliveriesOf', { url: hook.url })}
                        onClick={() => setOpen(open === hook.id ? null : hook.id)}
                      >
                        {t('admin.webhooks.deliveries')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={t('admin.webhooks.deleteOf', { url: hook.url })}
                        onClick={() => setDeleting(hook)}
                      >
                        {t('admin.webhooks.delete')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {hooks.hasNextPage && (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void hooks.fetchNextPage()}>
            {t('admin.webhooks.loadMore')}
          </Button>
        </Group>
      )}
      {open && <Deliveries hook={rows.find((hook) => hook.id === open)} id={open} />}
      {creating && (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={async (secret) => {
            setShownSecret(secret);
            setCreating(false);
            await client.invalidateQueries({ queryKey: ['admin', 'webhooks'] });
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          hook={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={async () => {
            if (open === deleting.id) setOpen(null);
            setDeleting(null);
            await client.invalidateQueries({ queryKey: ['admin', 'webhooks'] });
          }}
        />
      )}
    </Stack>
  );
}

function CreateDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (secret: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<EventName[]>([]);
  const [secret, setSecret] = useState(() => generateSecret());
  const save = useMutation({
    mutationFn: async () => {
      const { error, response } = await api.POST('/api/v1/webhooks', {
        body: { url, events, secret },
      });
      if (error) throw apiError(response, error);
    },
    onSuccess: () => onCreated(secret),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const errors = fieldErrors(error?.body?.details);
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={t('admin.webhooks.create')}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <TextInput
            label={t('admin.webhooks.url')}
            description={t('admin.webhooks.urlHelp')}
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
            error={errors.url}
          />
          <Checkbox.Group
            label={t('admin.webhooks.events')}
            description={t('admin.webhooks.eventsHelp')}
            value={events}
            onChange={(value) => setEvents(value)}
            error={errors.events}
          >
            <Stack gap="xs" mt="xs">
              {EVENTS.map((event) => (
                <Checkbox
                  key={event}
                  value={event}
                  label={t(`admin.webhooks.eventNames.${event}`)}
                  description={t(`admin.webhooks.eventHelp.${event}`)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group align="flex-end" gap="xs">
            <TextInput
              style={{ flex: 1 }}
              label={t('admin.webhooks.secret')}
              description={t('admin.webhooks.secretHelp')}
              value={secret}
              onChange={(event) => setSecret(event.currentTarget.value)}
              error={errors.secret}
            />
            <Button variant="default" onClick={() => setSecret(generateSecret())}>
              {t('admin.webhooks.generate')}
            </Button>
          </Group>
          {save.isError && (
            <Alert color="red" role="alert">
              <Text size="sm" c="red.9">
                {t('admin.webhooks.createFailed', { message: save.error.message })}
              </Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('admin.webhooks.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteDialog({
  hook,
  onClose,
  onDeleted,
}: {
  hook: Webhook;
  onClose: () => void;
  onDeleted: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const remove = useMutation({
    mutationFn: async () => {
      const { error, response } = await api.DELETE('/api/v1/webhooks/{id}', {
        params: { path: { id: hook.id } },
      });
      if (error) throw apiError(response, error);
    },
    onSuccess: onDeleted,
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('admin.webhooks.deleteOf', { url: hook.url })}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
    >
      <Stack>
        <Text size="sm">{t('admin.webhooks.deleteHelp')}</Text>
        {remove.isError && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {t('admin.webhooks.deleteFailed', { message: remove.error.message })}
            </Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('actions.cancel')}
          </Button>
          <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('admin.webhooks.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Deliveries({ id, hook }: { id: string; hook: Webhook | undefined }) {
  const { t, i18n } = useTranslation();
  const deliveries = useInfiniteQuery({
    queryKey: ['admin', 'webhooks', id, 'deliveries'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/webhooks/{id}/deliveries', {
        params: { path: { id }, query: { limit: 25, cursor: pageParam } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: (query) =>
      anyPending(query.state.data?.pages.flatMap((page) => page.items) ?? []) ? 3000 : false,
  });
  const rows = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const title = t('admin.webhooks.deliveriesOf', { url: hook?.url ?? '' });
  const time = (iso: string | null) => (iso ? formatTimestamp(iso, i18n.language) : '—');
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4" style={{ wordBreak: 'break-all' }}>
          {title}
        </Title>
        {deliveries.isError && (
          <Alert color="red" role="alert">
            <Text size="sm" c="red.9">
              {t('admin.webhooks.loadFailed', { message: deliveries.error.message })}
            </Text>
          </Alert>
        )}
        {deliveries.isSuccess && rows.length === 0 && (
          <Text>{t('admin.webhooks.noDeliveries')}</Text>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.webhooks.event')}</Table.Th>
                  <Table.Th>{t('admin.webhooks.status')}</Table.Th>
                  <Table.Th>{t('admin.webhooks.result')}</Table.Th>
                  <Table.Th>{t('admin.webhooks.times')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((delivery) => (
                  <Table.Tr key={delivery.id} data-testid="delivery">
                    <Table.Td>
                      {t(`admin.webhooks.eventNames.${delivery.eventType}`, {
                        defaultValue: delivery.eventType,
                      })}
                    </Table.Td>
                    <Table.Td>
                      {t(`admin.webhooks.statuses.${delivery.status}`)}
                      <Text size="xs" c="gray.8">
                        {t('admin.webhooks.attempts', { count: delivery.attempts })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {delivery.lastStatusCode !== null
                        ? t('admin.webhooks.statusCode', { code: delivery.lastStatusCode })
                        : (delivery.lastError ?? '—')}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {t('admin.webhooks.createdAt', { time: time(delivery.createdAt) })}
                      </Text>
                      <Text size="xs">
                        {t('admin.webhooks.lastAttemptAt', { time: time(delivery.lastAttemptAt) })}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {deliveries.hasNextPage && (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void deliveries.fetchNextPage()}>
              {t('admin.webhooks.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
