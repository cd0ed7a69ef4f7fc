import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/for-tests';
import { BarChart } from './BarChart';
import { periodSearch } from './links';

const bars = [
  { key: 'intake', label: 'Intake', count: 1234 },
  { key: 'published', label: 'Published', count: 2 },
];

const show = (items = bars) =>
  render(
    <MantineProvider>
      <BarChart
        title="By status"
        bars={items}
        renderLink={(bar, children) => <a href={`/app/incidents?status=${bar.key}`}>{children}</a>}
      />
    </MantineProvider>,
  );

describe('the dashboard bar chart', () => {
  beforeAll(async () => {
    await setupI18n('en');
  });

  it('names the chart with every bar and links each bar to its filtered list', () => {
    show();
    const chart = screen.getByRole('list', { name: 'By status: Intake 1,234, Published 2' });
    const links = within(chart).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Intake1,234', '/app/incidents?status=intake'],
      ['Published2', '/app/incidents?status=published'],
    ]);
  });

  it('replaces the bars with a table of the same names, numbers and links', () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: 'Show as a table' }));
    expect(screen.queryByRole('list')).toBeNull();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'ItemIncidents',
      'Intake1,234',
      'Published2',
    ]);
    expect(
      within(screen.getByRole('table'))
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['/app/incidents?status=intake', '/app/incidents?status=published']);
    fireEvent.click(screen.getByRole('button', { name: 'Show as a chart' }));
    expect(screen.getByRole('list')).toBeTruthy();
  });

  it('says so when there is nothing to count, with no table switch', () => {
    show([]);
    expect(screen.getByText('No incident yet.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('formats the numbers for the language', async () => {
    await setupI18n('ru');
    show();
    expect(screen.getByRole('list').getAttribute('aria-label')).toContain('1\u00a0234');
    await setupI18n('en');
  });
});

describe('the period filters of a bar', () => {
  it('covers a whole month, leap years included', () => {
    expect(periodSearch('2024-02')).toEqual({
      occurredFrom: '2024-02-01',
      occurredTo: '2024-02-29',
    });
    expect(periodSearch('2025-12')).toEqual({
      occurredFrom: '2025-12-01',
      occurredTo: '2025-12-31',
    });
  });

  it('covers a whole year', () => {
    expect(periodSearch('2023')).toEqual({ occurredFrom: '2023-01-01', occurredTo: '2023-12-31' });
  });
});
