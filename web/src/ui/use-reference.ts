import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client';

/** Names for the codes incidents carry, and for the users they name (no ids on screen). */
export function useNames() {
  const categories = useQuery({
    queryKey: ['reference', 'categories'],
    queryFn: async () => (await api.GET('/api/v1/reference/categories')).data ?? [],
    staleTime: 300_000,
  });
  const regimes = useQuery({
    queryKey: ['reference', 'regimes'],
    queryFn: async () => (await api.GET('/api/v1/reference/regimes')).data ?? [],
    staleTime: 300_000,
  });
  const provisions = useQuery({
    queryKey: ['reference', 'provisions'],
    queryFn: async () => (await api.GET('/api/v1/reference/provisions')).data ?? [],
    staleTime: 300_000,
  });
  const directory = useQuery({
    queryKey: ['users', 'directory'],
    queryFn: async () => (await api.GET('/api/v1/users/directory')).data?.items ?? [],
    staleTime: 60_000,
  });
  // One object while the reference data and the directory stay the same, so rows that take it
  // as a prop can skip re-rendering.
  return useMemo(() => {
    const byCode = <T extends { code: string; name: string }>(items: T[] | undefined) =>
      new Map((items ?? []).map((item) => [item.code, item.name]));
    const categoryNames = byCode(categories.data);
    const regimeNames = byCode(regimes.data);
    // "UNSCR 2397 (2017) OP8": resolution and operative paragraph, as reports cite them.
    const provisionNames = new Map(
      (provisions.data ?? []).map((item) => [
        item.code,
        `UNSCR ${item.resolution}${item.paragraph ? ` ${item.paragraph}` : ''}`,
      ]),
    );
    const userNames = new Map((directory.data ?? []).map((user) => [user.id, user.displayName]));
    return {
      category: (code: string) => categoryNames.get(code) ?? code,
      regime: (code: string) => regimeNames.get(code) ?? code,
      provision: (code: string) => provisionNames.get(code) ?? code,
      user: (id: string | null | undefined) => (id ? (userNames.get(id) ?? '—') : '—'),
    };
  }, [categories.data, regimes.data, provisions.data, directory.data]);
}
