import { AuthUser } from '../common/auth-user';
import { DomainError, forbidden, fourEyes } from '../common/errors';
import { isCreatorOrAdmin } from '../incidents/incident-policy';
import { Incident } from '../incidents/incident.entity';
import { Evidence } from './evidence.entity';

/**
 * Evidence is added while the incident is in intake or in verification (else 409), by the
 * incident's creator or an admin (else 403).
 */
export function checkCanAdd(incident: Incident, user: AuthUser): Incident {
  if (incident.status !== 'intake' && incident.status !== 'in_verification') {
    throw new DomainError(
      'conflict',
      `Evidence cannot be added to an incident in ${incident.status}`,
    );
  }
  if (!isCreatorOrAdmin(incident, user)) {
    throw forbidden('Only the creator of the incident, or an admin, may add evidence to it');
  }
  return incident;
}

/**
 * Four eyes (spec 1): nobody reviews an item they added, nor evidence of an incident they
 * filed (403); and only while the incident is in verification (409).
 */
export function assertCanReview(
  item: Pick<Evidence, 'createdBy' | 'status'>,
  incident: Pick<Incident, 'createdBy' | 'status'>,
  user: AuthUser,
): void {
  if (item.createdBy === user.id) throw fourEyes('Four eyes: nobody reviews evidence they added');
  if (incident.createdBy === user.id) {
    throw fourEyes('Four eyes: the creator of the incident cannot review its evidence');
  }
  if (incident.status !== 'in_verification') {
    throw new DomainError(
      'conflict',
      `Evidence can be reviewed only while the incident is in_verification`,
    );
  }
  if (item.status === 'withdrawn') {
    throw new DomainError('conflict', 'A withdrawn evidence item cannot be reviewed');
  }
}

/**
 * A pending item added by mistake is withdrawn, never deleted (spec 8): by its uploader or an
 * admin (else 403), while the incident is still worked on (else 409) and the item pending (else
 * 409: a reviewed item was seen by a verifier, and its review stands).
 */
export function assertCanWithdraw(
  item: Pick<Evidence, 'createdBy' | 'status'>,
  incident: Pick<Incident, 'status'>,
  user: AuthUser,
): void {
  if (!isCreatorOrAdmin(item, user)) {
    throw forbidden('Only the user who added an evidence item, or an admin, may withdraw it');
  }
  if (incident.status !== 'intake' && incident.status !== 'in_verification') {
    throw new DomainError(
      'conflict',
      `Evidence of an incident in ${incident.status} cannot be withdrawn`,
    );
  }
  if (item.status !== 'pending') {
    throw new DomainError(
      'conflict',
      `Only a pending evidence item can be withdrawn (this one is ${item.status})`,
    );
  }
}
