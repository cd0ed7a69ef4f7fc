import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import type { SourceView } from '../sources/source-rules';
import { SubmitChecklist, submitReadiness } from './SubmitChecklist';

const data: { sources: SourceView[]; evidence: { status: string }[] } = {
  sources: [],
  evidence: [],
};
vi.mock('../sources/SourcesSection', () => ({
  useSources: () => ({ isSuccess: true, isError: false, data: data.sources }),
}));
vi.mock('../evidence/EvidenceSection', () => ({
  useEvidence: () => ({ isSuccess: true, isError: false, data: data.evidence }),
}));

const media: SourceView = {
  view: 'full',
  id: 'a',
  incidentId: 'i',
  kind: 'media',
  confidential: false,
  pseudonym: 'SRC-AAAA',
  name: 'NK News',
  url: null,
  publishedAt: null,
  reliability: 'B',
  credibility: 2,
  independenceGroup: 'a',
  contact: null,
  notes: null,
  version: 1,
  createdBy: 'u',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};
const informant: SourceView = {
  view: 'redacted',
  id: 'b',
  kind: 'informant',
  confidential: true,
  pseudonym: 'SRC-7KQ2',
  reliability: 'C',
  credibility: 3,
  independenceGroup: 'b',
  version: 1,
};

function show() {
  return render(
    <MantineProvider>
      <SubmitChecklist
        incidentId="i"
        onSubmit={() => undefined}
        onClose={() => undefined}
        submitting={false}
        problem={null}
      />
    </MantineProvider>,
  );
}

describe('the submit checklist', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('blocks submitting without a source or evidence, and withdrawn evidence does not count', () => {
    const ready = submitReadiness(i18next.t, [], [{ status: 'withdrawn' }]);
    expect(ready.material).toBe(0);
    expect(ready.blocker).toBe(
      'At least one source or evidence item is needed: add one before submitting (withdrawn evidence does not count).',
    );
    expect(submitReadiness(i18next.t, [], [{ status: 'pending' }]).blocker).toBeNull();
    expect(submitReadiness(i18next.t, [media], []).blocker).toBeNull();
  });

  it('lists the confidential sources, by pseudonym only, as what verifiers will see', () => {
    const ready = submitReadiness(i18next.t, [media, informant], []);
    expect(ready.pseudonymous).toEqual([
      { pseudonym: 'SRC-7KQ2', kind: 'informant', reliability: 'C', credibility: 3 },
    ]);
    expect(ready.open).toBe(1);
  });

  it('shows submit disabled with the reason when nothing is attached', () => {
    data.sources = [];
    data.evidence = [{ status: 'withdrawn' }];
    show();
    const submit = screen.getByRole('button', { name: 'Submit for verification' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe(
      'Submitting is not possible yet: At least one source or evidence item is needed: add one before submitting (withdrawn evidence does not count).',
    );
    expect(submit.getAttribute('aria-describedby')).toBe('submit-blocked');
  });

  it('shows the pseudonyms, who is told, and submit enabled when the precondition is met', () => {
    data.sources = [media, informant];
    data.evidence = [{ status: 'pending' }, { status: 'withdrawn' }];
    show();
    expect(screen.getByTestId('checklist').textContent).toBe(
      '✓ Met — At least one source or evidence item: 3 present (2 sources, 1 evidence item).',
    );
    expect(screen.getByTestId('pseudonymous-sources').textContent).toBe(
      'SRC-7KQ2 (Informant; C3 — fairly reliable, possibly true)',
    );
    expect(screen.queryByText(/NK News/)).toBeNull();
    expect(screen.getByText('Verifiers see the other 1 source in full.')).toBeTruthy();
    expect(
      screen.getByText(
        'Its assigned verifier, or if none every active verifier but you, is told at once in the app and by e-mail.',
      ),
    ).toBeTruthy();
    const submit = screen.getByRole('button', { name: 'Submit for verification' });
    expect((submit as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
