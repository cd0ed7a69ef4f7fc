import { QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client';
import type { components } from '../api/schema';

type Provision = components['schemas']['ProvisionDto'];

/** "UNSCR 2397 (2017) OP8": resolution and operative paragraph, as reports cite them. */
export const provisionLabel = (item: Pick<Provision, 'resolution' | 'paragraph'>): string =>
  `UNSCR ${item.resolution}${item.paragraph ? ` ${item.paragraph}` : ''}`;

/** The reference lists and the user directory: one set of queries (and cache) for every screen. */
const referenceQueries = {
  regimes: queryOptions({
    queryKey: ['reference', 'regimes'],
    queryFn: async () => (await api.GET('/api/v1/reference/regimes')).data ?? [],
    staleTime: 300_000,
  }),
  categories: queryOptions({
    queryKey: ['reference', 'categories'],
    queryFn: async () => (await api.GET('/api/v1/reference/categories')).data ?? [],
    staleTime: 300_000,
  }),
  provisions: queryOptions({
    queryKey: ['reference', 'provisions'],
    queryFn: async () => (await api.GET('/api/v1/reference/provisions')).data ?? [],
    staleTime: 300_000,
  }),
  directory: queryOptions({
    queryKey: ['users', 'directory'],
    queryFn: async () => (await api.GET('/api/v1/users/directory')).data?.items ?? [],
    staleTime: 60_000,
  }),
};

/**
 * Asks for the reference lists and the directory as a staff page starts loading, beside its own
 * data, so that its first render has the names (rather than rendering again as each arrives).
 */
export async function prefetchReferenceLists(client: QueryClient): Promise<void> {
  await Promise.all([
    client.prefetchQuery(referenceQueries.regimes),
    client.prefetchQuery(referenceQueries.categories),
    client.prefetchQuery(referenceQueries.provisions),
    client.prefetchQuery(referenceQueries.directory),
  ]);
}

export function useReferenceLists() {
  const regimes = useQuery(referenceQueries.regimes);
  const categories = useQuery(referenceQueries.categories);
  const provisions = useQuery(referenceQueries.provisions);
  const directory = useQuery(referenceQueries.directory);
  return {
    ready: regimes.isSuccess && categories.isSuccess && provisions.isSuccess,
    regimes: regimes.data,
    categories: categories.data,
    provisions: provisions.data,
    users: directory.data,
  };
}

/** Names for the codes incidents carry, and for the users they name (no ids on screen). */
export function useNames() {
  const { regimes, categories, provisions, users } = useReferenceLists();
  // One object while the reference data and the directory stay the same, so rows that take it
  // as a prop can skip re-rendering.
  return useMemo(() => {
    const byCode = <T extends { code: string; name: string }>(items: T[] | undefined) =>
      new Map((items ?? []).map((item) => [item.code, item.name]));
    const categoryNames = byCode(categories);
    const regimeNames = byCode(regimes);
    const provisionNames = new Map(
      (provisions ?? []).map((item) => [item.code, provisionLabel(item)]),
    );
    const userNames = new Map((users ?? []).map((user) => [user.id, user.displayName]));
    return {
      category: (code: string) => categoryNames.get(code) ?? code,
      regime: (code: string) => regimeNames.get(code) ?? code,
      provision: (code: string) => provisionNames.get(code) ?? code,
      user: (id: string | null | undefined) => (id ? (userNames.get(id) ?? '—') : '—'),
    };
  }, [categories, regimes, provisions, users]);
}
