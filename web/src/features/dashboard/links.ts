import type { IncidentSearch } from '../incidents/search';

/** The list's filters for one month ("2025-01") or one year ("2025") of occurrence. */
export function periodSearch(key: string): Pick<IncidentSearch, 'occurredFrom' | 'occurredTo'> {
  if (/^\d{4}$/.test(key)) return { occurredFrom: `${key}-01-01`, occurredTo: `${key}-12-31` };
  const [year, month] = key.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { occurredFrom: `${key}-01`, occurredTo: `${key}-${String(lastDay).padStart(2, '0')}` };
}
