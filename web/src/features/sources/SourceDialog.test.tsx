import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { SourceDialog } from './SourceDialog';

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
});
