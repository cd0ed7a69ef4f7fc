import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { fireEvent, render, screen } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { PublishedIncident } from './PublishedIncident';
import { PublishedList } from './PublishedList';
import { publicSearch } from './search';

// The public client takes fetch when it is made: the stub is in place before any import.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

const answer = (status: number, body: unknown) =>
  Promise.resolve(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );

/** The public routes as the app declares them (same ids), on a memory history. */
function show(path: string) {
  const root = createRootRoute({ component: Outlet });
  const site = createRoute({ getParentRoute: () => root, id: 'public', component: Outlet });
  const list = createRoute({
    getParentRoute: () => site,
    path: 'published',
    validateSearch: (search) => publicSearch.parse(search),
    component: PublishedList,
  });
  const incident = createRoute({
    getParentRoute: () => site,
    path: 'published/$reference',
    component: PublishedIncident,
  });
  const router = createRouter({
    routeTree: root.addChildren([site.addChildren([list, incident])]),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <RouterProvider router={router as never} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

beforeAll(async () => {
  await setupI18n('en');
});
beforeEach(() => {
  fetchMock.mockReset();
});

const calledPaths = () =>
  fetchMock.mock.calls.map(([request]) => {
    const url = new URL(request.url);
    return `${url.pathname}${url.search}`;
  });

describe('the public pages', () => {
  it('ask the public API only, with no credentials, and a year as the dates it spans', async () => {
    fetchMock.mockImplementation(() => answer(200, { items: [], nextCursor: null }));
    show('/published?year=2024&country=cn');
    expect(await screen.findByText('No published incident matches these filters.')).toBeTruthy();
    expect(calledPaths()).toEqual([
      '/api/v1/public/incidents?country=CN&occurredFrom=2024-01-01&occurredTo=2024-12-31&limit=25',
    ]);
    const [request] = fetchMock.mock.calls[0];
    expect(request.credentials).toBe('omit');
    expect(request.headers.get('Authorization')).toBeNull();
  });

  it('say when nothing is published yet', async () => {
    fetchMock.mockImplementation(() => answer(200, { items: [], nextCursor: null }));
    show('/published');
    expect(await screen.findByText('No incident has been published yet.')).toBeTruthy();
  });

  it('load more by cursor, keeping the filters', async () => {
    const item = (reference: string, title: string) => ({
      reference,
      title,
      publicSummary: 'Public text.',
      regime: 'UN-1718',
      category: 'coal_export',
      provisions: [],
      occurredFrom: '2023-01-01',
      occurredTo: '2023-12-31',
      datePrecision: 'year',
      countries: ['KP'],
      confidence: 'possible',
      publishedAt: '2024-02-01T00:00:00.000Z',
      sources: [],
    });
    fetchMock.mockImplementation((request) =>
      new URL(request.url).searchParams.get('cursor')
        ? answer(200, { items: [item('INC-2024-0001', 'Second page coal')], nextCursor: null })
        : answer(200, { items: [item('INC-2024-0002', 'First page coal')], nextCursor: 'abc' }),
    );
    show('/published?q=coal');
    expect(await screen.findByRole('link', { name: 'First page coal' })).toBeTruthy();
    expect(document.body.textContent).toContain('INC-2024-0002 · 2023 · North Korea');
    expect(document.body.textContent).toContain('Confidence: Possible');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Second page coal' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(calledPaths()).toEqual([
      '/api/v1/public/incidents?q=coal&limit=25',
      '/api/v1/public/incidents?q=coal&limit=25&cursor=abc',
    ]);
  });

  it('say so when the address has asked too often', async () => {
    fetchMock.mockImplementation(() =>
      answer(429, { statusCode: 429, code: 'rate_limited', message: 'Too many requests' }),
    );
    show('/published');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many requests from your address. Wait a minute, then try again.',
    );
  });

  it('show a page in words for a reference that is not published', async () => {
    fetchMock.mockImplementation(() =>
      answer(404, { statusCode: 404, message: 'Published incident not found' }),
    );
    show('/published/INC-2025-0099');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Incident not found' }),
    ).toBeTruthy();
    expect(document.body.textContent).toContain(
      'No published incident has the reference INC-2025-0099.',
    );
    expect(screen.getByRole('link', { name: 'All published incidents' })).toBeTruthy();
    expect(calledPaths()).toEqual(['/api/v1/public/incidents/INC-2025-0099']);
  });
});
