// Who may open the people screens and the audit, and who administers the whole tree; light
// enough for the header to import.
import type { Session } from '../api/session';

// Whether the session manages some unit (a manager or an administrator): the people screens and
// the audit are theirs; the server narrows what each sees.
export function managesSomething(session: Session): boolean {
  if (session.state === 'no_login') return true;
  return session.state === 'signed_in' && session.user.grants.some((g) => g.role === 'manager' || g.role === 'administrator');
}

// Whether the session administers the whole tree (API tokens, passwords, sign-in locks).
export function administers(session: Session): boolean {
  if (session.state === 'no_login') return true;
  return session.state === 'signed_in' && session.user.grants.some((g) => g.role === 'administrator' && g.subtree);
}
