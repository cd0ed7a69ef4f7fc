import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { mayReadConfidential } from '../common/confidential-access';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { HistoryEntryDto } from './dto/incident.dto';

interface HistoryRow {
  id: string;
  at: Date;
  actor_id: string | null;
  kind: string;
  data: Record<string, unknown>;
  /** The confidential source the entry is about (directly, or through its evidence), if any. */
  source_confidential: boolean | null;
  source_created_by: string | null;
}

/**
 * Each timeline entry with the source it concerns: the source itself (added, changed), or the
 * source of the evidence item it concerns (added, reviewed).
 */
const HISTORY = `
  SELECT h.id, h.at, h.actor_id, h.kind, h.data,
         s.confidential AS source_confidential, s.created_by AS source_created_by
    FROM incident_history h
    LEFT JOIN evidence e
      ON e.id = coalesce(h.data->>'evidenceId', h.data->'evidenceAdded'->>'id')::uuid
    LEFT JOIN sources s ON s.id = coalesce((h.data->'source'->>'id')::uuid, e.source_id)
   WHERE h.incident_id = $1 AND h.id > $2
   ORDER BY h.id
   LIMIT $3`;

/**
 * The one way the timeline is read. An entry about a confidential source, or about evidence
 * tied to one, names who acted (the informant's handler, the reviewer) and carries notes: to
 * anyone who may not reveal that source, it shows neither (spec 8), as the source and evidence
 * views hide them.
 */
export async function readHistory(
  manager: EntityManager,
  user: AuthUser,
  incidentId: string,
  query: PageQuery,
): Promise<Page<HistoryEntryDto>> {
  const limit = query.limit ?? 25;
  const after = query.cursor ? decodeCursor(query.cursor, ['int'])[0] : '0';
  const rows = await manager.query<HistoryRow[]>(HISTORY, [incidentId, after, limit + 1]);
  return toPage(
    rows,
    limit,
    (row) => [row.id],
    (row) => {
      const entry: HistoryEntryDto = {
        id: row.id,
        at: row.at.toISOString(),
        actorId: row.actor_id,
        kind: row.kind,
        data: row.data,
      };
      const hidden =
        row.source_confidential === true && !mayReadConfidential(user, row.source_created_by);
      if (!hidden) return entry;
      const data: Record<string, unknown> = { ...row.data, redacted: true };
      delete data.note;
      return { ...entry, actorId: null, data };
    },
  );
}
