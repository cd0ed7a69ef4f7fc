import { AuthUser, hasRole } from '../common/auth-user';
import { DomainError, forbidden } from '../common/errors';
import { Incident } from './incident.entity';

export type IncidentChanges = Partial<Record<string, unknown>>;

/**
 * Its creator or an admin: who may work on an incident in intake (edit it, its sources,
 * evidence), or withdraw an evidence item. The one statement of the rule.
 */
export function isCreatorOrAdmin(thing: { createdBy: string }, user: AuthUser): boolean {
  return thing.createdBy === user.id || hasRole(user, 'admin');
}

/** What publication shows: only writers and admins write it (spec 6). */
export const PUBLIC_TEXT_FIELDS: readonly string[] = ['publicTitle', 'publicSummary'];

/** A monitor's text must never reach the public unread: 403 whatever the incident's state. */
export function assertMayWritePublicText(user: AuthUser, fields: readonly string[]): void {
  if (
    fields.some((field) => PUBLIC_TEXT_FIELDS.includes(field)) &&
    !hasRole(user, 'writer', 'admin')
  ) {
    throw forbidden('Only writers and admins may write the public text of an incident');
  }
}

/**
 * Who may edit what, by state (spec 6): in intake its creator or an admin may change any
 * field; in verification and once verified, writers and admins may set the public text only;
 * otherwise 409.
 */
export function assertCanEdit(incident: Incident, user: AuthUser, fields: string[]): void {
  assertMayWritePublicText(user, fields);
  switch (incident.status) {
    case 'intake':
      if (!isCreatorOrAdmin(incident, user)) {
        throw forbidden('Only the creator of an incident in intake, or an admin, may edit it');
      }
      return;
    case 'in_verification':
    case 'verified':
      if (!hasRole(user, 'writer', 'admin')) {
        throw forbidden(`Only writers may edit an incident in ${incident.status}`);
      }
      if (fields.some((field) => !PUBLIC_TEXT_FIELDS.includes(field))) {
        throw new DomainError(
          'conflict',
          `An incident in ${incident.status} can only have its public text changed`,
        );
      }
      return;
    case 'published':
    case 'rejected':
    case 'retracted':
    case 'withdrawn':
      throw new DomainError('conflict', `An incident in ${incident.status} cannot be edited`);
  }
}
