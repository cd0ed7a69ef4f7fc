import { useQuery } from '@tanstack/react-query';
import { api, apiError } from '../../api/client';

/**
 * One incident, shared in the cache by every screen about it (key `['incident', id]`, which
 * edits invalidate): null when it does not exist, the caller may not see it, or the id is
 * malformed.
 */
export function useIncident(incidentId: string) {
  return useQuery({
    queryKey: ['incident', incidentId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents/{id}', {
        params: { path: { id: incidentId } },
      });
      if (response.status === 404 || response.status === 400) return null;
      if (error) throw apiError(response, error);
      return data;
    },
  });
}
