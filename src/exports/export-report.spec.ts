import { ReferenceNames } from '../reference/reference-names';
import { ExportActor, inlineParameters, neutralised, ReportIncident } from './export-query';
import {
  escapeHtml,
  escapeMarkdown,
  escapeMarkdownLine,
  htmlReport,
  markdownReport,
  ReportSummary,
} from './export-report';
import { countryName, datesInWords, dayInWords, monthInWords } from './report-words';

const NAMES: ReferenceNames = {
  regimes: new Map([['UN-1718', "Democratic People's Republic of Korea, UNSCR 1718 (2006)"]]),
  categories: new Map([['overseas_labor', 'Overseas workers earning income abroad']]),
  provisions: new Map([
    ['UNSCR-2397-OP8', 'UNSCR 2397 (2017) OP8'],
    ['UNSCR-2375-OP17', 'UNSCR 2375 (2017) OP17'],
  ]),
};

const incident = (overrides: Partial<ReportIncident> = {}): ReportIncident => ({
  reference: 'INC-2025-0001',
  title: 'Musan mine workers sent to Russia',
  regime: 'UN-1718',
  category: 'overseas_labor',
  occurredFrom: '2025-01-12',
  occurredTo: '2025-01-29',
  datePrecision: 'day',
  countries: ['KP', 'RU'],
  provisions: ['UNSCR-2375-OP17', 'UNSCR-2397-OP8'],
  confidence: 'likely',
  publicSummary: 'About 100 workers left.',
  sources: [],
  ...overrides,
});

const summary = (overrides: Partial<ReportSummary> = {}): ReportSummary => ({
  scope: 'public',
  filters: {},
  generatedAt: new Date('2026-12-07T23:59:00Z'),
  title: null,
  introduction: null,
  total: 1,
  byRegime: [{ key: 'UN-1718', count: 1 }],
  byCategory: [{ key: 'overseas_labor', count: 1 }],
  byCountry: [
    { key: 'KP', count: 1 },
    { key: 'RU', count: 1 },
  ],
  byMonth: [{ key: '2025-01', count: 1 }],
  ...overrides,
});

describe('dates in words', () => {
  it.each([
    ['2025-01-12', '2025-01-12', 'day', '12 January 2025'],
    ['2025-01-12', '2025-01-29', 'day', '12\u201329 January 2025'],
    ['2025-01-28', '2025-02-03', 'day', '28 January \u2013 3 February 2025'],
    ['2024-12-28', '2025-01-03', 'day', '28 December 2024 \u2013 3 January 2025'],
    ['2024-03-01', '2024-03-31', 'month', 'March 2024'],
    ['2024-01-01', '2024-03-31', 'month', 'January\u2013March 2024'],
    ['2024-12-01', '2025-02-28', 'month', 'December 2024 \u2013 February 2025'],
    ['2024-01-01', '2024-12-31', 'year', '2024'],
    ['2023-01-01', '2024-12-31', 'year', '2023\u20132024'],
  ])('%s to %s at %s precision reads "%s"', (from, to, precision, words) => {
    expect(datesInWords(from, to, precision)).toBe(words);
  });

  it('writes the generation day in UTC, and months by name', () => {
    expect(dayInWords(new Date('2026-12-07T23:59:00Z'))).toBe('7 December 2026');
    expect(dayInWords(new Date('2026-01-01T00:00:00Z'))).toBe('1 January 2026');
    expect(monthInWords('2025-01')).toBe('January 2025');
    expect(monthInWords('2024-12')).toBe('December 2024');
  });

  it('names countries in English and keeps a code it cannot name', () => {
    expect(countryName('KP')).toBe('North Korea');
    expect(countryName('RU')).toBe('Russia');
    expect(countryName('cn')).toBe('China');
    expect(countryName('ZZ9')).toBe('ZZ9');
  });
});

