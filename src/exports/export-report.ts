import { IncidentFilters } from '../incidents/dto/incident-query.dto';
import { ReferenceNames } from '../reference/reference-names';
import { ExportScope } from './export.entity';
import { ExportActor, ReportIncident, ReportLocation, ReportSource } from './export-query';
import {
  ACTOR_TYPE_WORDS,
  CONFIDENCE_WORDS,
  countryName,
  dateInWords,
  datesInWords,
  dayInWords,
  incidentCount,
  monthInWords,
  PLACE_ROLE_WORDS,
  SOURCE_KIND_WORDS,
  STATUS_WORDS,
  wordOf,
} from './report-words';

export const DEFAULT_REPORT_TITLE = 'Possible violations of UN sanctions';

export interface Bucket {
  key: string | null;
  count: number;
}

/** Everything the report says before its incidents. */
export interface ReportSummary {
  scope: ExportScope;
  filters: IncidentFilters;
  generatedAt: Date;
  title: string | null;
  introduction: string | null;
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

/**
 * What a report is made of, before it is Markdown or HTML. Every string in it is plain text,
 * user text included: each renderer escapes all of it, so no text can become markup.
 */
type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'note' | 'warning' }
  /** User text: blank lines separate paragraphs. */
  | { kind: 'text'; text: string }
  | { kind: 'facts'; facts: [label: string, value: string][] }
  | { kind: 'table'; columns: [string, string]; rows: [string, number][] }
  | { kind: 'list'; items: { text: string; url: string | null }[] };

const SCOPE_WORDS: Record<ExportScope, string> = {
  public:
    'Published incidents only, with the information that publication shows. ' +
    'Sources that asked for confidentiality are not listed.',
  internal:
    'Incidents in every status, with their places, actors, status and internal summaries. ' +
    'Confidential sources appear by pseudonym only.',
};

const INTERNAL_WARNING = 'Internal report: not for publication.';

const NOT_RECORDED = 'Not recorded';

/** What a code is called, from the reference data; the code itself if it has no name. */
const named = (names: ReadonlyMap<string, string>, code: string): string => names.get(code) ?? code;

/** The filters the report was built with, in words, in a fixed order. */
function filterFacts(filters: IncidentFilters, names: ReferenceNames): [string, string][] {
  const facts: [string, string][] = [];
  if (filters.status) facts.push(['Status', wordOf(STATUS_WORDS, filters.status)]);
  if (filters.regime) facts.push(['Regime', named(names.regimes, filters.regime)]);
  if (filters.category) facts.push(['Category', named(names.categories, filters.category)]);
  if (filters.provision) facts.push(['Provision', named(names.provisions, filters.provision)]);
  if (filters.country) facts.push(['Country', countryName(filters.country)]);
  if (filters.occurredFrom && filters.occurredTo) {
    facts.push([
      'Period',
      `${dateInWords(filters.occurredFrom)} to ${dateInWords(filters.occurredTo)}`,
    ]);
  } else if (filters.occurredFrom) {
    facts.push(['Period', `from ${dateInWords(filters.occurredFrom)}`]);
  } else if (filters.occurredTo) {
    facts.push(['Period', `until ${dateInWords(filters.occurredTo)}`]);
  }
  if (filters.tag) facts.push(['Tag', filters.tag]);
  if (filters.q) facts.push(['Search', `\u201c${filters.q}\u201d`]);
  if (filters.overdue) {
    facts.push([
      'Deadline',
      filters.overdue === 'true' ? 'past the stage deadline' : 'within the stage deadline',
    ]);
  }
  if (filters.assigneeId) {
    facts.push([
      'Assigned to',
      filters.assigneeId === 'none' ? 'nobody' : `user ${filters.assigneeId}`,
    ]);
  }
  if (filters.createdBy) facts.push(['Filed by', `user ${filters.createdBy}`]);
  return facts;
}

/** Largest first, then by name; months in calendar order. */
function totalRows(buckets: Bucket[], name: (key: string) => string): [string, number][] {
  return buckets
    .map((bucket): [string, number] => [
      bucket.key === null ? NOT_RECORDED : name(bucket.key),
      bucket.count,
    ])
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b, 'en'));
}

