import { EntityManager } from 'typeorm';
import { IncidentCountsDto } from './dto/incident.dto';

export const ZERO_COUNTS: IncidentCountsDto = {
  sources: 0,
  evidence: 0,
  evidencePending: 0,
  evidenceApproved: 0,
  evidenceRejected: 0,
  evidenceWithdrawn: 0,
};

/** Count columns as PostgreSQL returns them (bigint, so strings). */
export interface CountColumns {
  sources: string;
  evidence: string;
  pending: string;
  approved: string;
  rejected: string;
  withdrawn: string;
}

/**
 * The counts of one incident as a one-row subquery, for a lateral join on the incident id
 * expression `id` (an aggregate without GROUP BY always yields its row, zeros included).
 */
export function countsOf(id: string): string {
  return `SELECT (SELECT count(*) FROM sources s WHERE s.incident_id = ${id}) AS sources,
                 count(e.id) FILTER (WHERE e.status <> 'withdrawn') AS evidence,
                 count(e.id) FILTER (WHERE e.status = 'pending') AS pending,
                 count(e.id) FILTER (WHERE e.status = 'approved') AS approved,
                 count(e.id) FILTER (WHERE e.status = 'rejected') AS rejected,
                 count(e.id) FILTER (WHERE e.status = 'withdrawn') AS withdrawn
            FROM evidence e WHERE e.incident_id = ${id}`;
}

export function mapCounts(row: CountColumns): IncidentCountsDto {
  return {
    sources: Number(row.sources),
    evidence: Number(row.evidence),
    evidencePending: Number(row.pending),
    evidenceApproved: Number(row.approved),
    evidenceRejected: Number(row.rejected),
    evidenceWithdrawn: Number(row.withdrawn),
  };
}

/** Counts of sources and evidence for many incidents in one query (no N+1 on lists). */
export async function countsFor(
  manager: EntityManager,
  incidentIds: string[],
): Promise<Map<string, IncidentCountsDto>> {
  const result = new Map<string, IncidentCountsDto>(
    incidentIds.map((id) => [id, { ...ZERO_COUNTS }]),
  );
  if (incidentIds.length === 0) return result;
  const rows = await manager.query<(CountColumns & { incident_id: string })[]>(
    `SELECT i.id AS incident_id, c.*
       FROM unnest($1::uuid[]) AS i(id) CROSS JOIN LATERAL (${countsOf('i.id')}) c`,
    [incidentIds],
  );
  for (const row of rows) result.set(row.incident_id, mapCounts(row));
  return result;
}
