import { confidentialSourceCount, openSourcesJson } from '../sources/source-fragments';
import { PublicIncidentDto } from './dto/public-incident.dto';

/** ISO 8601 in UTC with milliseconds, as toISOString() writes it. */
export const isoTimestamp = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Which incidents the public may see at all: published ones (`incident` is an alias). */
export const publiclyVisible = (incident: string): string => `${incident}.status = 'published'`;

/**
 * What the public may see of an incident (spec 12), written once: the public API, public
 * exports and the public preview all use it. JSON text with the fields of PublicIncidentDto,
 * countries but no places, open sources only.
 */
export const publicIncidentJson = (
  incident: string,
  publishedAt = `${incident}.published_at`,
): string => `json_build_object(
  'reference', ${incident}.reference, 'title', coalesce(${incident}.public_title, ${incident}.title),
  'publicSummary', ${incident}.public_summary,
  'regime', ${incident}.regime, 'category', ${incident}.category, 'provisions', ${incident}.provisions,
  'occurredFrom', ${incident}.occurred_from, 'occurredTo', ${incident}.occurred_to,
  'datePrecision', ${incident}.date_precision, 'countries', ${incident}.countries,
  'confidence', ${incident}.confidence, 'publishedAt', ${isoTimestamp(publishedAt)},
  'sources', ${openSourcesJson(incident)})`;

/** A row's `publicIncidentJson(...)::text`, as the API answers it. */
export const readPublicIncident = (json: string): PublicIncidentDto =>
  JSON.parse(json) as PublicIncidentDto;

/** What publication leaves out of an incident's record, by field name (spec 6). */
export const WITHHELD_FIELDS = ['summary', 'locations', 'actors', 'quantities', 'tags'] as const;

/**
 * The public view an incident would have if published now, and what publication withholds:
 * for writers, verifiers and admins before they publish.
 */
export const publicPreviewJson = (incident: string): string => `json_build_object(
  'view', ${publicIncidentJson(incident, `coalesce(${incident}.published_at, now())`)},
  'confidentialSources', ${confidentialSourceCount(incident)},
  'titleWithheld', ${incident}.public_title IS NOT NULL AND ${incident}.public_title <> ${incident}.title)`;
