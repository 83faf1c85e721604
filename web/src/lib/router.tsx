// A small history router: the server answers every non-API path with index.html, so paths are
// real URLs (/units/ba-thuoc) that survive a reload and can be shared.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const listeners = new Set<() => void>();
function emit(): void {
  for (const listener of [...listeners]) listener();
}
if (typeof window !== 'undefined') window.addEventListener('popstate', emit);

function snapshot(): string {
  return typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
}

export function useLocation(): { path: string; query: URLSearchParams; href: string } {
  const href = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot,
    () => '/',
  );
  const [path = '/', search = ''] = href.split('?');
  return { path, query: new URLSearchParams(search), href };
}

// Set by a navigation the user made in the app; the next page heading takes the focus then, so
// keyboard and screen-reader users start on the new page rather than on the old link.
let focusPending = false;
export function takeFocusRequest(): boolean {
  const pending = focusPending;
  focusPending = false;
  return pending;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (!options.replace) focusPending = true;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  emit();
  if (!options.replace) window.scrollTo(0, 0);
}

// Matches "/units/:code/report/:period" against a path; the parameters or null.
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const parts = pattern.split('/').filter(Boolean);
  const actual = path.split('/').filter(Boolean);
  if (parts.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const value = actual[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
  children: ReactNode;
}

// An <a href> that navigates in place; modified clicks (new tab) behave as links do.
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

// Adds or replaces query parameters of the current location.
export function withParams(path: string, query: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
  }
  const text = next.toString();
  return text ? `${path}?${text}` : path;
}
