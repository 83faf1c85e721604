// The application: the session gate (sign-in when the server asks for it, on the very URL the
// user opened, which shows once they are in) and then the routes (src/routes.tsx).
import { useQueryClient } from '@tanstack/react-query';
import { createBrowserHistory, RouterProvider } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { setUnauthenticatedHandler } from './api/client';
import { loadSession, sessionLost, useSession } from './api/session';
import { ErrorState, Loading } from './components/States';
import { newRouter } from './routes';
import { Login } from './screens/Login';

const router = newRouter(createBrowserHistory());

export function App() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [error, setError] = useState<Error | null>(null);

  // Signed out: nothing the last user read stays in the cache for the next one.
  useEffect(() => {
    if (session.state === 'signed_out') queryClient.clear();
  }, [session.state, queryClient]);

  useEffect(() => {
    setUnauthenticatedHandler(sessionLost);
    loadSession().catch((e: unknown) => setError(e as Error));
    return () => setUnauthenticatedHandler(null);
  }, []);

  if (error) {
    return (
      <main id="main" className="login-page">
        <ErrorState error={error} onRetry={() => { setError(null); loadSession().catch((e: unknown) => setError(e as Error)); }} />
      </main>
    );
  }
  if (session.state === 'loading') return <Loading />;
  if (session.state === 'signed_out') return <Login />;
  return <RouterProvider router={router} />;
}
