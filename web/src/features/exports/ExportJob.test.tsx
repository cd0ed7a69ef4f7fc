import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { ExportJob } from './ExportJob';
import type { ExportItem } from './rules';

const item = (overrides: Partial<ExportItem>): ExportItem => ({
  id: '6f1c1d52-0d6f-4a8e-9f0e-3f8c5a1b2c3d',
  format: 'csv',
  scope: 'internal',
  filters: {},
  fields: [],
  title: null,
  introduction: null,
  status: 'queued',
  progress: 0,
  rowCount: null,
  sizeBytes: null,
  sha256: null,
  error: null,
  createdBy: 'me',
  createdAt: '2026-01-10T09:00:00.000Z',
  startedAt: null,
  completedAt: null,
  expiresAt: null,
  ...overrides,
});

function show(export_: ExportItem) {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <ExportJob item={export_} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('an export as far as it has got', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('says it waits, then shows how far the file is written', () => {
    const queued = show(item({ status: 'queued' }));
    expect(screen.getByText('Waiting for its turn…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
    queued.unmount();
    show(item({ status: 'running', progress: 40 }));
    expect(screen.getByText('Writing the file: 40%')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Export progress' })).toBeTruthy();
  });

  it('gives the error of a failed export, with no download', () => {
    show(item({ status: 'failed', error: 'The export could not be written; try again' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'The export failed: The export could not be written; try again',
    );
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('calls a completed export past its expiry expired, with no download', () => {
    show(
      item({
        status: 'completed',
        rowCount: 3,
        sizeBytes: 2048,
        sha256: 'a'.repeat(64),
        expiresAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    expect(screen.getByRole('status').textContent).toMatch(/has expired/);
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });

  it('shows a ready file’s rows, size, SHA-256 with how to check it, expiry and download', () => {
    show(
      item({
        status: 'completed',
        progress: 100,
        rowCount: 1234,
        sizeBytes: 1_400_000,
        sha256: 'b'.repeat(64),
        expiresAt: '2999-01-17T09:00:00.000Z',
      }),
    );
    expect(screen.getByRole('status').textContent).toBe('The file is ready.');
    expect(screen.getByRole('row', { name: /Incidents/ }).textContent).toContain('1,234');
    expect(screen.getByRole('row', { name: /Size/ }).textContent).toContain('1.4 MB');
    expect(screen.getByTestId('export-sha256').textContent).toBe('b'.repeat(64));
    expect(screen.getByText(/sha256sum FILE on Linux/)).toBeTruthy();
    expect(screen.getByRole('row', { name: /Available until/ }).textContent).toContain('2999');
    expect(screen.getByRole('button', { name: 'Download' })).toBeTruthy();
  });

  it('has a word for every status in every language', async () => {
    for (const language of ['en', 'ko', 'ru'] as const) {
      const i18n = await setupI18n(language);
      for (const status of ['queued', 'running', 'completed', 'failed', 'expired']) {
        const key = `exports.statuses.${status}`;
        expect(i18n.exists(key), `${language} ${key}`).toBe(true);
      }
    }
    await setupI18n('en');
  });
});
