import { z } from 'zod';

export const STATUSES = [
  'intake',
  'in_verification',
  'verified',
  'published',
  'rejected',
  'retracted',
  'withdrawn',
] as const;
const SORTS = ['-occurredFrom', '-updatedAt', '-createdAt'] as const;

/** Every filter lives in the URL: a view can be bookmarked, shared and reloaded. */
export const incidentSearch = z.object({
  q: z.string().max(500).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  sort: z.enum(SORTS).optional().catch(undefined),
});
export type IncidentSearch = z.infer<typeof incidentSearch>;
