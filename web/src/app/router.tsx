/* eslint-disable @typescript-eslint/only-throw-error -- the router's redirect() is thrown by design */
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { z } from 'zod/mini';
// The sign-in page is in the first chunk; every staff screen is loaded when first opened.
import { SignInPage } from '../features/auth/SignInPage';
import { auditSearch } from '../features/admin/audit-search';
import { incidentListQuery } from '../features/incidents/list-query';
import { filtersOf, incidentSearch } from '../features/incidents/search';
import { publishedListQuery } from '../features/public-site/query';
import { publicQueryOf, publicSearch } from '../features/public-site/search';
import { versionsSearch } from '../features/sanctions/versions-search';
import { loadPublicStrings, loadStaffStrings } from '../i18n';
import { NotFound } from '../ui/NotFound';
import { prefetchReferenceLists } from '../ui/use-reference';
import { queryClient } from './query-client';
import { session } from './session';
import { Shell } from './Shell';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search) =>
    z
      .object({
        redirect: z.catch(z.optional(z.string().check(z.startsWith('/'))), undefined),
        reason: z.catch(z.optional(z.enum(['expired'])), undefined),
      })
      .parse(search),
  beforeLoad: () => {
    if (session.state.status === 'signed_in') throw redirect({ to: '/' });
  },
  component: SignInPage,
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'forgot-password',
  component: lazyRouteComponent(
    () => import('../features/auth/PasswordPages'),
    'ForgotPasswordPage',
  ),
});

const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'set-password',
  component: lazyRouteComponent(() => import('../features/auth/PasswordPages'), 'SetPasswordPage'),
});

/**
 * The public site: published incidents, for anyone, with no session. Its pages call only the
 * public API (main.tsx does not even resume a session on them) and load their own strings.
 */
const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'public',
  beforeLoad: () => loadPublicStrings(),
  component: lazyRouteComponent(
    () => import('../features/public-site/PublicLayout'),
    'PublicLayout',
  ),
});

const publishedListRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: 'published',
  validateSearch: (search) => publicSearch.parse(search),
  loaderDeps: ({ search }) => search,
  // As on the staff list: the first page is asked for while the screen's code loads.
  loader: async ({ deps, cause }) => {
    const page = queryClient.prefetchInfiniteQuery(publishedListQuery(publicQueryOf(deps)));
    if (cause === 'enter') await page;
  },
  component: lazyRouteComponent(
    () => import('../features/public-site/PublishedList'),
    'PublishedList',
  ),
});

const publishedIncidentRoute = createRoute({
  getParentRoute: () => publicRoute,
  path: 'published/$reference',
  component: lazyRouteComponent(
    () => import('../features/public-site/PublishedIncident'),
    'PublishedIncident',
  ),
});

/** Every staff page: signed in, or sent to sign in and brought back afterwards. */
const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'staff',
  beforeLoad: async ({ location }) => {
    if (session.state.status !== 'signed_in') {
      throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    }
    // The staff screens' own strings come with the first of them, not with the sign-in page.
    await loadStaffStrings();
  },
  // On entering the staff pages (a full load, or after sign-in) the first screen renders once,
  // with its names; later screens find them cached (a prefetch answers at once while fresh).
  loader: async ({ cause }) => {
    const references = prefetchReferenceLists(queryClient);
    if (cause === 'enter') await references;
  },
  component: Shell,
});

const myWorkRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../features/incidents/MyWork'), 'MyWork'),
});

const dashboardRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'dashboard',
  component: lazyRouteComponent(() => import('../features/dashboard/Dashboard'), 'Dashboard'),
});

const incidentsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents',
  validateSearch: (search) => incidentSearch.parse(search),
  loaderDeps: ({ search }) => search,
  // The first page is asked for while the screen's code loads, not once it has rendered, and on
  // entering the screen it renders once, with its rows. A change of filters renders at once
  // (the filters show what was chosen) and the rows follow.
  loader: async ({ deps, cause }) => {
    const page = queryClient.prefetchInfiniteQuery(incidentListQuery(filtersOf(deps), deps.sort));
    if (cause === 'enter') await page;
  },
  component: lazyRouteComponent(() => import('../features/incidents/IncidentList'), 'IncidentList'),
});

const incidentRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents/$incidentId',
  component: lazyRouteComponent(
    () => import('../features/incidents/IncidentDetail'),
    'IncidentDetail',
  ),
});

const verificationRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'verification',
  component: lazyRouteComponent(
    () => import('../features/verification/VerificationQueue'),
    'VerificationQueue',
  ),
});

const reviewRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents/$incidentId/review',
  validateSearch: (search) =>
    z.object({ item: z.catch(z.optional(z.uuid()), undefined) }).parse(search),
  component: lazyRouteComponent(
    () => import('../features/verification/ReviewWorkspace'),
    'ReviewWorkspace',
  ),
});

const publicationRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'publication',
  component: lazyRouteComponent(
    () => import('../features/publication/PublicationQueue'),
    'PublicationQueue',
  ),
});

const publicTextRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents/$incidentId/publication',
  component: lazyRouteComponent(
    () => import('../features/publication/PublicTextEditor'),
    'PublicTextEditor',
  ),
});

const notificationsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'notifications',
  validateSearch: (search) =>
    z.object({ show: z.catch(z.optional(z.enum(['all'])), undefined) }).parse(search),
  component: lazyRouteComponent(
    () => import('../features/notifications/NotificationsPage'),
    'NotificationsPage',
  ),
});

const newIncidentRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents/new',
  component: lazyRouteComponent(
    () => import('../features/incidents/form/NewIncident'),
    'NewIncident',
  ),
});

const editIncidentRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents/$incidentId/edit',
  component: lazyRouteComponent(
    () => import('../features/incidents/form/EditIncident'),
    'EditIncident',
  ),
});

const exportsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'exports',
  component: lazyRouteComponent(() => import('../features/exports/ExportsPage'), 'ExportsPage'),
});

/** The builder's filters are the incident list's, in the URL: "export this view" opens it so. */
const reportBuilderRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'exports/new',
  validateSearch: (search) => incidentSearch.parse(search),
  component: lazyRouteComponent(() => import('../features/exports/ReportBuilder'), 'ReportBuilder'),
});

const usersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'admin/users',
  component: lazyRouteComponent(() => import('../features/admin/UsersPage'), 'UsersPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'admin/audit',
  validateSearch: (search) => auditSearch.parse(search),
  component: lazyRouteComponent(() => import('../features/admin/AuditLogPage'), 'AuditLogPage'),
});

const queuesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'admin/queues',
  component: lazyRouteComponent(() => import('../features/admin/QueuesPage'), 'QueuesPage'),
});

const referenceRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'admin/reference',
  component: lazyRouteComponent(() => import('../features/admin/ReferencePage'), 'ReferencePage'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'admin/webhooks',
  component: lazyRouteComponent(() => import('../features/admin/WebhooksPage'), 'WebhooksPage'),
});

const sanctionsVersionsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'admin/sanctions',
  validateSearch: (search) => versionsSearch.parse(search),
  component: lazyRouteComponent(() => import('../features/sanctions/VersionsPage'), 'VersionsPage'),
});

const designationRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'sanctions/designations/$reference',
  component: lazyRouteComponent(
    () => import('../features/sanctions/DesignationPage'),
    'DesignationPage',
  ),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  forgotPasswordRoute,
  setPasswordRoute,
  publicRoute.addChildren([publishedListRoute, publishedIncidentRoute]),
  staffRoute.addChildren([
    myWorkRoute,
    dashboardRoute,
    incidentsRoute,
    notificationsRoute,
    verificationRoute,
    reviewRoute,
    publicationRoute,
    publicTextRoute,
    newIncidentRoute,
    incidentRoute,
    editIncidentRoute,
    exportsRoute,
    reportBuilderRoute,
    usersRoute,
    auditRoute,
    queuesRoute,
    referenceRoute,
    webhooksRoute,
    sanctionsVersionsRoute,
    designationRoute,
  ]),
]);

export const router = createRouter({ routeTree, basepath: '/app', defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
