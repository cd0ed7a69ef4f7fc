import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { ReportBuilder } from './ReportBuilder';

type Me = components['schemas']['MeDto'];

const me: { current: Me } = {
  current: { id: 'me', email: 'me@example.org', displayName: 'Me', roles: [], active: true },
};
const sent: unknown[] = [];
const STATS = {
  total: 3,
  byStatus: [
    { key: 'intake', count: 2 },
    { key: 'published', count: 1 },
  ],
  byCategory: [],
  byCountry: [{ key: 'KP', count: 3 }],
  byMonth: [],
};

vi.mock('../../app/use-session', () => ({ useMe: () => me.current }));
vi.mock('@tanstack/react-router', () => ({
  useSearch: () => ({ q: 'Musan' }),
  useNavigate: () => vi.fn(),
}));
vi.mock('../../ui/links', () => ({
  AnchorLink: ({ children }: { children: ReactNode }) => <a href="/app/exports">{children}</a>,
}));
vi.mock('../../api/client', () => ({
  api: {
    GET: (path: string) =>
      Promise.resolve({
        data:
          path === '/api/v1/incidents/stats'
            ? STATS
            : path.endsWith('directory')
              ? { items: [] }
              : [],
        response: new Response(),
      }),
    POST: (_path: string, options: { body: unknown }) => {
      sent.push(options.body);
      return Promise.resolve({ data: { id: 'e1', status: 'queued' }, response: new Response() });
    },
  },
  apiError: () => new Error('refused'),
  ApiError: class extends Error {},
}));

function show(roles: Me['roles']) {
  me.current = { ...me.current, roles };
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <ReportBuilder />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('the report builder', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('tells a monitor who makes exports, with no form', () => {
    show(['monitor']);
    expect(screen.getByRole('note').textContent).toMatch(/^Exports are made by writers/);
    expect(screen.queryByRole('button', { name: 'Start the export' })).toBeNull();
  });

  it('offers a writer the public scope, says why internal is missing, and counts published ones', async () => {
    show(['writer']);
    expect(
      screen
        .getAllByRole<HTMLInputElement>('radio', { name: /^(Internal|Public)$/ })
        .map((radio) => [radio.value, radio.checked]),
    ).toEqual([['public', true]]);
    expect(
      screen.getByText(
        'Internal exports are for verifiers and admins: your roles include neither.',
      ),
    ).toBeTruthy();
    expect((await screen.findByTestId('preview-total')).textContent).toBe(
      '3 incidents match these filters.',
    );
    expect(screen.getByTestId('preview-public').textContent).toBe(
      'A public export holds published incidents only: 1 of them is published.',
    );
  });

  it('asks for columns with a CSV only, and for a title and introduction with a report only', () => {
    show(['verifier']);
    // A report by default: title and introduction, no columns.
    expect(screen.getByRole('textbox', { name: 'Title' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Introduction' })).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: 'CSV (spreadsheet)' }));
    expect(screen.queryByRole('textbox', { name: 'Title' })).toBeNull();
    const columns = screen.getAllByRole<HTMLInputElement>('checkbox');
    expect(columns).toHaveLength(23);
    expect(screen.getByRole('checkbox', { name: 'UN designations of actors' })).toBeTruthy();
    expect(columns.every((column) => column.checked)).toBe(true);

    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Title' })).toBeNull();
  });

  it('refuses a CSV with no column in words, and sends nothing', () => {
    sent.length = 0;
    show(['verifier']);
    fireEvent.click(screen.getByRole('radio', { name: 'CSV (spreadsheet)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    fireEvent.click(screen.getByRole('button', { name: 'Start the export' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose at least one column.');
    expect(sent).toEqual([]);
  });

  it('sends the filters, the format, the scope and the title it was given', async () => {
    sent.length = 0;
    show(['writer']);
    const title = screen.getByRole('textbox', { name: 'Title' });
    fireEvent.change(title, { target: { value: 'x'.repeat(201) } });
    expect(screen.getByText('A title has at most 200 characters; this one has 201.')).toBeTruthy();
    fireEvent.change(title, { target: { value: 'Labour exports' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start the export' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      format: 'markdown',
      scope: 'public',
      filters: { q: 'Musan' },
      title: 'Labour exports',
    });
  });

  it('offers FollowTheMoney entities to internal exports only, and says so', async () => {
    sent.length = 0;
    show(['writer']);
    expect(screen.queryByRole('radio', { name: 'FollowTheMoney entities' })).toBeNull();
    cleanup();
    show(['admin']);
    fireEvent.click(screen.getByRole('radio', { name: 'FollowTheMoney entities' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Public' }));
    expect(screen.getByText(/only an internal export contains/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start the export' }));
    expect(sent).toEqual([]);
    fireEvent.click(screen.getByRole('radio', { name: 'Internal' }));
    expect(screen.queryByText(/only an internal export contains/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Start the export' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ format: 'ftm', scope: 'internal', filters: { q: 'Musan' } });
  });
});
