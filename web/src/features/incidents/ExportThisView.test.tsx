import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { ExportThisView } from './ExportThisView';
import type { IncidentFilters } from './search';

type Me = components['schemas']['MeDto'];

const me: { current: Me } = {
  current: { id: 'me', email: 'me@example.org', displayName: 'Me', roles: [], active: true },
};
vi.mock('../../app/use-session', () => ({ useMe: () => me.current }));
// A router link needs a router; the link's target is the builder's concern, tested end to end.
vi.mock('../../ui/links', () => ({
  AnchorLink: ({ children }: { children: ReactNode }) => <a href="/app/exports/new">{children}</a>,
}));

function show(roles: Me['roles'], filters: IncidentFilters = {}) {
  me.current = { ...me.current, roles };
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <ExportThisView filters={filters} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('export this view', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('tells a monitor why there is no export for them', () => {
    show(['monitor']);
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'Export this view' }).disabled,
    ).toBe(true);
    expect(screen.getByText(/your roles include none of these/)).toBeTruthy();
  });

  it('offers each scope the roles allow (SPEC 10), internal first', () => {
    show(['verifier', 'writer']);
    fireEvent.click(screen.getByRole('button', { name: 'Export this view' }));
    const scopes = screen.getAllByRole<HTMLInputElement>('radio');
    expect(scopes.map((radio) => [radio.value, radio.checked])).toEqual([
      ['internal', true],
      ['public', false],
    ]);
  });

  it('refuses a public export with staff filters, in words, before asking the service', () => {
    show(['writer'], { assigneeId: 'me', q: 'Musan' });
    fireEvent.click(screen.getByRole('button', { name: 'Export this view' }));
    expect(screen.getAllByRole('radio').map((radio) => (radio as HTMLInputElement).value)).toEqual([
      'public',
    ]);
    expect(screen.getByRole('note').textContent).toMatch(/cannot filter by assignee/);
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'Start the export' }).disabled,
    ).toBe(true);
  });
});