function headBlocks(summary: ReportSummary, names: ReferenceNames): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: reportTitle(summary.title) }];
  if (summary.scope === 'internal') {
    blocks.push({ kind: 'paragraph', tone: 'warning', text: INTERNAL_WARNING });
  }
  blocks.push({
    kind: 'paragraph',
    tone: 'note',
    text:
      `Generated on ${dayInWords(summary.generatedAt)}. ${SCOPE_WORDS[summary.scope]} ` +
      `This report covers ${incidentCount(summary.total)}.`,
  });
  const filters = filterFacts(summary.filters, names);
  if (filters.length > 0) {
    blocks.push({ kind: 'paragraph', tone: 'note', text: 'Selected by:' });
    blocks.push({ kind: 'facts', facts: filters });
  }
  if (summary.introduction?.trim()) blocks.push({ kind: 'text', text: summary.introduction });
  blocks.push({ kind: 'heading', level: 2, text: 'Totals' });
  if (summary.total === 0) {
    blocks.push({ kind: 'paragraph', text: 'No incidents match this selection.' });
    return blocks;
  }
  blocks.push(
    { kind: 'heading', level: 3, text: 'By sanctions regime' },
    {
      kind: 'table',
      columns: ['Regime', 'Incidents'],
      rows: totalRows(summary.byRegime, (code) => named(names.regimes, code)),
    },
    { kind: 'heading', level: 3, text: 'By category' },
    {
      kind: 'table',
      columns: ['Category', 'Incidents'],
      rows: totalRows(summary.byCategory, (code) => named(names.categories, code)),
    },
    { kind: 'heading', level: 3, text: 'By country' },
    {
      kind: 'paragraph',
      tone: 'note',
      text: 'An incident involving several countries counts once for each.',
    },
    {
      kind: 'table',
      columns: ['Country', 'Incidents'],
      rows: totalRows(summary.byCountry, countryName),
    },
    { kind: 'heading', level: 3, text: 'By month' },
    {
      kind: 'table',
      columns: ['Month the incident began', 'Incidents'],
      rows: [...summary.byMonth]
        .sort((a, b) => (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'))
        .map((bucket) => [
          bucket.key === null ? NOT_RECORDED : monthInWords(bucket.key),
          bucket.count,
        ]),
    },
    { kind: 'heading', level: 2, text: 'Incidents' },
  );
  return blocks;
}

/** "Musan, North Hamgyong, North Korea (origin)"; a part said twice is said once. */
const placeInWords = (location: ReportLocation): string => {
  const parts = [location.placeName, location.adminArea, countryName(location.countryCode)]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part));
  return `${[...new Set(parts)].join(', ')} (${wordOf(PLACE_ROLE_WORDS, location.role)})`;
};

const sourceItem = (source: ReportSource): { text: string; url: string | null } => {
  const kind = wordOf(SOURCE_KIND_WORDS, source.kind);
  if (source.confidential) {
    return { text: `${kind}: confidential source ${source.pseudonym}`, url: null };
  }
  return { text: source.name ? `${kind}: ${source.name}` : kind, url: source.url };
};

/**
 * "Korea Mining Development Trading Corporation (company, seller): designated by the UN Security
 * Council as KOREA MINING DEVELOPMENT TRADING CORPORATION (KPe.001, DPRK list, listed 24 April 2009)".
 * Only a designation a verifier confirmed is named; a reference typed in by the filer is not.
 */
const actorInWords = (actor: ExportActor): string => {
  const what = [wordOf(ACTOR_TYPE_WORDS, actor.type), actor.role?.trim()].filter(Boolean);
  const text = `${actor.name} (${what.join(', ')})`;
  const designation = actor.designation;
  if (!designation) return text;
  const details = [
    designation.reference,
    `${designation.listType} list`,
    designation.listedOn ? `listed ${dateInWords(designation.listedOn)}` : null,
    designation.removed ? 'since removed from the list' : null,
  ].filter(Boolean);
  return `${text}: designated by the UN Security Council as ${designation.name} (${details.join(', ')})`;
};

