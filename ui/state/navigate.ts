import { formatHash, type Route } from './route.ts';

/**
 * Moves to a route. `replace` is for state that changes as the user types (search boxes), so
 * each keystroke does not become a history entry.
 */
export function navigate(route: Pick<Route, 'view' | 'args' | 'query'>, options: { replace?: boolean } = {}): void {
  const hash = formatHash(route);
  if (hash === location.hash) return;
  if (options.replace) {
    history.replaceState(null, '', hash);
    // replaceState fires no hashchange; the shell listens for this instead.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}
