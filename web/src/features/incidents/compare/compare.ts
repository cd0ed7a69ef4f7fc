import type { components } from '../../../api/schema';

export type Incident = components['schemas']['IncidentDto'];

/** How an incident's facts read, in the user's language (injected, so the rule stays pure). */
export interface FactWords {
  period: (incident: Incident) => string;
  category: (code: string) => string;
  place: (place: Incident['locations'][number]) => string;
  actor: (actor: Incident['actors'][number]) => string;
  quantity: (quantity: Incident['quantities'][number]) => string;
}

export interface CompareItem {
  text: string;
  /** Whether the other incident has the same item (compared without case or extra spaces). */
  shared: boolean;
}

export interface CompareRow {
  key: 'title' | 'dates' | 'category' | 'places' | 'actors' | 'quantities' | 'summary';
  left: CompareItem[];
  right: CompareItem[];
  differs: boolean;
}

const normal = (text: string): string => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

function side(mine: string[], theirs: string[]): CompareItem[] {
  const other = new Set(theirs.map(normal));
  return mine.map((text) => ({ text, shared: other.has(normal(text)) }));
}

function row(key: CompareRow['key'], left: string[], right: string[]): CompareRow {
  const l = side(left, right);
  const r = side(right, left);
  const differs =
    l.length !== r.length || l.some((item) => !item.shared) || r.some((item) => !item.shared);
  return { key, left: l, right: r, differs };
}

/**
 * Two incidents side by side, fact by fact: each row says whether they differ, and each item
 * whether the other side has it too, so a reader sees at once what two reports share.
 */
export function compareIncidents(left: Incident, right: Incident, words: FactWords): CompareRow[] {
  const list = <T>(items: T[], say: (item: T) => string) => items.map(say);
  return [
    row('title', [left.title], [right.title]),
    row('dates', [words.period(left)], [words.period(right)]),
    row('category', [words.category(left.category)], [words.category(right.category)]),
    row('places', list(left.locations, words.place), list(right.locations, words.place)),
    row('actors', list(left.actors, words.actor), list(right.actors, words.actor)),
    row(
      'quantities',
      list(left.quantities, words.quantity),
      list(right.quantities, words.quantity),
    ),
    row('summary', left.summary ? [left.summary] : [], right.summary ? [right.summary] : []),
  ];
}
