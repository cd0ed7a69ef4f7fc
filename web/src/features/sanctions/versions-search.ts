import { z } from 'zod/mini';

export const CHANGE_KINDS = ['added', 'amended', 'removed'] as const;

/** Screen 27's URL: the version shown and the kind of change its list is filtered by. */
export const versionsSearch = z.object({
  version: z.catch(z.optional(z.uuid()), undefined),
  change: z.catch(z.optional(z.enum(CHANGE_KINDS)), undefined),
});
export type VersionsSearch = z.infer<typeof versionsSearch>;
