export const ROLES = ['admin', 'monitor', 'verifier', 'writer'] as const;
export type Role = (typeof ROLES)[number];

/** Every signed-in user holds at least one role, so this means "any staff user". */
export const STAFF: readonly Role[] = ROLES;
