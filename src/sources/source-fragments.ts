/**
 * SQL over `sources` that other features compose into their statements (this feature owns the
 * table). Confidential sources keep their clear-text columns NULL and are filtered out too.
 */

/** The open sources of incident `incident` (an alias), oldest first, as a JSON array. */
export const openSourcesJson = (incident: string): string =>
  `coalesce((SELECT json_agg(json_build_object('kind', s.kind, 'name', s.name, 'url', s.url)
                             ORDER BY s.created_at, s.id)
               FROM sources s WHERE s.incident_id = ${incident}.id AND NOT s.confidential), '[]')`;

/**
 * Every source of incident `incident`, graded, naming only the open ones: what internal
 * exports show. A confidential source appears as its pseudonym and grading.
 */
export const gradedSourcesJson = (incident: string): string =>
  `coalesce((SELECT json_agg(CASE WHEN s.confidential
            THEN json_build_object('kind', s.kind, 'pseudonym', s.pseudonym,
                                   'reliability', s.reliability, 'credibility', s.credibility)
            ELSE json_build_object('kind', s.kind, 'pseudonym', s.pseudonym,
                                   'reliability', s.reliability, 'credibility', s.credibility,
                                   'name', s.name, 'url', s.url, 'publishedAt', s.published_at) END
                                  ORDER BY s.created_at, s.id)
                    FROM sources s WHERE s.incident_id = ${incident}.id), '[]')`;

/** How many sources of incident `incident` are confidential (what publication leaves out). */
export const confidentialSourceCount = (incident: string): string =>
  `(SELECT count(*)::int FROM sources s WHERE s.incident_id = ${incident}.id AND s.confidential)`;

/** How many sources the incident whose id is the SQL expression `incidentId` has. */
export const sourceCountOf = (incidentId: string): string =>
  `(SELECT count(*) FROM sources s WHERE s.incident_id = ${incidentId})`;

/**
 * The source whose id is the SQL expression `sourceId`, for a lateral join: columns
 * confidential, created_by (who may read it, spec 8) and independence_group.
 */
export const sourceStandingOf = (sourceId: string): string =>
  `SELECT s.confidential, s.created_by, s.independence_group FROM sources s WHERE s.id = ${sourceId}`;

/**
 * Every source of incident `incident` as an internal report names it, oldest first: open ones
 * by kind, name and url, confidential ones by kind and pseudonym only.
 */
export const reportSourcesJson = (incident: string): string =>
  `coalesce((SELECT json_agg(CASE WHEN s.confidential
            THEN json_build_object('kind', s.kind, 'confidential', true, 'pseudonym', s.pseudonym)
            ELSE json_build_object('kind', s.kind, 'name', s.name, 'url', s.url) END
                                  ORDER BY s.created_at, s.id)
                    FROM sources s WHERE s.incident_id = ${incident}.id), '[]')`;
