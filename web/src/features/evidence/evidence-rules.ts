import type { TFunction } from 'i18next';
import type { components } from '../../api/schema';

type Incident = components['schemas']['IncidentDto'];
type Evidence = components['schemas']['EvidenceDto'];
type Me = components['schemas']['MeDto'];

const OPEN = new Set<Incident['status']>(['intake', 'in_verification']);

/**
 * Who may add evidence now (SPEC 8): the incident's creator or an admin, while it is in
 * intake or in verification; and if not, why.
 */
export function canAddEvidence(
  t: TFunction,
  incident: Pick<Incident, 'status' | 'createdBy'>,
  me: Pick<Me, 'id' | 'roles'>,
): { allowed: true } | { allowed: false; why: string } {
  if (!OPEN.has(incident.status)) {
    return { allowed: false, why: t('upload.closed', { status: t(`status.${incident.status}`) }) };
  }
  if (incident.createdBy !== me.id && !me.roles.includes('admin')) {
    return { allowed: false, why: t('upload.cannotAdd') };
  }
  return { allowed: true };
}

/** A pending item, by whoever added it or an admin, while the incident is worked on (SPEC 8). */
export function canWithdraw(
  incident: Pick<Incident, 'status'>,
  item: Pick<Evidence, 'status' | 'createdBy'>,
  me: Pick<Me, 'id' | 'roles'>,
): boolean {
  return (
    OPEN.has(incident.status) &&
    item.status === 'pending' &&
    (item.createdBy === me.id || me.roles.includes('admin'))
  );
}
