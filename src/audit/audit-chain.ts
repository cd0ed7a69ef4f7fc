import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export interface ChainedFields {
  seq: string;
  at: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
}

/** hash = sha256(prevHash + canonical JSON of the event), as spec section 11 defines it. */
export function chainHash(prevHash: string, event: ChainedFields): string {
  const { head, tail } = canonicalAroundSeq(event);
  return createHash('sha256')
    .update(prevHash)
    .update(`${head}${JSON.stringify(event.seq)}${tail}`)
    .digest('hex');
}

/**
 * The canonical JSON of an event split around its seq, which sorts last of its keys (every
 * other key sorts before "seq"), so the database can read the head and fill the seq in when it
 * links the event at commit (migration AuditLinkAtCommit), and chainHash hashes the same text.
 */
export function canonicalAroundSeq(event: Omit<ChainedFields, 'seq'>): {
  head: string;
  tail: string;
} {
  const withoutSeq = canonicalJson({
    at: event.at.toISOString(),
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    data: event.data,
  });
  return { head: `${withoutSeq.slice(0, -1)},"seq":`, tail: '}' };
}
