import { provisionLabel, useReferenceLists } from '../../../ui/use-reference';

/** Reference data for pickers: active entries only, plus any the incident already names. */
export function useReferenceOptions(
  regime: string,
  chosen: { category: string; provisions: string[]; regime: string },
) {
  const { ready, regimes, categories, provisions } = useReferenceLists();
  return {
    ready,
    regimes: (regimes ?? [])
      .filter((item) => item.active || item.code === chosen.regime)
      .map((item) => ({ value: item.code, label: `${item.name}, UNSCR ${item.resolution}` })),
    categories: (categories ?? [])
      .filter((item) => item.active || item.code === chosen.category)
      .map((item) => ({ value: item.code, label: item.name })),
    // A provision belongs to one regime: only that regime's are offered.
    provisions: (provisions ?? [])
      .filter((item) => item.regime === regime)
      .filter((item) => item.active || chosen.provisions.includes(item.code))
      .map((item) => ({
        value: item.code,
        label: provisionLabel(item),
        description: item.summary,
      })),
  };
}
