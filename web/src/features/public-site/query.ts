import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import createClient from 'openapi-fetch';
import { ApiError, apiError } from '../../api/client';
import type { paths } from '../../api/schema';
import type { PublicQuery } from './search';

/**
 * The public pages' own client: no token, no cookie, no refresh. It can only ever reach the
 * public API, whatever session the browser may hold.
 */
const publicApi = createClient<paths>({ baseUrl: '', credentials: 'omit' });

export const PUBLIC_PAGE_SIZE = 25;

export const publishedListQuery = (query: PublicQuery) =>
  infiniteQueryOptions({
    queryKey: ['public', 'incidents', query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error, response } = await publicApi.GET('/api/v1/public/incidents', {
        params: { query: { ...query, limit: PUBLIC_PAGE_SIZE, cursor: pageParam } },
        signal,
      });
      if (error) throw apiError(response, error);
      return data;
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 60_000,
  });

export const publishedIncidentQuery = (reference: string) =>
  queryOptions({
    queryKey: ['public', 'incident', reference],
    queryFn: async ({ signal }) => {
      const { data, error, response } = await publicApi.GET(
        '/api/v1/public/incidents/{reference}',
        { params: { path: { reference } }, signal },
      );
      if (error) throw apiError(response, error);
      return data;
    },
    staleTime: 60_000,
    // A reference that is not published stays not found; other failures get the usual retries.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
