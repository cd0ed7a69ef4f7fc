import { AuthUser, hasRole } from '../common/auth-user';
import { DomainError, forbidden } from '../common/errors';
import { Incident } from './incident.entity';

export type IncidentChanges = Partial<Record<string, unknown>>;

/**
 * Who may edit what, by state (spec 6): in intake its creator or an admin may change any
 * field; once verified, writers (and admins) may set publicSummary only; otherwise 409.
 */
export function assertCanEdit(incident: Incident, user: AuthUser, fields: string[]): void {
  switch (incident.status) {
    case 'intake':
      if (incident.createdBy !== user.id && !hasRole(user, 'admin')) {
        throw forbidden('Only the creator of an incident in intake, or an admin, may edit it');
      }
      return;
    case 'verified':
      if (!hasRole(user, 'writer', 'admin')) {
        throw forbidden('Only writers may edit a verified incident');
      }
      if (fields.some((field) => field !== 'publicSummary')) {
        throw new DomainError('conflict', 'Once verified, only publicSummary can be changed');
      }
      return;
    case 'in_verification':
    case 'published':
    case 'rejected':
    case 'retracted':
      throw new DomainError('conflict', `An incident in ${incident.status} cannot be edited`);
  }
}
