import type { components } from '../../../api/schema';

type Incident = components['schemas']['IncidentDto'];

/**
 * Why this user may not edit the incident's facts, or null when they may (the API's rule: in
 * intake, its creator or an admin; writers' public text is edited elsewhere).
 */
export function editBlock(
  incident: Pick<Incident, 'status' | 'createdBy'>,
  me: { id: string; roles: readonly string[] },
): 'state' | 'notCreator' | null {
  if (incident.status !== 'intake') return 'state';
  if (incident.createdBy !== me.id && !me.roles.includes('admin')) return 'notCreator';
  return null;
}
