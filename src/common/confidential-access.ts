import { AuthUser, hasRole } from './auth-user';

/**
 * Who may read the details of a confidential source, and what is tied to it (spec 8): admins,
 * verifiers and the user who added it. The one statement of the rule: the source policy, the
 * evidence views and the incident history all ask it.
 */
export function mayReadConfidential(user: AuthUser, addedBy: string | null): boolean {
  return hasRole(user, 'admin', 'verifier') || (addedBy !== null && addedBy === user.id);
}
