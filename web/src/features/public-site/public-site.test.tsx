import { List, MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { components } from '../../api/schema';
import { setupI18n } from '../../i18n/for-tests';
import { categoryName, provisionName, regimeName, webAddress } from './labels';
import { excerpt, PublishedCard } from './PublishedList';
import { SourceItem } from './PublishedIncident';
import { publicQueryOf, publicSearch } from './search';

vi.mock('../../ui/links', () => ({
  AnchorLink: ({ children, params }: { children: ReactNode; params: { reference: string } }) => (
    <a href={`/app/published/${params.reference}`}>{children}</a>
  ),
}));

type PublicIncident = components['schemas']['PublicIncidentDto'];

const incident: PublicIncident = {
  reference: 'INC-2025-0007',
  title: 'Musan mine workers sent to Russia',
  publicSummary: 'About 100 workers left for Russia in January 2025.',
  regime: 'UN-1718',
  category: 'overseas_labor',
  provisions: ['UNSCR-2375-OP17', 'UNSCR-2397-OP8'],
  occurredFrom: '2025-01-12',
  occurredTo: '2025-01-29',
  datePrecision: 'day',
  countries: ['KP', 'RU'],
  confidence: 'likely',
  publishedAt: '2025-03-01T10:00:00.000Z',
  sources: [],
};

const wrap = (node: ReactNode) => render(<MantineProvider>{node}</MantineProvider>);

beforeAll(async () => {
  await setupI18n('en');
});

describe('the public list’s filters in the URL', () => {
  it('keeps what the API takes and drops what it would refuse', () => {
    expect(
      publicSearch.parse({ q: '  Musan ', country: 'ru', year: 2025, regime: 'UN-1718' }),
    ).toEqual({ q: 'Musan', country: 'RU', year: 2025, regime: 'UN-1718' });
    expect(publicSearch.parse({ q: 2024, year: '2019' })).toMatchObject({ q: '2024', year: 2019 });
    expect(
      publicSearch.parse({ q: '', country: 'XX', year: 1999, category: 'x'.repeat(41) }),
    ).toEqual({});
    expect(publicSearch.parse({ year: new Date().getUTCFullYear() + 1 })).toEqual({});
  });

  it('asks for a year as the dates that overlap it', () => {
    expect(publicQueryOf({ year: 2024, country: 'CN', q: 'coal' })).toEqual({
      occurredFrom: '2024-01-01',
      occurredTo: '2024-12-31',
      country: 'CN',
      q: 'coal',
    });
    expect(publicQueryOf({})).toEqual({});
  });
});

describe('public names for codes', () => {
  it('names regimes, categories and provisions in words, and keeps an unknown code', async () => {
    const t = i18next.t.bind(i18next);
    expect(regimeName(t, 'UN-1718')).toBe(
      'Democratic People’s Republic of Korea (resolution 1718)',
    );
    expect(categoryName(t, 'coal_export')).toBe('Coal export');
    expect(categoryName(t, 'brand_new')).toBe('brand_new');
    expect(provisionName('UNSCR-2397-OP8')).toBe('UNSCR 2397 OP8');
    await i18next.changeLanguage('ko');
    expect(categoryName(t, 'coal_export')).toBe('석탄 수출');
    await i18next.changeLanguage('ru');
    expect(regimeName(t, 'UN-1988')).toBe('Талибан');
    await i18next.changeLanguage('en');
  });

  it('links only web addresses', () => {
    expect(webAddress('https://example.org/report')).toBe('https://example.org/report');
    expect(webAddress('javascript:alert(1)')).toBeNull();
    expect(webAddress('data:text/html,hi')).toBeNull();
    expect(webAddress('not a url')).toBeNull();
    expect(webAddress(null)).toBeNull();
  });

  it('cuts a long summary at a word', () => {
    expect(excerpt('short  text\n')).toBe('short text');
    const long = `${'word '.repeat(100)}end`;
    const cut = excerpt(long, 50);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
  });
});

describe('a published incident in the list', () => {
  it('shows its public title as a link, dates by precision, countries, provisions and grading', () => {
    wrap(
      <ul>
        <PublishedCard incident={incident} language="en" />
      </ul>,
    );
    expect(screen.getByRole('link', { name: incident.title })).toHaveProperty(
      'href',
      expect.stringContaining('/app/published/INC-2025-0007'),
    );
    const text = document.body.textContent ?? '';
    expect(text).toContain('12–29 January 2025');
    expect(text).toContain('North Korea, Russia');
    expect(text).toContain(
      'Overseas workers earning income abroad · UNSCR 2375 OP17, UNSCR 2397 OP8',
    );
    expect(text).toContain('Confidence: Likely');
  });

  it('says when an incident is not graded, and shows a month as a month', () => {
    wrap(
      <ul>
        <PublishedCard
          incident={{
            ...incident,
            confidence: null,
            datePrecision: 'month',
            occurredFrom: '2024-03-01',
            occurredTo: '2024-03-31',
          }}
          language="en"
        />
      </ul>,
    );
    const text = document.body.textContent ?? '';
    expect(text).toContain('March 2024');
    expect(text).toContain('Confidence: Not graded');
  });
});

describe('a public source', () => {
  it('links a web address so that the site learns nothing of the reader', () => {
    wrap(
      <List>
        <SourceItem source={{ kind: 'media', name: 'ASIAPRESS', url: 'https://example.org/r' }} />
      </List>,
    );
    const link = screen.getByRole('link', { name: 'ASIAPRESS (opens another website)' });
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link.getAttribute('href')).toBe('https://example.org/r');
    expect(document.body.textContent).toContain('Media: ASIAPRESS');
  });

  it('shows any other address as text, never as a link', () => {
    wrap(
      <List>
        <SourceItem source={{ kind: 'ngo_report', name: 'A report', url: 'javascript:alert(1)' }} />
        <SourceItem source={{ kind: 'official', name: 'A letter', url: null }} />
      </List>,
    );
    expect(screen.queryAllByRole('link')).toEqual([]);
    expect(document.body.textContent).toContain('javascript:alert(1)');
    expect(document.body.textContent).toContain('A letter');
  });
});
