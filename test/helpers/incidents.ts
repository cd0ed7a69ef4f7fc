import request from 'supertest';
import { IncidentDto } from '../../src/incidents/dto/incident.dto';
import { IncidentStatus } from '../../src/workflow/workflow';
import { TestApp } from './app';
import { Caller } from './users';

/** A valid intake body modelled on the demo's first incident. */
export function incidentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Musan iron ore mine workers dispatched to Russia',
    summary: 'About 100 workers of the Musan mine left for Russia via Rason in January 2025.',
    regime: 'UN-1718',
    category: 'overseas_labor',
    provisions: ['UNSCR-2375-OP17', 'UNSCR-2397-OP8'],
    occurredFrom: '2025-01-12',
    occurredTo: '2025-01-29',
    datePrecision: 'day',
    locations: [
      { role: 'origin', countryCode: 'KP', adminArea: 'North Hamgyong', placeName: 'Musan' },
      { role: 'destination', countryCode: 'RU' },
    ],
    actors: [{ name: 'Musan Mine', type: 'organization', role: 'sending employer' }],
    quantities: [{ value: 100, unit: 'workers', approximate: true }],
    tags: ['labor-export', 'russia'],
    ...overrides,
  };
}

export async function fileIncident(
  t: TestApp,
  caller: Caller,
  overrides: Record<string, unknown> = {},
): Promise<IncidentDto> {
  const response = await request(t.app.getHttpServer())
    .post('/api/v1/incidents')
    .set(caller.auth)
    .send(incidentBody(overrides));
  if (response.status !== 201) {
    throw new Error(`filing failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as IncidentDto;
}

/** Test set-up only: puts an incident straight into a state, bypassing the workflow. */
export async function forceStatus(t: TestApp, id: string, status: IncidentStatus): Promise<number> {
  // TypeORM answers an UPDATE on PostgreSQL with [rows, rowCount], not with the rows alone.
  const [[row]] = await t.dataSource.query<[{ version: number }[], number]>(
    `UPDATE incidents SET status = $2::varchar, version = version + 1, stage_entered_at = now(),
            public_summary = CASE WHEN $2::varchar IN ('verified','published','retracted') THEN 'Public text' ELSE public_summary END
      WHERE id = $1 RETURNING version`,
    [id, status],
  );
  return row.version;
}

/** Test set-up only: a source and evidence rows in the given review states. */
export async function addEvidence(
  t: TestApp,
  incidentId: string,
  createdBy: string,
  items: { status: 'pending' | 'approved' | 'rejected'; group?: string }[],
): Promise<void> {
  for (const item of items) {
    const [source] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO sources (incident_id, kind, pseudonym, reliability, credibility, independence_group, name, created_by)
       VALUES ($1, 'media', 'SRC-TEST', 'B', 2, $2, 'Test source', $3) RETURNING id`,
      [incidentId, item.group ?? `group-${Math.random()}`, createdBy],
    );
    await t.dataSource.query(
      `INSERT INTO evidence (incident_id, source_id, kind, description, status, created_by)
       VALUES ($1, $2, 'testimony', 'Account', $3, $4)`,
      [incidentId, source.id, item.status, createdBy],
    );
  }
}

/** Test set-up only: a source with no evidence attached; returns its id. */
export async function addSource(
  t: TestApp,
  incidentId: string,
  createdBy: string,
  group = `group-${Math.random()}`,
): Promise<string> {
  const [source] = await t.dataSource.query<{ id: string }[]>(
    `INSERT INTO sources (incident_id, kind, pseudonym, reliability, credibility, independence_group, name, created_by)
     VALUES ($1, 'media', 'SRC-TEST', 'B', 2, $2, 'Test source', $3) RETURNING id`,
    [incidentId, group, createdBy],
  );
  return source.id;
}

/** An incident's row as the edit tests compare it, with the length of its history. */
export interface IncidentRow {
  status: IncidentStatus;
  version: number;
  title: string;
  summary: string;
  public_summary: string;
  tags: string[];
  assignee_id: string | null;
  updated_at: Date;
  history: number;
}

export async function incidentRow(t: TestApp, id: string): Promise<IncidentRow> {
  const [found] = await t.dataSource.query<IncidentRow[]>(
    `SELECT status, version, title, summary, public_summary, tags, assignee_id, updated_at,
            (SELECT count(*)::int FROM incident_history h WHERE h.incident_id = i.id) AS history
       FROM incidents i WHERE id = $1`,
    [id],
  );
  return found;
}
