import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { IncidentStats, periodsOf, StatsStrip } from './StatsStrip';

const stats: IncidentStats = {
  total: 5,
  byStatus: [
    { key: 'intake', count: 3 },
    { key: 'published', count: 2 },
  ],
  byCategory: [{ key: 'overseas_labor', count: 5 }],
  byCountry: [{ key: 'KP', count: 5 }],
  byMonth: [
    { key: '2024-03', count: 1 },
    { key: '2025-01', count: 4 },
  ],
};

const show = (failed = false) =>
  render(
    <MantineProvider>
      <StatsStrip stats={stats} failed={failed} />
    </MantineProvider>,
  );

describe('the stats strip', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('says the totals by status in words, and describes the chart', () => {
    show();
    expect(screen.getByText('5 incidents in this view')).toBeTruthy();
    expect(screen.getByText('By status: Intake 3 · Published 2')).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'Incidents by period: Mar 2024 1, Jan 2025 4' }),
    ).toBeTruthy();
  });

  it('replaces the chart with a table that holds the same numbers', () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: 'Show as a table' }));
    expect(screen.queryByRole('img')).toBeNull();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'PeriodIncidents',
      'Mar 20241',
      'Jan 20254',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Show as a chart' }));
    expect(screen.getByRole('img')).toBeTruthy();
  });

  it('counts years instead of months when the view spans more than two years of months', () => {
    const months = Array.from({ length: 30 }, (_, index) => ({
      key: `${2020 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`,
      count: 1,
    }));
    expect(periodsOf(months)).toEqual({
      unit: 'year',
      buckets: [
        { key: '2020', count: 12 },
        { key: '2021', count: 12 },
        { key: '2022', count: 6 },
      ],
    });
  });

  it('says so when the totals cannot be loaded', () => {
    show(true);
    expect(screen.getByRole('alert').textContent).toBe('The totals could not be loaded.');
  });
});
