import { AuthUser, hasRole } from '../common/auth-user';
import { mayReadConfidential } from '../common/confidential-access';
import { DomainError, forbidden } from '../common/errors';
import { Incident } from '../incidents/incident.entity';
import { isCreatorOrAdmin } from '../incidents/incident-policy';
import { Source } from './source.entity';

/** Admins, verifiers and the user who added it see a confidential source; everyone sees the rest. */
export function canSeeDetails(
  user: AuthUser,
  source: Pick<Source, 'confidential' | 'createdBy'>,
): boolean {
  return !source.confidential || mayReadConfidential(user, source.createdBy);
}

/**
 * Sources are added and changed while the incident is in intake or in verification (else
 * 409): in intake by its creator or an admin, as for editing the incident itself; in
 * verification also by verifiers, who may need to record what they found (spec 8). Nobody
 * else: a source's grading and independence group decide whether "confirmed" may be chosen.
 */
export function assertCanChangeSources(incident: Incident, user: AuthUser): void {
  switch (incident.status) {
    case 'intake':
      if (!isCreatorOrAdmin(incident, user)) {
        throw forbidden(
          'Only the creator of an incident in intake, or an admin, may add or change its sources',
        );
      }
      return;
    case 'in_verification':
      if (!isCreatorOrAdmin(incident, user) && !hasRole(user, 'verifier')) {
        throw forbidden(
          'Only the creator of an incident in verification, a verifier or an admin may add or change its sources',
        );
      }
      return;
    case 'verified':
    case 'published':
    case 'rejected':
    case 'retracted':
    case 'withdrawn':
      throw new DomainError(
        'conflict',
        `Sources of an incident in ${incident.status} cannot be added or changed`,
      );
  }
}

/**
 * Only someone who may read a confidential source's details may change it: anyone else could
 * otherwise overwrite them unseen, or clear `confidential` and expose them to every user.
 */
export function assertCanChangeSource(source: Source, user: AuthUser): void {
  if (!canSeeDetails(user, source)) {
    throw forbidden(
      'Only the user who added a confidential source, or an admin or verifier, may change it',
    );
  }
}
