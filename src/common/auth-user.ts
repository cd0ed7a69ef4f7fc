import { Role } from './roles';

/** The caller of a request, as the access guard loaded it from the database. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  sessionId: string;
}

export const hasRole = (user: AuthUser, ...roles: Role[]): boolean =>
  roles.some((role) => user.roles.includes(role));
