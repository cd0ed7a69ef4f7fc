import {
  Alert,
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useNetwork } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { LanguageSelect } from '../ui/LanguageSelect';
import { NavRouterLink } from '../ui/links';
import { mayExport } from '../features/exports/rules';
import { session } from './session';
import { useMe, useSession } from './use-session';

/** Staff pages exist only inside a session: the moment it ends, nothing of them renders. */
export function Shell() {
  const state = useSession();
  return state.status === 'signed_in' ? <StaffFrame /> : null;
}

/** The frame of every staff page: navigation by role, language, account, notifications. */
function StaffFrame() {
  const { t } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const network = useNetwork();
  const path = useRouterState({ select: (state) => state.location.pathname });
  const incidentsActive =
    path.startsWith('/app/incidents') &&
    !path.endsWith('/review') &&
    !path.endsWith('/publication') &&
    !path.endsWith('/incidents/new');
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: async () => (await api.GET('/api/v1/notifications/unread-count')).data?.unread ?? 0,
    refetchInterval: 60_000,
  });
  const unreadCount = unread.data ?? 0;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.main')}
            />
            {/* On a phone the page's own heading says where one is; the name would wrap. */}
            <Title order={2} size="h4" visibleFrom="xs" style={{ whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSelect />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.userMenu', { name: me.displayName })}>
                  <Text size="sm" fw={600} truncate="end" maw={160}>
                    {me.displayName}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {t('nav.roles', {
                    roles: me.roles.map((role) => t(`roles.${role}`)).join(', '),
                  })}
                </Menu.Label>
                <Menu.Item onClick={() => void session.signOut()}>{t('nav.signOut')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        <NavRouterLink
          to="/"
          label={t('nav.myWork')}
          active={path === '/app/' || path === '/app'}
          onClick={close}
        />
        <NavRouterLink to="/dashboard" label={t('nav.dashboard')} onClick={close} />
        <NavRouterLink
          to="/incidents"
          label={t('nav.incidents')}
          active={incidentsActive}
          // The router marks a link active on any path below it; the new incident, review and
          // publication screens belong to their own entries.
          activeOptions={{ exact: !incidentsActive }}
          onClick={close}
        />
        {(me.roles.includes('monitor') || me.roles.includes('admin')) && (
          <NavRouterLink
            to="/incidents/new"
            label={t('incidentForm.newTitle')}
            active={path.endsWith('/incidents/new')}
            onClick={close}
          />
        )}
        {(me.roles.includes('verifier') || me.roles.includes('admin')) && (
          <NavRouterLink
            to="/verification"
            label={t('verification.queue')}
            active={path.startsWith('/app/verification') || path.endsWith('/review')}
            onClick={close}
          />
        )}
        {(me.roles.includes('writer') || me.roles.includes('admin')) && (
          <NavRouterLink
            to="/publication"
            label={t('publication.queue')}
            active={path.startsWith('/app/publication') || path.endsWith('/publication')}
            onClick={close}
          />
        )}
        {mayExport(me.roles) && (
          <NavRouterLink
            to="/exports"
            label={t('nav.exports')}
            active={path.startsWith('/app/exports')}
            onClick={close}
          />
        )}
        {me.roles.includes('admin') && (
          <NavRouterLink
            to="/admin/users"
            label={t('admin.nav')}
            active={path.startsWith('/app/admin/users')}
            onClick={close}
          />
        )}
        {me.roles.includes('admin') && (
          <NavRouterLink
            to="/admin/audit"
            label={t('admin.audit.nav')}
            active={path.startsWith('/app/admin/audit')}
            onClick={close}
          />
        )}
        {me.roles.includes('admin') && (
          <NavRouterLink
            to="/admin/queues"
            label={t('admin.queues.nav')}
            active={path.startsWith('/app/admin/queues')}
            onClick={close}
          />
        )}
        {me.roles.includes('admin') && (
          <NavRouterLink
            to="/admin/reference"
            label={t('admin.reference.nav')}
            active={path.startsWith('/app/admin/reference')}
            onClick={close}
          />
        )}
        {me.roles.includes('admin') && (
          <NavRouterLink
            to="/admin/webhooks"
            label={t('admin.webhooks.nav')}
            active={path.startsWith('/app/admin/webhooks')}
            onClick={close}
          />
        )}
        {(me.roles.includes('admin') || me.roles.includes('verifier')) && (
          <NavRouterLink
            to="/admin/sanctions"
            label={t('sanctions.versions.nav')}
            active={path.startsWith('/app/admin/sanctions')}
            onClick={close}
          />
        )}
        <NavRouterLink
          to="/notifications"
          label={t('nav.notifications')}
          active={path.startsWith('/app/notifications')}
          onClick={close}
          rightSection={
            unreadCount > 0 ? (
              <Badge size="sm" variant="filled" color="red.8" aria-hidden>
                {unreadCount >= 100 ? '99+' : unreadCount}
              </Badge>
            ) : null
          }
          description={
            unreadCount > 0 ? (
              <VisuallyHidden>{t('nav.unread', { count: unreadCount })}</VisuallyHidden>
            ) : undefined
          }
        />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        {!network.online && (
          <Alert color="orange" mb="md" role="status">
            {t('app.offline')}
          </Alert>
        )}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
