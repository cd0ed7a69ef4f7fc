import { useSyncExternalStore } from 'react';
import { session, SessionState } from './session';

export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.state,
  );
}

/** The signed-in user; only inside the staff pages, where the router guarantees one. */
export function useMe() {
  const state = useSession();
  if (state.status !== 'signed_in') throw new Error('useMe outside a signed-in page');
  return state.user;
}