function incidentBlocks(incident: ReportIncident, names: ReferenceNames): Block[] {
  const facts: [string, string][] = [
    ['When', datesInWords(incident.occurredFrom, incident.occurredTo, incident.datePrecision)],
    ['Countries', incident.countries.map(countryName).join(', ') || NOT_RECORDED],
    ['Regime', named(names.regimes, incident.regime)],
    ['Category', named(names.categories, incident.category)],
    [
      'Provisions',
      incident.provisions.map((code) => named(names.provisions, code)).join('; ') || 'None cited',
    ],
    [
      'Confidence',
      incident.confidence ? wordOf(CONFIDENCE_WORDS, incident.confidence) : 'Not assessed',
    ],
  ];
  const internal = incident.internal;
  if (internal) {
    facts.push(['Status', wordOf(STATUS_WORDS, internal.status)]);
    if (internal.title !== incident.title) facts.push(['Internal title', internal.title]);
    facts.push(['Places', internal.locations.map(placeInWords).join('; ') || NOT_RECORDED]);
  }
  const blocks: Block[] = [
    { kind: 'heading', level: 3, text: `${incident.reference}: ${incident.title}` },
    { kind: 'facts', facts },
  ];
  if (internal) blocks.push({ kind: 'heading', level: 4, text: 'Public summary' });
  blocks.push(
    incident.publicSummary.trim()
      ? { kind: 'text', text: incident.publicSummary }
      : { kind: 'paragraph', tone: 'note', text: 'No public summary yet.' },
  );
  if (internal) {
    blocks.push({ kind: 'heading', level: 4, text: 'Internal summary' });
    blocks.push(
      internal.summary.trim()
        ? { kind: 'text', text: internal.summary }
        : { kind: 'paragraph', tone: 'note', text: 'No internal summary.' },
    );
  }
  if (internal && internal.actors.length > 0) {
    blocks.push({ kind: 'heading', level: 4, text: 'Actors' });
    blocks.push({
      kind: 'list',
      items: internal.actors.map((actor) => ({ text: actorInWords(actor), url: null })),
    });
  }
  if (incident.sources.length > 0) {
    blocks.push({ kind: 'heading', level: 4, text: 'Sources' });
    blocks.push({ kind: 'list', items: incident.sources.map(sourceItem) });
  }
  return blocks;
}

export const reportTitle = (title: string | null): string =>
  title?.trim() ? title.trim() : DEFAULT_REPORT_TITLE;

/** Only http(s) URLs become links; anything else is shown as text. */
const linkable = (url: string): boolean => /^https?:\/\/[^\s]+$/i.test(url);

/** User text's paragraphs, each on one line: a line break inside one is a space. */
const paragraphsOf = (text: string): string[] =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

// Markdown ------------------------------------------------------------------------------------

/**
 * Markdown-escapes inline text: every character that could start emphasis, a link, code, HTML,
 * an entity or a table cell is backslash-escaped, and line breaks become spaces, so the text
 * stays inside the line it was put on.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>#|~&]/g, (character) => `\\${character}`)
    .replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Text that starts a line also must not open a block: a list item (- + * or "1."), a heading
 * underline (= or -), a quote (>) or an indented code block (leading spaces, already trimmed).
 */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text.trim()).replace(
    /^([-+=])|^(\d+)([.)])/,
    (_match, mark, digits, dot) => (mark ? `\\${mark}` : `${digits}\\${dot}`),
  );
}

/** An autolink's URL: what would end it or break the line is percent-encoded. */
const markdownUrl = (url: string): string => `<${url.replace(/[<>\s\\]/g, encodeURIComponent)}>`;

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      if (block.tone === 'note') return `_${escapeMarkdown(block.text)}_`;
      if (block.tone === 'warning') return `**${escapeMarkdown(block.text)}**`;
      return escapeMarkdownLine(block.text);
    case 'text':
      return paragraphsOf(block.text).map(escapeMarkdownLine).join('\n\n');
    case 'facts':
      return block.facts
        .map(([label, value]) => `- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`)
        .join('\n');
    case 'table':
      return [
        `| ${escapeMarkdown(block.columns[0])} | ${escapeMarkdown(block.columns[1])} |`,
        '| --- | ---: |',
        ...block.rows.map(([label, count]) => `| ${escapeMarkdown(label)} | ${count} |`),
      ].join('\n');
    case 'list':
      return block.items
        .map(
          (item) =>
            `- ${escapeMarkdown(item.text)}` +
            (item.url
              ? linkable(item.url)
                ? ` ${markdownUrl(item.url)}`
                : ` (${escapeMarkdown(item.url)})`
              : ''),
        )
        .join('\n');
  }
}

