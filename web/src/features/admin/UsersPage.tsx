import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, apiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/use-session';
import { formatTimestamp } from '../../ui/format';
import { AdminsOnly } from './AdminsOnly';

type User = components['schemas']['UserDto'];
type Role = User['roles'][number];
type PasswordLink = components['schemas']['PasswordLinkDto'];

const ROLES: Role[] = ['monitor', 'verifier', 'writer', 'admin'];
const USERS_KEY = ['admin', 'users'] as const;

/**
 * A password nobody will know, for the account's creation: the API asks for one, and the
 * person sets their own through the single-use link issued right after.
 */
function unknowablePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes));
}

/** UI.md 21: the users, their roles and access, and the password links admins issue. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [linkFor, setLinkFor] = useState<{ user: User; created: boolean } | null>(null);
  const isAdmin = me.roles.includes('admin');

  const users = useInfiniteQuery({
    queryKey: USERS_KEY,
    enabled: isAdmin,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/api/v1/users', {
        params: { query: { limit: 100, cursor: pageParam } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  if (!isAdmin) {
    return <AdminsOnly title={t('admin.users.title')} message={t('admin.onlyAdmins')} />;
  }

  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1}>{t('admin.users.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('admin.users.create')}</Button>
      </Group>
      <Text>{t('admin.users.intro')}</Text>
      <Alert color="blue" variant="light" title={t('admin.users.fourEyesTitle')}>
        {t('admin.users.fourEyes')}
      </Alert>
      {users.isError && (
        <Alert color="red" role="alert">
          {t('admin.users.loadFailed')}
        </Alert>
      )}
      {users.isPending && <Text c="gray.8">{t('app.loading')}</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.users.columns.name')}</Table.Th>
                <Table.Th>{t('admin.users.columns.email')}</Table.Th>
                <Table.Th>{t('admin.users.columns.roles')}</Table.Th>
                <Table.Th>{t('admin.users.columns.state')}</Table.Th>
                <Table.Th>{t('admin.users.columns.created')}</Table.Th>
                <Table.Th>{t('admin.users.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 160 }}>
                    {user.displayName} {user.id === me.id && t('admin.users.you')}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere', minWidth: 180 }}>
                    {user.email}
                  </Table.Td>
                  <Table.Td>{user.roles.map((role) => t(`roles.${role}`)).join(', ')}</Table.Td>
                  <Table.Td>
                    <Text
                      size="sm"
                      fw={user.active ? 400 : 600}
                      c={user.active ? undefined : 'red.9'}
                    >
                      {user.active ? t('admin.users.active') : t('admin.users.inactive')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatTimestamp(user.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={t('admin.users.editNamed', { name: user.displayName })}
                        onClick={() => setEditing(user)}
                        style={{ flexShrink: 0 }}
                      >
                        {t('admin.users.edit')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="default"
                        aria-label={t('admin.users.resetLinkNamed', { name: user.displayName })}
                        onClick={() => setLinkFor({ user, created: false })}
                        style={{ flexShrink: 0 }}
                      >
                        {t('admin.users.resetLink')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.hasNextPage && (
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => void users.fetchNextPage()}
            loading={users.isFetchingNextPage}
          >
            {t('admin.users.loadMore')}
          </Button>
        </Group>
      )}
      {editing !== null && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(user) => {
            setEditing(null);
            setLinkFor({ user, created: true });
          }}
        />
      )}
      {linkFor && (
        <PasswordLinkDialog
          user={linkFor.user}
          created={linkFor.created}
          onClose={() => setLinkFor(null)}
        />
      )}
    </Stack>
  );
}

interface Draft {
  displayName: string;
  email: string;
  roles: Role[];
  active: boolean;
}

/** Create a user, or edit one's name, roles and access (with `version`; a 409 reloads it). */
function UserDialog({
  user,
  onClose,
  onCreated,
}: {
  user: User | null;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<User | null>(user);
  const [draft, setDraft] = useState<Draft>({
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    roles: user?.roles ?? [],
    active: user?.active ?? true,
  });
  const [checked, setChecked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const problems = {
    displayName: draft.displayName.trim() === '' ? t('admin.form.nameRequired') : null,
    email:
      current === null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())
        ? t('admin.form.emailInvalid')
        : null,
    roles: draft.roles.length === 0 ? t('admin.form.rolesRequired') : null,
  };

  const save = useMutation({
    mutationFn: async (): Promise<User> => {
      if (current === null) {
        const { data, error, response } = await api.POST('/api/v1/users', {
          body: {
            email: draft.email.trim(),
            displayName: draft.displayName.trim(),
            roles: draft.roles,
            password: unknowablePassword(),
          },
        });
        if (error || !data) throw apiError(response, error);
        return data;
      }
      const { data, error, response } = await api.PATCH('/api/v1/users/{id}', {
        params: { path: { id: current.id } },
        body: {
          displayName: draft.displayName.trim(),
          roles: draft.roles,
          active: draft.active,
          version: current.version,
        },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      if (current === null) onCreated(saved);
      else onClose();
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409 && current !== null) {
        // Someone saved first: show their version, keep nothing of ours silently.
        const { data } = await api.GET('/api/v1/users/{id}', {
          params: { path: { id: current.id } },
        });
        if (data) {
          setCurrent(data);
          setDraft({
            displayName: data.displayName,
            email: data.email,
            roles: data.roles,
            active: data.active,
          });
        }
        setNotice(t('admin.form.stale'));
        await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      }
    },
  });

  const refusal = (): string | null => {
    const error = save.error;
    if (!error) return null;
    if (error instanceof ApiError) {
      if (error.status === 409 && current === null) return t('admin.form.duplicate');
      if (error.status === 409) return null;
      if (error.status === 422) return t('admin.form.selfRefused');
    }
    return t('admin.form.refused', { message: error.message });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    setNotice(null);
    if (problems.displayName || problems.email || problems.roles) return;
    save.mutate();
  };

  const refused = refusal();
  const deactivating = current !== null && current.active && !draft.active;
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        current === null
          ? t('admin.form.createTitle')
          : t('admin.form.editTitle', { name: current.displayName })
      }
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {notice && (
            <Alert color="yellow" role="alert">
              {notice}
            </Alert>
          )}
          <TextInput
            label={t('admin.form.displayName')}
            description={t('admin.form.displayNameHelp')}
            value={draft.displayName}
            maxLength={200}
            required
            error={checked ? problems.displayName : null}
            onChange={(event) => {
              const displayName = event.currentTarget.value;
              setDraft((previous) => ({ ...previous, displayName }));
            }}
          />
          {current === null ? (
            <TextInput
              label={t('admin.form.email')}
              description={t('admin.form.emailHelp')}
              type="email"
              value={draft.email}
              maxLength={320}
              required
              error={checked ? problems.email : null}
              onChange={(event) => {
                const email = event.currentTarget.value;
                setDraft((previous) => ({ ...previous, email }));
              }}
            />
          ) : (
            <Text size="sm">
              {t('admin.form.email')}: {current.email}
            </Text>
          )}
          <Checkbox.Group
            label={t('admin.form.roles')}
            description={t('admin.form.rolesHelp')}
            value={draft.roles}
            onChange={(roles) => setDraft((previous) => ({ ...previous, roles }))}
            error={checked ? problems.roles : null}
          >
            <Stack gap={6} mt={6}>
              {ROLES.map((role) => (
                <Checkbox
                  key={role}
                  value={role}
                  label={t(`roles.${role}`)}
                  description={t(`admin.form.roleHelp.${role}`)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          {current !== null ? (
            <Stack gap={6}>
              <Switch
                label={t('admin.form.activeLabel')}
                checked={draft.active}
                onChange={(event) => {
                  const active = event.currentTarget.checked;
                  setDraft((previous) => ({ ...previous, active }));
                }}
              />
              {deactivating && (
                <Alert color="red" variant="light" role="alert">
                  <Text size="sm" c="red.9">
                    {t('admin.form.deactivateWarning')}
                  </Text>
                </Alert>
              )}
            </Stack>
          ) : (
            <Text size="sm">{t('admin.form.passwordNote')}</Text>
          )}
          {refused && (
            <Alert color="red" role="alert">
              <Text size="sm" c="red.9">
                {refused}
              </Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button
              type="submit"
              loading={save.isPending}
              color={deactivating ? 'red.8' : undefined}
            >
              {current === null ? t('admin.form.createSubmit') : t('admin.form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Issues a single-use set-password link and shows it once (it signs the user out). */
function PasswordLinkDialog({
  user,
  created,
  onClose,
}: {
  user: User;
  created: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [link, setLink] = useState<PasswordLink | null>(null);
  const issue = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/v1/users/{id}/password-reset', {
        params: { path: { id: user.id } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    onSuccess: setLink,
  });
  const name = user.displayName;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('admin.link.title', { name })}
      closeButtonProps={{ 'aria-label': t('actions.cancel') }}
      size="lg"
    >
      <Stack>
        {created && (
          <Text fw={600} role="status">
            {t('admin.link.created', { name })}
          </Text>
        )}
        <Text size="sm">{t('admin.link.explain', { name })}</Text>
        {link ? (
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('admin.link.issued', { name })}
            </Text>
            <Code
              data-testid="password-link"
              p="xs"
              style={{ display: 'block', wordBreak: 'break-all' }}
            >
              {link.link}
            </Code>
            <Text size="sm">
              {t('admin.link.expires', { time: formatTimestamp(link.expiresAt, i18n.language) })}
            </Text>
            <Text size="xs" c="gray.8">
              {t('admin.link.mailed')}
            </Text>
            <Group justify="flex-end" gap="sm">
              <CopyButton value={link.link}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? t('admin.link.copied') : t('admin.link.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button onClick={onClose}>{t('admin.link.close')}</Button>
            </Group>
          </Stack>
        ) : (
          <>
            {issue.isError && (
              <Alert color="red" role="alert">
                <Text size="sm" c="red.9">
                  {t('admin.link.failed', { message: issue.error.message })}
                </Text>
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('actions.cancel')}
              </Button>
              <Button onClick={() => issue.mutate()} loading={issue.isPending}>
                {t('admin.link.issue')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
