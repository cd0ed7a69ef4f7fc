import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { DecisionDialog } from './DecisionDialog';
import { decisionFacts } from './rules';

type Incident = components['schemas']['IncidentDto'];
type Evidence = components['schemas']['EvidenceDto'];

const me = {
  id: 'verifier',
  email: 'v@example.org',
  displayName: 'Vera',
  roles: ['verifier'],
  active: true,
};
vi.mock('../../app/use-session', () => ({ useMe: () => me }));
vi.mock('@tanstack/react-router', () => ({ useNavigate: () => vi.fn() }));
vi.mock('./queue', () => ({ useQueueSection: () => ({ data: [] }), nextInQueue: () => undefined }));

const incident = (createdBy: string, allowedActions: Incident['allowedActions']) =>
  ({
    id: 'i',
    reference: 'INC-2026-0007',
    version: 4,
    status: 'in_verification',
    createdBy,
    allowedActions,
  }) as Incident;
const item = (id: string, status: Evidence['status'], sourceId: string | null) =>
  ({ id, status, sourceId, description: `Item ${id}` }) as Evidence;
const sources = [
  { view: 'full', id: 'a', name: 'Daily NK', independenceGroup: 'g1' },
  { view: 'redacted', id: 'b', pseudonym: 'SRC-7Q2K', independenceGroup: 'g2' },
] as unknown as components['schemas']['SourceDto'][];

function show(forIncident: Incident, evidence: Evidence[]) {
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <DecisionDialog
          incident={forIncident}
          facts={decisionFacts(evidence, sources)}
          opened
          onClose={() => undefined}
        />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return screen.getByRole('dialog');
}

beforeAll(async () => {
  await setupI18n('en');
});

describe('DecisionDialog', () => {
  it('keeps "confirmed" off with one independence group and says why', () => {
    const dialog = show(incident('monitor', ['verify', 'request_changes', 'reject']), [
      item('1', 'approved', 'a'),
      item('2', 'pending', 'b'),
    ]);
    expect(within(dialog).getByText('1 item is still pending review')).toBeTruthy();
    expect(within(dialog).getByText('1 independent group')).toBeTruthy();
    expect(within(dialog).getByText('Group 1: Daily NK')).toBeTruthy();
    expect(within(dialog).getByRole('radio', { name: 'Confirmed' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(
      within(dialog).getByText(
        '"Confirmed" needs approved evidence from two independent sources (two groups); this incident has 1.',
      ),
    ).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Verify' })).toHaveProperty('disabled', true);
  });

  it('offers "confirmed" with two groups, naming a confidential source by its pseudonym', () => {
    const dialog = show(incident('monitor', ['verify', 'request_changes', 'reject']), [
      item('1', 'approved', 'a'),
      item('2', 'approved', 'b'),
    ]);
    expect(within(dialog).getByText('2 independent groups')).toBeTruthy();
    expect(within(dialog).getByText('Group 2: Confidential: SRC-7Q2K')).toBeTruthy();
    expect(within(dialog).getByRole('radio', { name: 'Confirmed' })).toHaveProperty(
      'disabled',
      false,
    );
    expect(within(dialog).queryByText(/needs approved evidence from two/)).toBeNull();
  });

  it('shows the four-eyes statement and no verify to the verifier who filed it', () => {
    const dialog = show(incident('verifier', ['request_changes']), [item('1', 'approved', 'a')]);
    expect(
      within(dialog).getByText(
        'You filed this incident: someone else must decide on it (four eyes).',
      ),
    ).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Verify' })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Request changes' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
