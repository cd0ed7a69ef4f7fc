import type { components } from '../api/schema';

export type Me = components['schemas']['TokensDto']['user'];

/** What every request of the web application says it is (SPEC 4: the cookie mode). */
export const CLIENT_HEADER = { 'X-Requested-With': 'sanctions-tracker-web' } as const;

export type SignInResult =
  | { ok: true }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number }
  | { ok: false; reason: 'unavailable' };

export type SessionState =
  | { status: 'unknown' }
  | { status: 'signed_out'; why: 'signed_out' | 'expired' | 'initial' }
  | { status: 'signed_in'; user: Me };

/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;
const LOCK = 'sanctions-tracker-refresh';

/**
 * The access token lives only in this module's closure: never in localStorage,
 * sessionStorage or a cookie a script can read (UI.md). The refresh token is in the
 * HttpOnly __Host-st_rt cookie, which only the refresh and logout routes read.
 */
function createSession() {
  let token: string | null = null;
  let expiresAt = 0;
  let state: SessionState = { status: 'unknown' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();

  const publish = (next: SessionState): void => {
    state = next;
    for (const listener of listeners) listener();
  };

  const accept = (body: components['schemas']['TokensDto']): void => {
    token = body.accessToken;
    expiresAt = Date.now() + body.expiresIn * 1000;
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), Math.max(1_000, expiresAt - Date.now() - EARLY_MS));
    publish({ status: 'signed_in', user: body.user });
  };

  const forget = (why: 'signed_out' | 'expired' | 'initial'): void => {
    token = null;
    expiresAt = 0;
    clearTimeout(timer);
    publish({ status: 'signed_out', why });
  };

  const post = (path: string, body: unknown, bearer?: string | null): Promise<Response> =>
    fetch(`/api/v1/auth/${path}`, {
      method: 'POST',
      headers: {
        ...CLIENT_HEADER,
        'Content-Type': 'application/json',
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });

  /** One refresh in flight per tab; across tabs, one at a time (Web Locks). */
  function refresh(): Promise<boolean> {
    inFlight ??= (async () => {
      const run = async (): Promise<boolean> => {
        const response = await post('refresh', {});
        if (!response.ok) return false;
        accept((await response.json()) as components['schemas']['TokensDto']);
        return true;
      };
      try {
        return navigator.locks ? await navigator.locks.request(LOCK, run) : await run();
      } catch {
        return false;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  return {
    get state(): SessionState {
      return state;
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The Authorization header value, or null when signed out. */
    authorization(): string | null {
      return token ? `Bearer ${token}` : null;
    },
    /** A token about to expire is refreshed first. */
    async fresh(): Promise<void> {
      if (token && Date.now() > expiresAt - EARLY_MS) await refresh();
    },
    /** At start: a refresh cookie may still hold a session (this tab's, or "keep me signed in"). */
    async resume(): Promise<void> {
      if (!(await refresh())) forget('initial');
    },
    async signIn(email: string, password: string, remember: boolean): Promise<SignInResult> {
      let response: Response;
      try {
        response = await post('login', { email, password, remember });
      } catch {
        return { ok: false, reason: 'unavailable' };
      }
      if (response.ok) {
        accept((await response.json()) as components['schemas']['TokensDto']);
        return { ok: true };
      }
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('Retry-After') ?? '60');
        return { ok: false, reason: 'rate_limited', retryAfterSeconds: retryAfter || 60 };
      }
      if (response.status === 401 || response.status === 400)
        return { ok: false, reason: 'invalid' };
      return { ok: false, reason: 'unavailable' };
    },
    /** A 401 after a failed refresh: the session is over. */
    async recover(): Promise<boolean> {
      if (await refresh()) return true;
      forget('expired');
      return false;
    },
    /** The server revokes the session, clears the cookie and the site's storage and cache. */
    async signOut(): Promise<void> {
      try {
        await this.fresh();
        await post('logout', {}, token);
      } finally {
        forget('signed_out');
      }
    },
  };
}

export const session = createSession();
