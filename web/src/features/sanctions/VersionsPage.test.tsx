import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { VersionsPage } from './VersionsPage';

const me = { id: 'v', email: 'v@example.org', displayName: 'Vera', roles: ['verifier'] };
const state = vi.hoisted(() => ({
  search: {},
  navigate: vi.fn(),
  GET: vi.fn(),
  POST: vi.fn(),
}));
vi.mock('../../app/use-session', () => ({ useMe: () => me }));
vi.mock('../../ui/use-reference', () => ({
  useNames: () => ({ user: (id: string) => (id === 'admin-1' ? 'Ada Admin' : id) }),
}));
vi.mock('../../api/client', async (original) => ({
  ...(await original<typeof import('../../api/client')>()),
  api: { GET: state.GET, POST: state.POST },
}));
vi.mock('@tanstack/react-router', () => ({
  useSearch: () => state.search,
  useNavigate: () => state.navigate,
}));
vi.mock('../../ui/links', () => ({
  AnchorLink: ({ children }: { children: ReactNode }) => <a href="#designation">{children}</a>,
}));

const VERSION = '3d0c7c3e-7c5a-4d0e-9a43-1f6f0d1f2b11';
const version = {
  id: VERSION,
  number: 2,
  source: 'upload',
  importId: 'imp',
  fileSha256: 'ab',
  vesselsSha256: null,
  dateGenerated: '2024-09-26T10:00:00.000Z',
  individuals: 262,
  entities: 89,
  vessels: 0,
  added: 3,
  amended: 5,
  removed: 1,
  forced: true,
  importedBy: 'admin-1',
  createdAt: '2025-02-01T10:00:00.000Z',
};

function answer(path: string, options?: { params?: { query?: { change?: string } } }) {
  const ok = (data: unknown, status = 200) => ({
    data: status < 400 ? data : undefined,
    error: status < 400 ? undefined : { code: 'not_found' },
    response: new Response(null, { status }),
  });
  if (path === '/api/v1/sanctions/versions') return ok({ items: [version], nextCursor: null });
  if (path.endsWith('/changes')) {
    const all = [
      {
        reference: 'KPe.001',
        change: 'amended',
        fields: ['aliases'],
        name: 'KOMID',
        kind: 'entity',
        listType: 'DPRK',
      },
      {
        reference: 'KPi.080',
        change: 'added',
        fields: [],
        name: 'RI WON HO',
        kind: 'individual',
        listType: 'DPRK',
      },
    ];
    const change = options?.params?.query?.change;
    return ok({ items: all.filter((item) => !change || item.change === change), nextCursor: null });
  }
  if (path.endsWith('/rescreen')) {
    return ok({
      status: 'running',
      versionId: VERSION,
      total: 40,
      screened: 10,
      flagged: 1,
      error: null,
      createdAt: version.createdAt,
      startedAt: version.createdAt,
      completedAt: null,
    });
  }
  return ok(null, 404);
}

function show() {
  render(
    <MantineProvider>
      <QueryClientProvider
        client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}
      >
        <VersionsPage />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

beforeAll(async () => {
  await setupI18n('en');
});

beforeEach(() => {
  state.search = {};
  state.navigate.mockReset();
  state.GET.mockReset();
  state.GET.mockImplementation((path: string, options?: object) =>
    Promise.resolve(answer(path, options as never)),
  );
  me.roles = ['verifier'];
});

describe('the sanctions list versions', () => {
  it('lists each version with its counts, and shows staff who are not admins no upload', async () => {
    show();
    const row = await screen.findByTestId('version');
    expect(within(row).getByText('Version 2')).toBeTruthy();
    expect(within(row).getByText('Forced')).toBeTruthy();
    expect(within(row).getByText('262 individuals, 89 entities, 0 vessels')).toBeTruthy();
    expect(within(row).getByText('+3 added, 5 amended, −1 removed')).toBeTruthy();
    expect(within(row).getByText(/by Ada Admin$/)).toBeTruthy();
    expect(screen.getByRole('note').textContent).toBe(
      'Only admins upload a new edition of the list. Ask an admin if the list is out of date.',
    );
    expect(screen.queryByLabelText(/Consolidated List \(XML\)/)).toBeNull();
    fireEvent.click(within(row).getByRole('button', { name: 'Show the changes of version 2' }));
    expect(state.navigate).toHaveBeenCalledTimes(1);
  });

  it("shows a version's changes, filtered by kind from the URL, and its re-screening", async () => {
    state.search = { version: VERSION, change: 'amended' };
    show();
    const rows = await screen.findAllByTestId('change');
    expect(rows.map((row) => row.textContent)).toEqual(['KPe.001KOMIDEntity · DPRKAmendedaliases']);
    expect(
      (await screen.findByText('Re-screening: 10 of 40 incidents so far, 1 flagged.')).getAttribute(
        'role',
      ),
    ).toBe('status');
    expect(screen.getByRole('progressbar', { name: '25% done' })).toBeTruthy();
    expect(state.GET).toHaveBeenCalledWith('/api/v1/sanctions/versions/{id}/changes', {
      params: { path: { id: VERSION }, query: { limit: 50, cursor: undefined, change: 'amended' } },
    });
  });

  it('offers admins the upload, which needs the XML file first', async () => {
    me.roles = ['admin'];
    show();
    await screen.findByTestId('version');
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.getByRole('button', { name: 'Upload and import' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(
      screen.getByText(/a truncated download would otherwise remove designations/),
    ).toBeTruthy();
  });
});
