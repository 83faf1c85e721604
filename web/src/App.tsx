// The application: the session gate (login when the server has it), the layout and the routes.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, setUnauthenticatedHandler } from './api/client';
import { homeUnitId, loadSession, sessionLost, useSession } from './api/session';
import type { UnitDetail } from './api/types';
import { Layout } from './components/Layout';
import { PageHeader } from './components/Page';
import { EmptyState, ErrorState, Loading } from './components/States';
import { useI18n } from './i18n';
import { Link, matchPath, navigate, useLocation } from './lib/router';
import { DocumentView } from './screens/DocumentView';
import { Inbox } from './screens/Inbox';
import { LeaderDashboard } from './screens/LeaderDashboard';
import { Login } from './screens/Login';
import { ObligationDetail } from './screens/ObligationDetail';
import { Recommendations } from './screens/Recommendations';
import { ReportPicker } from './screens/ReportPicker';
import { ReportScreen } from './screens/ReportScreen';
import { SubordinateReports } from './screens/SubordinateReports';
import { TargetDetail } from './screens/TargetDetail';
import { UnitOverview } from './screens/UnitOverview';
import { UnitTree } from './screens/UnitTree';
import { lastYear, UnitsPerformance } from './screens/UnitsPerformance';
import type { LeaderDashboard as LeaderJson } from './api/types';

// The set-up screens (forms: React Hook Form and Zod) load on demand, like the chart.
const NewDocument = lazy(() => import('./setup/DocumentEditor').then((m) => ({ default: m.NewDocument })));
const NewObligation = lazy(() => import('./setup/ObligationEditor').then((m) => ({ default: m.NewObligation })));
const EditDocument = lazy(() => import('./setup/DocumentEditor').then((m) => ({ default: m.EditDocument })));
const People = lazy(() => import('./people/People').then((m) => ({ default: m.People })));
const UserDetail = lazy(() => import('./people/UserDetail').then((m) => ({ default: m.UserDetail })));
const Audit = lazy(() => import('./people/Audit').then((m) => ({ default: m.Audit })));

const LAST_UNIT_KEY = 'nqtrack.unit';
const DEMO_UNIT = 'ba-thuoc';

export function rememberUnit(code: string): void {
  try {
    localStorage.setItem(LAST_UNIT_KEY, code);
  } catch {
    // private mode
  }
}

// "/": a committee member's own dashboard; for others back to the last unit, else the user's
// own unit, else the demo's Bá Thước, else the tree.
function Home() {
  const session = useSession();
  useEffect(() => {
    let last: string | null = null;
    try {
      last = localStorage.getItem(LAST_UNIT_KEY);
    } catch {
      last = null;
    }
    const home = homeUnitId(session);
    const candidates = [last, home === null ? null : String(home), DEMO_UNIT].filter((c): c is string => !!c);
    let cancelled = false;
    (async () => {
      try {
        const leader = await api.get<LeaderJson>('views/leader');
        if (leader.charges.length > 0) {
          if (!cancelled) navigate('/leader', { replace: true });
          return;
        }
      } catch {
        // go on to the units
      }
      for (const candidate of candidates) {
        try {
          const unit = await api.get<UnitDetail>(`units/${encodeURIComponent(candidate)}`);
          if (!cancelled) navigate(`/units/${unit.code}`, { replace: true });
          return;
        } catch {
          // try the next one
        }
      }
      if (!cancelled) navigate('/units', { replace: true });
    })();
    return () => {
      cancelled = true;
    };
  }, [session]);
  return <Loading />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('state.notFound.title')} />
      <EmptyState action={<Link className="button primary" to="/units">{t('nav.units')}</Link>}>{t('state.notFound.body')}</EmptyState>
    </div>
  );
}

function Routes() {
  const { path, query } = useLocation();
  let m: Record<string, string> | null;
  if (path === '/') return <Home />;
  if (path === '/units') return <UnitTree code={null} />;
  if (path === '/inbox') return <Inbox />;
  if (path === '/leader') return <LeaderDashboard />;
  if (path === '/people') return <Suspense fallback={<Loading />}><People /></Suspense>;
  if ((m = matchPath('/people/:id', path))) return <Suspense fallback={<Loading />}><UserDetail key={m.id} id={Number(m.id)} /></Suspense>;
  if (path === '/audit') return <Suspense fallback={<Loading />}><Audit /></Suspense>;
  if (path === '/obligations/new') return <Suspense fallback={<Loading />}><NewObligation unitCode={query.get('unit')} itemId={query.get('item')} /></Suspense>;
  if ((m = matchPath('/units/:code/tree', path))) return <UnitTree key={m.code} code={m.code!} />;
  if ((m = matchPath('/units/:code/report', path))) return <ReportPicker code={m.code!} />;
  if ((m = matchPath('/units/:code/report/:period', path))) return <ReportScreen key={`${m.code}/${m.period}`} code={m.code!} period={m.period!} />;
  if ((m = matchPath('/units/:code/reports/:period', path))) return <SubordinateReports code={m.code!} period={m.period!} />;
  if ((m = matchPath('/units/:code/recommendations', path))) return <Recommendations code={m.code!} />;
  if ((m = matchPath('/units/:code/performance', path))) return <UnitsPerformance key={m.code} code={m.code!} period={lastYear()} />;
  if ((m = matchPath('/units/:code/performance/:period', path))) return <UnitsPerformance key={`${m.code}/${m.period}`} code={m.code!} period={m.period!} />;
  if ((m = matchPath('/units/:code', path))) {
    rememberUnit(m.code!);
    return <UnitOverview key={m.code} code={m.code!} />;
  }
  if (path === '/documents/new') return <Suspense fallback={<Loading />}><NewDocument unitCode={query.get('unit')} /></Suspense>;
  if ((m = matchPath('/documents/:id/edit', path))) {
    return <Suspense fallback={<Loading />}><EditDocument key={m.id} id={Number(m.id)} /></Suspense>;
  }
  if ((m = matchPath('/documents/:id', path))) return <DocumentView key={m.id} id={Number(m.id)} />;
  if ((m = matchPath('/targets/:id', path))) return <TargetDetail key={m.id} id={Number(m.id)} />;
  if ((m = matchPath('/obligations/:id', path))) return <ObligationDetail key={m.id} id={Number(m.id)} />;
  return <NotFound />;
}

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
  return (
    <Layout>
      <Routes />
    </Layout>
  );
}
