import { skipToken, useQuery } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { EvidenceSection as Evidence } from '../evidence/EvidenceSection';
import { SourcesSection as Sources } from '../sources/SourcesSection';

type Incident = components['schemas']['IncidentDto'];

/** The incident the detail page loaded, read from its query without fetching it again. */
function useLoadedIncident(incidentId: string): Incident | undefined {
  const { data } = useQuery<Incident | null>({
    queryKey: ['incident', incidentId],
    queryFn: skipToken,
  });
  return data ?? undefined;
}

/** Sources with their grading in words, confidential ones by pseudonym only; add and edit. */
export function SourcesSection({ incidentId }: { incidentId: string }) {
  const incident = useLoadedIncident(incidentId);
  return incident ? <Sources incident={incident} /> : null;
}

/** Evidence with its status, SHA-256 and custody; upload, web addresses, testimony, withdraw. */
export function EvidenceSection({ incidentId }: { incidentId: string }) {
  const incident = useLoadedIncident(incidentId);
  return incident ? <Evidence incident={incident} /> : null;
}
