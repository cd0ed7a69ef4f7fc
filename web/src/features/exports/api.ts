import { useQuery } from '@tanstack/react-query';
import { api, apiError } from '../../api/client';
import { downloadWithTicket } from '../../ui/download';
import { isActive } from './rules';

/** How often a queued or running export is asked for its progress. */
const POLL_MS = 1000;

/**
 * The browser streams the file to disk from a form POST that carries a single-use ticket: no
 * token ever enters a URL, and no file passes through the page's memory.
 */
export async function downloadExport(id: string): Promise<void> {
  const { data, error, response } = await api.POST('/api/v1/exports/{id}/download-ticket', {
    params: { path: { id } },
  });
  if (error || !data) throw apiError(response, error);
  downloadWithTicket(`/api/v1/exports/${encodeURIComponent(id)}/download`, data.ticket);
}

/** One export, asked again every second while it is queued or running, then left alone. */
export function useExportJob(id: string | null) {
  return useQuery({
    queryKey: ['exports', 'one', id],
    enabled: id !== null,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/exports/{id}', {
        params: { path: { id: id! } },
      });
      if (error || !data) throw apiError(response, error);
      return data;
    },
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === undefined || isActive(status) ? POLL_MS : false;
    },
    staleTime: 0,
  });
}
