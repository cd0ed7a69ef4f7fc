import { IncidentFilters } from '../incidents/dto/incident-query.dto';
import { ExportScope } from './export.entity';
import { ReportIncident } from './export-query';

export interface Bucket {
  key: string | null;
  count: number;
}

export interface ReportSummary {
  scope: ExportScope;
  filters: IncidentFilters;
  generatedAt: Date;
  total: number;
  byRegime: Bucket[];
  byCategory: Bucket[];
  byCountry: Bucket[];
  byMonth: Bucket[];
}

/** A report is written as a head, one piece per incident as the cursor yields it, and a foot. */
export interface ReportRenderer {
  head(summary: ReportSummary): string;
  incident(incident: ReportIncident): string;
  foot(): string;
}

const TITLE = 'Possible violations of UN sanctions';

const filterLines = (filters: IncidentFilters): [string, string][] =>
  Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => [key, String(value)]);

const dates = (incident: ReportIncident): string =>
  incident.occurredFrom === incident.occurredTo
    ? incident.occurredFrom
    : `${incident.occurredFrom} to ${incident.occurredTo}`;

/** Internal scope: each place with its country and role; public scope: the countries only. */
const places = (incident: ReportIncident): string =>
  (incident.locations ?? [])
    .map((location) => {
      const name = [location.placeName, location.adminArea].filter(Boolean).join(', ');
      return `${name ? `${name}, ` : ''}${location.countryCode} (${location.role})`;
    })
    .join('; ');

const TOTALS: [string, keyof ReportSummary][] = [
  ['By regime', 'byRegime'],
  ['By category', 'byCategory'],
  ['By country', 'byCountry'],
  ['By month', 'byMonth'],
];

const bucketsOf = (summary: ReportSummary, key: keyof ReportSummary): Bucket[] =>
  summary[key] as Bucket[];

/** Markdown-escapes inline text, and keeps it on one line so it cannot open a block. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>#|~]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Paragraphs keep their breaks; each line is escaped like inline text. */
const markdownParagraphs = (text: string): string =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => escapeMarkdown(paragraph.trim()))
    .filter(Boolean)
    .join('\n\n');

export const markdownReport: ReportRenderer = {
  head(summary) {
    const lines = [`# ${TITLE}`, ''];
    lines.push(
      `Generated ${summary.generatedAt.toISOString()} (${summary.scope} scope); ` +
        `${summary.total} incident${summary.total === 1 ? '' : 's'}.`,
      '',
    );
    const filters = filterLines(summary.filters);
    lines.push('## Filters', '');
    if (filters.length === 0) lines.push('None.');
    for (const [key, value] of filters) lines.push(`- ${key}: ${escapeMarkdown(value)}`);
    lines.push('', '## Totals', '');
    for (const [label, key] of TOTALS) {
      lines.push(`### ${label}`, '', '| | incidents |', '| --- | ---: |');
      for (const bucket of bucketsOf(summary, key)) {
        lines.push(`| ${escapeMarkdown(bucket.key ?? 'unknown')} | ${bucket.count} |`);
      }
      lines.push('');
    }
    lines.push('## Incidents', '');
    return lines.join('\n');
  },
  incident(incident) {
    const lines = [
      `### ${escapeMarkdown(incident.reference)}: ${escapeMarkdown(incident.title)}`,
      '',
      `- Dates: ${escapeMarkdown(dates(incident))} (precision: ${incident.datePrecision})`,
      incident.locations
        ? `- Places: ${escapeMarkdown(places(incident)) || 'not recorded'}`
        : `- Countries: ${escapeMarkdown(incident.countries.join(', ')) || 'not recorded'}`,
      `- Provisions: ${escapeMarkdown(incident.provisions.join(', ')) || 'none'}`,
      `- Confidence: ${escapeMarkdown(incident.confidence ?? 'not assessed')}`,
      '',
      markdownParagraphs(incident.publicSummary) || '_No public summary._',
      '',
    ];
    if (incident.sources.length > 0) {
      lines.push('Sources:', '');
      for (const source of incident.sources) {
        const name = escapeMarkdown(source.name ?? source.kind);
        lines.push(
          `- ${name} (${escapeMarkdown(source.kind)})` +
            (source.url ? `: <${source.url.replace(/[<>\s]/g, encodeURIComponent)}>` : ''),
        );
      }
      lines.push('');
    }
    return `${lines.join('\n')}\n`;
  },
  foot() {
    return '';
  },
};

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]);
}

