import { inlineParameters, neutralised } from './export-query';
import { escapeHtml, escapeMarkdown, htmlReport } from './export-report';

describe('export rendering', () => {
  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
  });

  it('keeps Markdown inline text on one line with its syntax escaped', () => {
    expect(escapeMarkdown('# *bold* [link](x)\n<b>_u_</b>')).toBe(
      '\\# \\*bold\\* \\[link\\](x) \\<b\\>\\_u\\_\\</b\\>',
    );
  });

  it('links only http(s) source URLs in HTML', () => {
    const incident = {
      reference: 'INC-2025-0001',
      title: 'T',
      status: 'published',
      occurredFrom: '2025-01-01',
      occurredTo: '2025-01-01',
      datePrecision: 'day',
      countries: [],
      provisions: [],
      confidence: null,
      publicSummary: '',
      sources: [
        { kind: 'media', name: 'A', url: 'javascript:alert(1)' },
        { kind: 'media', name: 'B', url: 'https://example.org/?a=1&b="2"' },
      ],
    };
    const html = htmlReport.incident(incident);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('href="https://example.org/?a=1&amp;b=&quot;2&quot;"');
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
