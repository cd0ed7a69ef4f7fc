/* eslint-disable @typescript-eslint/only-throw-error -- the router's redirect() is thrown by design */
import {
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { z } from 'zod';
import { SignInPage } from '../features/auth/SignInPage';
import { IncidentDetail } from '../features/incidents/IncidentDetail';
import { IncidentList, incidentSearch } from '../features/incidents/IncidentList';
import { MyWork } from '../features/incidents/MyWork';
import { NotFound } from '../ui/NotFound';
import { session } from './session';
import { Shell } from './Shell';

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search) =>
    z
      .object({
        redirect: z.string().startsWith('/').optional().catch(undefined),
        reason: z.enum(['expired']).optional().catch(undefined),
      })
      .parse(search),
  beforeLoad: () => {
    if (session.state.status === 'signed_in') throw redirect({ to: '/' });
  },
  component: SignInPage,
});

/** Every staff page: signed in, or sent to sign in and brought back afterwards. */
const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'staff',
  beforeLoad: ({ location }) => {
    if (session.state.status !== 'signed_in') {
      throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    }
  },
  component: Shell,
});

const myWorkRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  component: MyWork,
});

const incidentsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents',
  validateSearch: (search) => incidentSearch.parse(search),
  component: IncidentList,
});

const incidentRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: 'incidents/$incidentId',
  component: IncidentDetail,
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  staffRoute.addChildren([myWorkRoute, incidentsRoute, incidentRoute]),
]);

export const router = createRouter({ routeTree, basepath: '/app', defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