/** Only http(s) links become anchors; anything else is shown as text. */
const link = (url: string | null): string =>
  url && /^https?:\/\//i.test(url)
    ? ` <a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`
    : url
      ? ` ${escapeHtml(url)}`
      : '';

const STYLE = `
body{font:15px/1.5 Georgia,serif;color:#111;max-width:50em;margin:2em auto;padding:0 1em}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;line-height:1.2}
table{border-collapse:collapse;margin:0 0 1em}td,th{border:1px solid #999;padding:.2em .6em}
td.n{text-align:right}.meta{color:#444}dl{margin:0}dt{font-weight:bold;float:left;width:7em}
dd{margin:0 0 0 7.5em}article{border-top:1px solid #ccc;padding-top:.5em;break-inside:avoid}
@media print{body{margin:0;max-width:none}a{color:#111}}`;

export const htmlReport: ReportRenderer = {
  head(summary) {
    const parts = [
      '<!DOCTYPE html>',
      '<html lang="en"><head><meta charset="utf-8">',
      `<title>${escapeHtml(TITLE)}</title>`,
      `<style>${STYLE}</style></head><body>`,
      `<h1>${escapeHtml(TITLE)}</h1>`,
      `<p class="meta">Generated ${escapeHtml(summary.generatedAt.toISOString())} ` +
        `(${escapeHtml(summary.scope)} scope); ${summary.total} incident` +
        `${summary.total === 1 ? '' : 's'}.</p>`,
      '<h2>Filters</h2>',
    ];
    const filters = filterLines(summary.filters);
    if (filters.length === 0) parts.push('<p>None.</p>');
    else {
      parts.push('<ul>');
      for (const [key, value] of filters) {
        parts.push(`<li>${escapeHtml(key)}: ${escapeHtml(value)}</li>`);
      }
      parts.push('</ul>');
    }
    parts.push('<h2>Totals</h2>');
    for (const [label, key] of TOTALS) {
      parts.push(`<h3>${escapeHtml(label)}</h3><table><tr><th></th><th>incidents</th></tr>`);
      for (const bucket of bucketsOf(summary, key)) {
        parts.push(
          `<tr><td>${escapeHtml(bucket.key ?? 'unknown')}</td><td class="n">${bucket.count}</td></tr>`,
        );
      }
      parts.push('</table>');
    }
    parts.push('<h2>Incidents</h2>');
    return `${parts.join('\n')}\n`;
  },
  incident(incident) {
    const summary = incident.publicSummary
      .split(/\r?\n\s*\r?\n/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean)
      .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
      .join('');
    const parts = [
      '<article>',
      `<h3>${escapeHtml(incident.reference)}: ${escapeHtml(incident.title)}</h3>`,
      '<dl>',
      `<dt>Dates</dt><dd>${escapeHtml(dates(incident))} (precision: ${escapeHtml(incident.datePrecision)})</dd>`,
      incident.locations
        ? `<dt>Places</dt><dd>${escapeHtml(places(incident) || 'not recorded')}</dd>`
        : `<dt>Countries</dt><dd>${escapeHtml(incident.countries.join(', ') || 'not recorded')}</dd>`,
      `<dt>Provisions</dt><dd>${escapeHtml(incident.provisions.join(', ') || 'none')}</dd>`,
      `<dt>Confidence</dt><dd>${escapeHtml(incident.confidence ?? 'not assessed')}</dd>`,
      '</dl>',
      summary || '<p><em>No public summary.</em></p>',
    ];
    if (incident.sources.length > 0) {
      parts.push('<p>Sources:</p><ul>');
      for (const source of incident.sources) {
        parts.push(
          `<li>${escapeHtml(source.name ?? source.kind)} (${escapeHtml(source.kind)})${link(source.url)}</li>`,
        );
      }
      parts.push('</ul>');
    }
    parts.push('</article>');
    return `${parts.join('\n')}\n`;
  },
  foot() {
    return '</body></html>\n';
  },
};
