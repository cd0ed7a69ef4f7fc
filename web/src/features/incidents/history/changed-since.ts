import { api, apiError } from '../../../api/client';
import type { components } from '../../../api/schema';
import type { HistoryEntry } from './describe';

type Incident = components['schemas']['IncidentDto'];

/** The incident as it is now, straight from the API (not the cache): after a 409 it moved on. */
export async function loadIncident(id: string): Promise<Incident> {
  const { data, error, response } = await api.GET('/api/v1/incidents/{id}', {
    params: { path: { id } },
  });
  if (error) throw apiError(response, error);
  return data;
}

/** Every history entry after `since` (the version the user loaded): what others changed. */
export async function entriesSince(id: string, since: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await api.GET('/api/v1/incidents/{id}/history', {
      params: { path: { id }, query: { limit: 100, cursor } },
    });
    if (error) throw apiError(response, error);
    entries.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return entries.filter((entry) => Date.parse(entry.at) > Date.parse(since));
}