const markdownBlocks = (blocks: Block[]): string =>
  blocks.map((block) => `${markdownBlock(block)}\n\n`).join('');

export const markdownReport = (names: ReferenceNames): ReportRenderer => ({
  head: (summary) => markdownBlocks(headBlocks(summary, names)),
  incident: (incident) => markdownBlocks(incidentBlocks(incident, names)),
  foot: () => '',
});

// HTML ----------------------------------------------------------------------------------------

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

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p${block.tone ? ` class="${block.tone}"` : ''}>${escapeHtml(block.text)}</p>`;
    case 'text':
      return paragraphsOf(block.text)
        .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
        .join('\n');
    case 'facts':
      return `<dl>${block.facts
        .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('')}</dl>`;
    case 'table':
      return (
        `<table><thead><tr><th>${escapeHtml(block.columns[0])}</th>` +
        `<th class="n">${escapeHtml(block.columns[1])}</th></tr></thead><tbody>` +
        block.rows
          .map(
            ([label, count]) => `<tr><td>${escapeHtml(label)}</td><td class="n">${count}</td></tr>`,
          )
          .join('') +
        '</tbody></table>'
      );
    case 'list':
      return `<ul>${block.items
        .map(
          (item) =>
            `<li>${escapeHtml(item.text)}` +
            (item.url
              ? linkable(item.url)
                ? ` <a href="${escapeHtml(item.url)}" rel="noopener noreferrer">${escapeHtml(item.url)}</a>`
                : ` (${escapeHtml(item.url)})`
              : '') +
            '</li>',
        )
        .join('')}</ul>`;
  }
}

const htmlBlocks = (blocks: Block[]): string => blocks.map(htmlBlock).join('\n');

/** Loads nothing and runs nothing, whatever the file contains: it is meant to be opened offline. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE = `
:root{color-scheme:light}
body{font:16px/1.55 Georgia,"Times New Roman","Noto Serif","Noto Serif CJK SC",serif;color:#1a1a1a;
max-width:46em;margin:2.5em auto;padding:0 1.25em}
h1,h2,h3,h4,th,dt,.note,.warning{font-family:"Helvetica Neue",Arial,"Noto Sans","Noto Sans CJK SC",sans-serif}
h1,h2,h3,h4{line-height:1.25;margin:1.5em 0 .5em}
h1{font-size:1.9em;margin-top:0}
h2{font-size:1.35em;border-bottom:2px solid #1a1a1a;padding-bottom:.2em}
h3{font-size:1.1em}
h4{font-size:.8em;text-transform:uppercase;letter-spacing:.05em;color:#555;margin:1.2em 0 .3em}
.note{color:#555;font-size:.9em}
.warning{font-weight:bold;color:#8a1c1c;border-left:4px solid #8a1c1c;padding:.2em 0 .2em .7em}
table{border-collapse:collapse;margin:.3em 0 1em;width:100%;max-width:36em}
th,td{border-bottom:1px solid #ccc;padding:.3em 1em .3em 0;text-align:left;vertical-align:top}
th{font-size:.85em;color:#555;border-bottom-color:#888}
.n{text-align:right;padding-right:0;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.6em 0 1em}
dt{font-size:.85em;color:#555;padding-top:.15em}
dd{margin:0}
article{margin-top:1.2em}
article+article{border-top:1px solid #bbb;margin-top:1.8em}
article+article h3{margin-top:.8em}
ul{padding-left:1.3em}
a{color:#0645ad;overflow-wrap:anywhere}
@page{margin:18mm 16mm}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit}
article{break-inside:avoid-page}h2,h3,h4{break-after:avoid}}`;

export const htmlReport = (names: ReferenceNames): ReportRenderer => ({
  head(summary) {
    const title = escapeHtml(reportTitle(summary.title));
    return [
      '<!DOCTYPE html>',
      '<html lang="en"><head><meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${title}</title>`,
      `<style>${STYLE}</style></head><body><main>`,
      htmlBlocks(headBlocks(summary, names)),
      '',
    ].join('\n');
  },
  incident: (incident) => `<article>\n${htmlBlocks(incidentBlocks(incident, names))}\n</article>\n`,
  foot: () => '</main></body></html>\n',
});
