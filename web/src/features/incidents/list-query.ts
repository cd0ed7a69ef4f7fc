import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client';
import type { IncidentFilters, IncidentSearch } from './search';

/** The list's page size; "Load more" asks for the next one by cursor. */
export const PAGE_SIZE = 50;

/**
 * The incident list's pages for one view. One definition for the screen and for the route's
 * loader, which asks for the first page while the screen's code is still loading.
 */
export const incidentListQuery = (filters: IncidentFilters, sort: IncidentSearch['sort']) =>
  infiniteQueryOptions({
    queryKey: ['incidents', 'list', filters, sort ?? null],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error, response } = await api.GET('/api/v1/incidents', {
        params: { query: { ...filters, sort, limit: PAGE_SIZE, cursor: pageParam } },
        signal,
      });
      if (error) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
