import { z } from 'zod/mini';
import { optional, text } from '../../ui/search-params';

/** The kinds of entity the audit log names (the service's `entityType`s). */
export const AUDIT_ENTITY_TYPES = [
  'incident',
  'source',
  'evidence',
  'comment',
  'export',
  'user',
  'session',
  'webhook',
  'reference',
  'queue_job',
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The audit log's filters, in the URL so that an entity's page can link to its trail: what the
 * API would refuse is dropped (a bad value loses that filter, not the page).
 */
export const auditSearch = z.object({
  actorId: optional(z.uuid()),
  entityType: optional(z.string().check(z.maxLength(40), z.regex(/^[a-z_]+$/))),
  entityId: optional(text(80)),
  action: optional(text(80)),
  from: optional(z.string().check(z.regex(DAY))),
  to: optional(z.string().check(z.regex(DAY))),
});

export type AuditSearch = z.infer<typeof auditSearch>;
