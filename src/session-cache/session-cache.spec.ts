import { AuthUser } from '../common/auth-user';
import { SessionCache } from './session-cache';

const user = (id: string, sessionId: string, roles: AuthUser['roles'] = ['monitor']): AuthUser => ({
  id,
  email: `${id}@example.org`,
  displayName: id,
  roles,
  sessionId,
});

function openCache(
  ttlMs = 10_000,
  maxEntries = 100,
): { cache: SessionCache; clock: { now: number } } {
  const clock = { now: 1_000 };
  const cache = new SessionCache(ttlMs, maxEntries, () => clock.now);
  cache.open();
  return { cache, clock };
}

describe('SessionCache', () => {
  it('serves a stored caller for its user and session only', () => {
    const { cache } = openCache();
    cache.set(cache.ticket(), user('u1', 's1'));

    expect(cache.get('u1', 's1')).toEqual(user('u1', 's1'));
    expect(cache.get('u2', 's1')).toBeUndefined();
    expect(cache.get('u1', 's2')).toBeUndefined();
  });

  it('serves and stores nothing until the listener opens it, and forgets all when it closes', () => {
    const cache = new SessionCache(10_000);
    cache.set(cache.ticket(), user('u1', 's1'));
    expect(cache.enabled).toBe(false);
    expect(cache.get('u1', 's1')).toBeUndefined();

    cache.open();
    cache.set(cache.ticket(), user('u1', 's1'));
    expect(cache.get('u1', 's1')).toBeDefined();

    cache.close();
    expect(cache.get('u1', 's1')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.open();
    expect(cache.get('u1', 's1')).toBeUndefined();
  });

  it('is off with a TTL of zero, even while listening', () => {
    const cache = new SessionCache(0);
    cache.open();
    cache.set(cache.ticket(), user('u1', 's1'));

    expect(cache.enabled).toBe(false);
    expect(cache.get('u1', 's1')).toBeUndefined();
  });

  it("evicts every session of a user and leaves other users' alone", () => {
    const { cache } = openCache();
    cache.set(cache.ticket(), user('u1', 's1'));
    cache.set(cache.ticket(), user('u1', 's2'));
    cache.set(cache.ticket(), user('u2', 's3'));

    cache.evictUser('u1');

    expect(cache.get('u1', 's1')).toBeUndefined();
    expect(cache.get('u1', 's2')).toBeUndefined();
    expect(cache.get('u2', 's3')).toEqual(user('u2', 's3'));
  });

  it('does not store a read that started before a change, which it may predate', () => {
    const { cache } = openCache();
    const ticket = cache.ticket(); // the lookup reads the database...
    cache.evictUser('u1'); // ...while the user is deactivated and the notice arrives
    cache.set(ticket, user('u1', 's1')); // the lookup's (stale) answer

    expect(cache.get('u1', 's1')).toBeUndefined();
    cache.set(cache.ticket(), user('u1', 's1'));
    expect(cache.get('u1', 's1')).toBeDefined();
  });

  it('does not store a read that spanned a lost and regained listener', () => {
    const { cache } = openCache();
    const ticket = cache.ticket();
    cache.close();
    cache.open();
    cache.set(ticket, user('u1', 's1'));

    expect(cache.get('u1', 's1')).toBeUndefined();
  });

  it('expires an entry after the TTL', () => {
    const { cache, clock } = openCache(5_000);
    cache.set(cache.ticket(), user('u1', 's1'));

    clock.now += 4_999;
    expect(cache.get('u1', 's1')).toBeDefined();
    clock.now += 1;
    expect(cache.get('u1', 's1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const { cache } = openCache(10_000, 2);
    cache.set(cache.ticket(), user('u1', 's1'));
    cache.set(cache.ticket(), user('u2', 's2'));
    cache.set(cache.ticket(), user('u3', 's3'));

    expect(cache.size).toBe(2);
    expect(cache.get('u1', 's1')).toBeUndefined();
    expect(cache.get('u2', 's2')).toBeDefined();
    expect(cache.get('u3', 's3')).toBeDefined();
  });

  it('replaces the entry of a session rather than growing', () => {
    const { cache } = openCache(10_000, 2);
    cache.set(cache.ticket(), user('u1', 's1', ['monitor']));
    cache.set(cache.ticket(), user('u1', 's1', ['writer']));

    expect(cache.size).toBe(1);
    expect(cache.get('u1', 's1')?.roles).toEqual(['writer']);
  });

  it('forgets everyone on evictAll, and any read in flight', () => {
    const { cache } = openCache();
    cache.set(cache.ticket(), user('u1', 's1'));
    cache.set(cache.ticket(), user('u2', 's2'));
    const ticket = cache.ticket();

    cache.evictAll();
    cache.set(ticket, user('u3', 's3'));

    expect(cache.size).toBe(0);
    expect(cache.enabled).toBe(true);
  });

  it('keeps its own copy: neither the stored nor a served object changes what it serves', () => {
    const { cache } = openCache();
    const original = user('u1', 's1', ['monitor']);
    cache.set(cache.ticket(), original);
    original.roles.push('admin');
    const served = cache.get('u1', 's1')!;
    served.roles.push('admin');
    served.displayName = 'changed';

    expect(cache.get('u1', 's1')).toEqual(user('u1', 's1', ['monitor']));
  });
});
