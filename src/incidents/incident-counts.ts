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
