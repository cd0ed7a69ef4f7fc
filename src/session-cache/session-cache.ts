import { AuthUser } from '../common/auth-user';

/** Upper bound on cached callers; the oldest entry goes first when it is reached. */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  user: AuthUser;
  expiresAt: number;
}

/**
 * The caller behind a session, kept for a few seconds so that a burst of requests does not look
 * the same user and session up once each. Being stale would let a revoked session or a
 * deactivated user through, so the cache trusts nothing it was not told about:
 *
 * - it serves nothing unless `open` (the PostgreSQL listener that reports every change to users
 *   and sessions is connected); `close` empties it;
 * - every change evicts the user's sessions and moves the epoch on. A lookup takes a `ticket`
 *   before it reads the database and may store its answer only if the epoch has not moved since,
 *   so a read that raced a revocation is never cached;
 * - an entry lives at most `ttlMs`, which bounds what a lost notification could cost.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly sessionsByUser = new Map<string, Set<string>>();
  private epoch = 0;
  private listening = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = SESSION_CACHE_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.listening;
  }

  get size(): number {
    return this.entries.size;
  }

  get(userId: string, sessionId: string): AuthUser | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now() || entry.user.id !== userId) {
      this.remove(sessionId, entry.user.id);
      return undefined;
    }
    // A copy per request, so no request can change what the next one is served.
    return copy(entry.user);
  }

  /** Taken before the database read whose answer may be stored. */
  ticket(): number {
    return this.epoch;
  }

  set(ticket: number, user: AuthUser): void {
    if (!this.enabled || ticket !== this.epoch) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(user.sessionId)) {
      const oldest = this.entries.entries().next().value;
      if (oldest) this.remove(oldest[0], oldest[1].user.id);
    }
    this.entries.delete(user.sessionId);
    // A copy of its own: the caller that stored it may go on to change its object.
    this.entries.set(user.sessionId, { user: copy(user), expiresAt: this.now() + this.ttlMs });
    let sessions = this.sessionsByUser.get(user.id);
    if (!sessions) this.sessionsByUser.set(user.id, (sessions = new Set()));
    sessions.add(user.sessionId);
  }

  /** A user or one of their sessions changed: forget all of them, and any read in flight. */
  evictUser(userId: string): void {
    this.epoch += 1;
    for (const sessionId of this.sessionsByUser.get(userId) ?? []) this.entries.delete(sessionId);
    this.sessionsByUser.delete(userId);
  }

  /** Everything changed (a TRUNCATE): forget every caller, and any read in flight. */
  evictAll(): void {
    this.clear();
  }

  /** The listener is connected: changes from now on will be heard. */
  open(): void {
    this.clear();
    this.listening = true;
  }

  /** The listener is gone: changes would go unheard, so nothing is served until it is back. */
  close(): void {
    this.listening = false;
    this.clear();
  }

  private clear(): void {
    this.epoch += 1;
    this.entries.clear();
    this.sessionsByUser.clear();
  }

  private remove(sessionId: string, userId: string): void {
    this.entries.delete(sessionId);
    const sessions = this.sessionsByUser.get(userId);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.sessionsByUser.delete(userId);
  }
}

const copy = (user: AuthUser): AuthUser => ({ ...user, roles: [...user.roles] });
