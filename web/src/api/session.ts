// The signed-in user and what they may do. The server may have no login yet (404 on
// /api/v1/session): then everyone may do everything the API allows.
import { useSyncExternalStore } from 'react';
import { ApiError, API_BASE, request, setCsrfToken } from './client';

export type Role = 'viewer' | 'editor' | 'reviewer' | 'manager' | 'administrator';
export type Action = 'read' | 'enter' | 'review' | 'manage' | 'administer';

export interface Grant {
  role: Role;
  role_label?: string;
  unit_id: number;
  subtree: boolean;
}

export interface User {
  id: number;
  login: string;
  name: string;
  grants: Grant[];
}

export type Session =
  | { state: 'loading' }
  | { state: 'no_login' }  // the server has no login: continue without it
  | { state: 'signed_out' }
  | { state: 'signed_in'; user: User };

interface SessionBody {
  user: User;
  csrf_token: string;
}

let current: Session = { state: 'loading' };
const listeners = new Set<() => void>();

function set(next: Session): void {
  current = next;
  for (const listener of [...listeners]) listener();
}

export function useSession(): Session {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

export function currentSession(): Session {
  return current;
}

export async function loadSession(): Promise<void> {
  try {
    const body = await request<SessionBody>(`${API_BASE}/session`, { quiet401: true });
    setCsrfToken(body.csrf_token);
    set({ state: 'signed_in', user: body.user });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return set({ state: 'no_login' });
    if (error instanceof ApiError && error.status === 401) return set({ state: 'signed_out' });
    throw error;
  }
}

export async function signIn(login: string, password: string): Promise<void> {
  const body = await request<SessionBody>(`${API_BASE}/session`, {
    method: 'POST',
    body: { login, password },
    quiet401: true,
  });
  setCsrfToken(body.csrf_token);
  set({ state: 'signed_in', user: body.user });
}

export async function signOut(): Promise<void> {
  try {
    await request(`${API_BASE}/session`, { method: 'DELETE', quiet401: true });
  } finally {
    setCsrfToken(null);
    set({ state: 'signed_out' });
  }
}

// The session ended under us (a 401 from any call).
export function sessionLost(): void {
  if (current.state === 'signed_in') {
    setCsrfToken(null);
    set({ state: 'signed_out' });
  }
}

const ALLOWS: Record<Role, Action[]> = {
  viewer: ['read'],
  editor: ['read', 'enter'],
  reviewer: ['read', 'review'],
  manager: ['read', 'manage'],
  administrator: ['read', 'enter', 'review', 'manage', 'administer'],
};

// Whether the session may do `action` on the unit whose path (root first, the unit last) is
// `path`. Without login on the server, yes; the server decides in the end.
export function can(session: Session, action: Action, path: number[]): boolean {
  if (session.state === 'no_login') return true;
  if (session.state !== 'signed_in' || path.length === 0) return false;
  const unit = path[path.length - 1];
  return session.user.grants.some(
    (g) => (ALLOWS[g.role] ?? []).includes(action) && (g.unit_id === unit || (g.subtree && path.includes(g.unit_id))),
  );
}

// The unit a signed-in user starts on: the first unit of their grants.
export function homeUnitId(session: Session): number | null {
  if (session.state !== 'signed_in') return null;
  return session.user.grants[0]?.unit_id ?? null;
}
