import type { components } from '../../api/schema';

type Incident = components['schemas']['IncidentDto'];

export type RedactionKind = 'place' | 'adminArea' | 'actor' | 'coordinates' | 'email' | 'phone';

export interface RedactionWarning {
  kind: RedactionKind;
  /** The words as they appear in the public text. */
  found: string;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A whole-word, case-insensitive match in any script (Hangul and Cyrillic included). */
function findWords(text: string, words: string): string | null {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(words)}(?![\\p{L}\\p{N}])`, 'iu');
  return pattern.exec(text)?.[0] ?? null;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** Seven digits or more, with the separators people type: +7 (423) 222-33-44. */
const PHONE = /(?<![\p{L}\p{N}])\+?\d[\d\s().-]{5,}\d(?![\p{L}\p{N}])/gu;
/** Two decimal degrees side by side: "42.20, 129.33" or "42.2°N 129.3°E". */
const COORDINATES =
  /-?\d{1,3}\.\d{2,}\s*°?\s*[NSns]?\s*[,;/ ]\s*-?\d{1,3}\.\d{2,}\s*°?\s*[EWew]?/gu;

const digitsOf = (text: string): number => text.replace(/\D/g, '').length;

/**
 * What the public text gives away that publication otherwise withholds (SPEC 12: places,
 * admin areas, actors), and what never belongs in it (coordinates, e-mail addresses, phone
 * numbers). A warning, not a block: the writer decides, knowing.
 */
export function redactionWarnings(publicText: string, incident: Incident): RedactionWarning[] {
  const warnings: RedactionWarning[] = [];
  const seen = new Set<string>();
  const add = (kind: RedactionKind, found: string | null) => {
    const key = `${kind}:${found?.toLowerCase()}`;
    if (found && !seen.has(key)) {
      seen.add(key);
      warnings.push({ kind, found });
    }
  };
  for (const place of incident.locations) {
    if (place.placeName && place.placeName.trim().length >= 2) {
      add('place', findWords(publicText, place.placeName.trim()));
    }
    if (place.adminArea && place.adminArea.trim().length >= 2) {
      add('adminArea', findWords(publicText, place.adminArea.trim()));
    }
  }
  for (const actor of incident.actors) {
    if (actor.name.trim().length >= 2) add('actor', findWords(publicText, actor.name.trim()));
  }
  for (const match of publicText.matchAll(COORDINATES)) add('coordinates', match[0].trim());
  for (const match of publicText.matchAll(EMAIL)) add('email', match[0]);
  for (const match of publicText.matchAll(PHONE)) {
    if (digitsOf(match[0]) >= 7 && !/^\d{4}([-–]\d{2,4})?$/.test(match[0].trim())) {
      add('phone', match[0].trim());
    }
  }
  return warnings;
}
