import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';

/** Reference data for pickers: active entries only, plus any the incident already names. */
export function useReferenceOptions(
  regime: string,
  chosen: { category: string; provisions: string[]; regime: string },
) {
  const regimes = useQuery({
    queryKey: ['reference', 'regimes'],
    queryFn: async () => (await api.GET('/api/v1/reference/regimes')).data ?? [],
    staleTime: 300_000,
  });
  const categories = useQuery({
    queryKey: ['reference', 'categories'],
    queryFn: async () => (await api.GET('/api/v1/reference/categories')).data ?? [],
    staleTime: 300_000,
  });
  const provisions = useQuery({
    queryKey: ['reference', 'provisions'],
    queryFn: async () => (await api.GET('/api/v1/reference/provisions')).data ?? [],
    staleTime: 300_000,
  });
  return {
    ready: regimes.isSuccess && categories.isSuccess && provisions.isSuccess,
    regimes: (regimes.data ?? [])
      .filter((item) => item.active || item.code === chosen.regime)
      .map((item) => ({ value: item.code, label: `${item.name}, UNSCR ${item.resolution}` })),
    categories: (categories.data ?? [])
      .filter((item) => item.active || item.code === chosen.category)
      .map((item) => ({ value: item.code, label: item.name })),
    // A provision belongs to one regime: only that regime's are offered.
    provisions: (provisions.data ?? [])
      .filter((item) => item.regime === regime)
      .filter((item) => item.active || chosen.provisions.includes(item.code))
      .map((item) => ({
        value: item.code,
        label: `UNSCR ${item.resolution}${item.paragraph ? ` ${item.paragraph}` : ''}`,
        description: item.summary,
      })),
  };
}
