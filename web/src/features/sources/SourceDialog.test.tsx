import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { SourceDialog } from './SourceDialog';

const redacted: components['schemas']['RedactedSourceDto'] = {
  view: 'redacted',
  confidential: true,
  id: 's1',
  kind: 'informant',
  pseudonym: 'SRC-7KQ2',
  reliability: 'C',
  credibility: 3,
  independenceGroup: 's1',
  version: 1,
};
const revealed: components['schemas']['SourceDto'] = {
  ...redacted,
  view: 'full',
  incidentId: 'i',
  name: 'Kim of the Musan mine office',
  url: null,
  publishedAt: null,
  contact: 'Signal +82 10 5555 0101',
  notes: null,
  createdBy: 'u',
  createdAt: '2025-01-12T00:00:00Z',
  updatedAt: '2025-01-12T00:00:00Z',
};

function show() {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <SourceDialog incidentId="i" sources={[]} onClose={() => undefined} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('the source dialog', () => {
  beforeAll(async () => {
    // Mantine's autosizing text area listens for web fonts, which happy-dom does not have.
    if (!('fonts' in document)) {
      Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });
    }
    await setupI18n('en');
  });

  it('states the grading chosen in words, and what "confirmed" needs of the group', () => {
    show();
    fireEvent.click(screen.getByRole('radio', { name: 'C — fairly reliable' }));
    fireEvent.click(screen.getByRole('radio', { name: '3 — possibly true' }));
    expect(screen.getByText('Grading: C3 — fairly reliable, possibly true')).toBeTruthy();
    expect(
      screen.getByText(/"Confirmed" needs approved evidence tied to sources of at least two/),
    ).toBeTruthy();
  });

  it('says what the confidential switch does before and after it is turned on', () => {
    show();
    const statement = screen.getByTestId('confidential-statement');
    expect(statement.textContent).toContain('Not confidential: every staff user sees all');
    fireEvent.click(screen.getByRole('switch', { name: 'Confidential source' }));
    expect(statement.textContent).toContain(
      'Encrypted at rest (AES-256-GCM): its name, contact, notes and web address.',
    );
    expect(statement.textContent).toContain('sees only its pseudonym (such as SRC-7KQ2)');
    expect(statement.textContent).toContain(
      'Only you (who add it), verifiers and admins may reveal',
    );
    expect(statement.textContent).toContain('Every reveal is written to the audit log');
  });

  it('refuses to save without a name, saying so on the field', () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: 'Save the source' }));
    expect(screen.getByText('A name is required.')).toBeTruthy();
  });

  describe('revealing a confidential source', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('asks the service once per click, keeps the details in the dialog only, and forgets them when it closes', async () => {
      const fetch = vi.fn((request: Request) =>
        Promise.resolve(
          request.url.endsWith('/api/v1/sources/s1/reveal') && request.method === 'POST'
            ? Response.json(revealed)
            : Response.json({ code: 'not_found' }, { status: 404 }),
        ),
      );
      vi.stubGlobal('fetch', fetch);
      const client = new QueryClient();
      const open = () =>
        render(
          <MantineProvider>
            <QueryClientProvider client={client}>
              <SourceDialog
                incidentId="i"
                sources={[redacted]}
                editing={redacted}
                onClose={() => undefined}
              />
            </QueryClientProvider>
          </MantineProvider>,
        );
      const first = open();
      expect(screen.queryByDisplayValue(revealed.contact!)).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: 'Reveal the details' }));
      expect(await screen.findByDisplayValue(revealed.contact!)).toBeTruthy();
      expect(fetch).toHaveBeenCalledTimes(1);
      const kept = JSON.stringify([
        client
          .getQueryCache()
          .getAll()
          .map((query) => query.state.data),
        { ...localStorage },
        { ...sessionStorage },
      ]);
      expect(kept).not.toMatch(/5555|Musan/);

      first.unmount();
      open();
      expect(screen.getByRole('button', { name: 'Reveal the details' })).toBeTruthy();
      expect(screen.queryByDisplayValue(revealed.contact!)).toBeNull();
      expect(screen.queryByDisplayValue(revealed.name)).toBeNull();
      expect(fetch).toHaveBeenCalledTimes(1);
    });
  });
});
