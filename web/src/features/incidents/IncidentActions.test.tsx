import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { IncidentActions } from './IncidentActions';

type Incident = components['schemas']['IncidentDto'];
type Me = components['schemas']['MeDto'];

const me: { current: Me } = {
  current: {
    id: 'me',
    email: 'me@example.org',
    displayName: 'Me',
    roles: ['monitor'],
    active: true,
  },
};
vi.mock('../../app/use-session', () => ({ useMe: () => me.current }));

function incident(overrides: Partial<Incident>): Incident {
  return {
    id: '6f1c2a8e-0b5d-4c3e-9f7a-2d4b6c8e0a1f',
    status: 'intake',
    version: 3,
    createdBy: 'me',
    allowedActions: [],
    ...overrides,
  } as Incident;
}

function show(item: Incident) {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <IncidentActions incident={item} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('the actions of an incident', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('offers exactly what allowedActions permits, in words', () => {
    show(incident({ allowedActions: ['submit', 'withdraw'] }));
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual([
      'Submit for verification',
      'Withdraw this draft',
    ]);
  });

  it('says so when nothing is allowed, instead of showing nothing', () => {
    show(incident({ status: 'published', allowedActions: [] }));
    expect(screen.getByText('Nothing you can do to this incident now.')).toBeTruthy();
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('tells a verifier who filed the incident why they cannot verify it (four eyes)', () => {
    me.current = { ...me.current, roles: ['monitor', 'verifier'] };
    show(incident({ status: 'in_verification', allowedActions: [] }));
    expect(screen.getByRole('note').textContent).toBe(
      'You filed this incident, so you cannot verify it or review its evidence: someone else must (four eyes).',
    );
  });

  it('shows no four-eyes notice to a verifier who did not file it', () => {
    me.current = { ...me.current, id: 'someone-else', roles: ['verifier'] };
    show(incident({ status: 'in_verification', allowedActions: [] }));
    expect(screen.queryByRole('note')).toBeNull();
  });
});
