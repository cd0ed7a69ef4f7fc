import { EntityManager } from 'typeorm';
import { IncidentCountsDto } from './dto/incident.dto';

export const ZERO_COUNTS: IncidentCountsDto = {
  sources: 0,
  evidence: 0,
  evidencePending: 0,
  evidenceApproved: 0,
  evidenceRejected: 0,
};

interface CountRow {
  incident_id: string;
  sources: string;
  evidence: string;
  pending: string;
  approved: string;
  rejected: string;
}

/** Counts of sources and evidence for many incidents in one query (no N+1 on lists). */
export async function countsFor(
  manager: EntityManager,
  incidentIds: string[],
): Promise<Map<string, IncidentCountsDto>> {
  const result = new Map<string, IncidentCountsDto>(incidentIds.map((id) => [id, { ...ZERO_COUNTS }]));
  if (incidentIds.length === 0) return result;
  const rows = await manager.query<CountRow[]>(
    `SELECT i.id AS incident_id,
            (SELECT count(*) FROM sources s WHERE s.incident_id = i.id) AS sources,
            count(e.id) AS evidence,
            count(e.id) FILTER (WHERE e.status = 'pending') AS pending,
            count(e.id) FILTER (WHERE e.status = 'approved') AS approved,
            count(e.id) FILTER (WHERE e.status = 'rejected') AS rejected
       FROM unnest($1::uuid[]) AS i(id)
       LEFT JOIN evidence e ON e.incident_id = i.id
      GROUP BY i.id`,
    [incidentIds],
  );
  for (const row of rows) {
    result.set(row.incident_id, {
      sources: Number(row.sources),
      evidence: Number(row.evidence),
      evidencePending: Number(row.pending),
      evidenceApproved: Number(row.approved),
      evidenceRejected: Number(row.rejected),
    });
  }
  return result;
}