describe('report escaping', () => {
  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
  });

  it('keeps Markdown inline text on one line with its syntax escaped', () => {
    expect(escapeMarkdown('# *bold* [link](x)\n<b>_u_</b> a|b AT&T `c` ~s~')).toBe(
      '\\# \\*bold\\* \\[link\\](x) \\<b\\>\\_u\\_\\</b\\> a\\|b AT\\&T \\`c\\` \\~s\\~',
    );
  });

  it('keeps text that starts a Markdown line from opening a list, quote or heading', () => {
    expect(escapeMarkdownLine('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdownLine('+ not a list')).toBe('\\+ not a list');
    expect(escapeMarkdownLine('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdownLine('2) not a list')).toBe('2\\) not a list');
    expect(escapeMarkdownLine('=== not an underline')).toBe('\\=== not an underline');
    expect(escapeMarkdownLine('> not a quote')).toBe('\\> not a quote');
    expect(escapeMarkdownLine('    not code')).toBe('not code');
  });

  it('a Markdown report: user text cannot break a line, a table or a heading', () => {
    const report = markdownReport(NAMES);
    const head = report.head(
      summary({
        title: 'Coal | oil\n# injected',
        introduction: 'First | paragraph\nstill first.\n\n- second\n\n<script>x</script>',
        byCountry: [{ key: 'KP', count: 1 }],
      }),
    );
    expect(head.startsWith('# Coal \\| oil \\# injected\n\n')).toBe(true);
    expect(head).toContain(
      'First \\| paragraph still first.\n\n\\- second\n\n\\<script\\>x\\</script\\>',
    );
    expect(head).toContain('| North Korea | 1 |');
    expect(head).toContain('| January 2025 | 1 |');
    const body = report.incident(
      incident({ title: 'A | B\n## C', publicSummary: '1. one\n\n| x |' }),
    );
    expect(body).toContain('### INC-2025-0001: A \\| B \\#\\# C\n');
    expect(body).toContain('\n1\\. one\n\n\\| x \\|\n');
    expect(body).toContain('- **When:** 12\u201329 January 2025');
    expect(body).toContain('- **Countries:** North Korea, Russia');
    expect(body).toContain('- **Provisions:** UNSCR 2375 (2017) OP17; UNSCR 2397 (2017) OP8');
    expect(body).toContain('- **Confidence:** Likely');
  });

  it('an HTML report: a complete document with every piece of user text escaped', () => {
    const report = htmlReport(NAMES);
    const html =
      report.head(summary({ title: '<script>alert(1)</script>', introduction: '</p><b>x' })) +
      report.incident(incident({ title: '"><img src=x onerror=alert(1)>' })) +
      report.foot();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">/);
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('<p>&lt;/p&gt;&lt;b&gt;x</p>');
    expect(html).toContain('INC-2025-0001: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h3>');
    expect(html).not.toMatch(/<script|<img|<link/);
    expect(html.endsWith('</main></body></html>\n')).toBe(true);
  });

  it('links only http(s) source URLs, and names a confidential source by pseudonym only', () => {
    const html = htmlReport(NAMES).incident(
      incident({
        sources: [
          { kind: 'media', name: 'A', url: 'javascript:alert(1)' },
          { kind: 'satellite_imagery', name: 'B', url: 'https://example.org/?a=1&b="2"' },
          { kind: 'informant', confidential: true, pseudonym: 'SRC-7Q2K' },
        ],
      }),
    );
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<li>Media: A (javascript:alert(1))</li>');
    expect(html).toContain(
      '<li>Satellite imagery: B <a href="https://example.org/?a=1&amp;b=&quot;2&quot;"',
    );
    expect(html).toContain('<li>Informant: confidential source SRC-7Q2K</li>');
  });
});

describe('actors in the internal report', () => {
  const internal = (actors: ExportActor[]): ReportIncident =>
    incident({
      internal: { status: 'verified', title: 'Musan', summary: '', locations: [], actors },
    });
  const actors: ExportActor[] = [
    {
      id: 'a1',
      name: 'Korea Mining Development Trading Corporation',
      type: 'company',
      role: 'seller',
      designationRef: 'UN:KPe.001',
      designation: {
        reference: 'KPe.001',
        name: 'KOREA MINING DEVELOPMENT TRADING CORPORATION',
        listType: 'DPRK',
        listedOn: '2009-04-24',
        removed: false,
      },
    },
    { id: 'a2', name: 'Typed <Ref>', type: 'organization', designationRef: 'UN:KPe.002' },
    {
      id: 'a3',
      name: 'Old Ship',
      type: 'vessel',
      designation: {
        reference: 'V-1',
        name: 'OLD SHIP',
        listType: 'DPRK',
        listedOn: null,
        removed: true,
      },
    },
  ];

  it('names each actor with its confirmed designation beside it, in words', () => {
    const markdown = markdownReport(NAMES).incident(internal(actors));
    expect(markdown).toContain(
      '#### Actors\n\n' +
        '- Korea Mining Development Trading Corporation (company, seller): designated by the UN ' +
        'Security Council as KOREA MINING DEVELOPMENT TRADING CORPORATION (KPe.001, DPRK list, ' +
        'listed 24 April 2009)\n' +
        '- Typed \\<Ref\\> (organisation)\n' +
        '- Old Ship (vessel): designated by the UN Security Council as OLD SHIP (V-1, DPRK list, ' +
        'since removed from the list)\n',
    );
    const html = htmlReport(NAMES).incident(internal(actors));
    expect(html).toContain('<li>Typed &lt;Ref&gt; (organisation)</li>');
  });

  it('leaves the section out without actors, and the public report never has one', () => {
    expect(markdownReport(NAMES).incident(internal([]))).not.toContain('Actors');
    expect(markdownReport(NAMES).incident(incident())).not.toContain('Actors');
  });
});

describe('export SQL', () => {
  it('inlines every parameter once, escaped by the given function', () => {
    const escape = (value: string): string => `'${value.replace(/'/g, "''")}'`;
    const sql = inlineParameters(
      {
        sql: 'a = $1 AND b = $2 AND c = $10',
        parameters: ['x', "o'$2", ...'3456789'.split(''), 'z'],
      },
      escape,
    );
    expect(sql).toBe("a = 'x' AND b = 'o''$2' AND c = 'z'");
    expect(() => inlineParameters({ sql: '$1', parameters: [1] }, escape)).toThrow();
  });

  it('neutralises formula cells with a leading quote', () => {
    expect(neutralised('i.title')).toBe(
      "CASE WHEN (i.title) ~ '^[=+\\-@\\t\\r]' THEN '''' || (i.title) ELSE (i.title) END",
    );
  });
});
