import { useQuery } from '@tanstack/react-query';
import { api, apiError } from '../../api/client';
import type { components, operations } from '../../api/schema';

type Incident = components['schemas']['IncidentDto'];
type ListQuery = NonNullable<operations['listIncidents']['parameters']['query']>;

export type QueueSection = 'assigned' | 'open' | 'filedByMe';

const QUERIES: Record<QueueSection, ListQuery> = {
  assigned: { assigneeId: 'me', status: 'in_verification' },
  open: { assigneeId: 'none', status: 'in_verification' },
  filedByMe: { createdBy: 'me', status: 'in_verification' },
};

/** Soonest deadline first; those without one last, oldest submission first. */
const byDeadline = (a: Incident, b: Incident): number =>
  (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
  (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '');

/** One section of the verification queue (the open one leaves out what the caller filed). */
export function useQueueSection(section: QueueSection, myId: string) {
  return useQuery({
    queryKey: ['incidents', 'verification', section],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/v1/incidents', {
        params: { query: { ...QUERIES[section], limit: 100, sort: '-updatedAt' } },
      });
      if (error) throw apiError(response, error);
      return data.items
        .filter((item) => section !== 'open' || item.createdBy !== myId)
        .sort(byDeadline);
    },
  });
}

/** The next incident the caller may verify after `currentId`: theirs first, then open ones. */
export function nextInQueue(
  assigned: readonly Incident[],
  open: readonly Incident[],
  currentId: string,
): Incident | undefined {
  return [...assigned, ...open].find((item) => item.id !== currentId);
}
