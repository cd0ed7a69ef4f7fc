import { AuthUser } from '../common/auth-user';
import { mayReadConfidential } from '../common/confidential-access';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination';
import { HistoryEntryDto } from './dto/incident.dto';
import { HistoryRow, IncidentsRepository } from './incidents.repository';

/**
 * The one way the timeline is read. An entry about a confidential source, or about evidence
 * tied to one, names who acted (the informant's handler, the reviewer) and carries notes: to
 * anyone who may not reveal that source, it shows neither (spec 8), as the source and evidence
 * views hide them.
 */
export async function readHistory(
  rows: Pick<IncidentsRepository, 'historyPage'>,
  user: AuthUser,
  incidentId: string,
  query: PageQuery,
): Promise<Page<HistoryEntryDto>> {
  const limit = query.limit ?? 25;
  const after = query.cursor ? decodeCursor(query.cursor, ['int'])[0] : '0';
  return toPage(
    await rows.historyPage(incidentId, after, limit + 1),
    limit,
    (row) => [row.id],
    (row) => view(user, row),
  );
}

function view(user: AuthUser, row: HistoryRow): HistoryEntryDto {
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
}
