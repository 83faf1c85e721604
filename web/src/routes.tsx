// The route tree (TanStack Router, built in code): every page of the app with its typed path
// parameters and its search parameters checked by Zod. The server answers every non-API path
// with index.html, so paths are real URLs (/units/ba-thuoc) that survive a reload and can be
// shared. Links and navigations name these routes (`to="/units/$code"`), so a wrong path or a
// missing parameter fails the type check, not the user.
//
// To add a page: a `createRoute` below (path, search schema, a component taking the parameters
// and giving them to the screen as props), then add it to `routeTree` at the end.
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import * as z from 'zod/mini';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { requestFocus } from './lib/focus';
import { DUTY_FILTERS } from './lib/status';
import { DocumentView } from './screens/DocumentView';
import { Home, NotFound, rememberUnit } from './screens/Home';
import { Inbox } from './screens/Inbox';
import { LeaderDashboard } from './screens/LeaderDashboard';
import { ObligationDetail } from './screens/ObligationDetail';
import { Recommendations } from './screens/Recommendations';
import { ReportPicker } from './screens/ReportPicker';
import { ReportScreen } from './screens/ReportScreen';
import { SubordinateReports } from './screens/SubordinateReports';
import { TargetDetail } from './screens/TargetDetail';
import { UnitOverview } from './screens/UnitOverview';
import { UnitTree } from './screens/UnitTree';
import { lastYear, UnitsPerformance } from './screens/UnitsPerformance';

// The set-up and people screens (forms: React Hook Form and Zod) load on demand, like the chart.
const NewDocument = lazyRouteComponent(() => import('./setup/DocumentEditor'), 'NewDocument');
const EditDocument = lazyRouteComponent(() => import('./setup/DocumentEditor'), 'EditDocument');
const NewObligation = lazyRouteComponent(() => import('./setup/ObligationEditor'), 'NewObligation');
const People = lazyRouteComponent(() => import('./people/People'), 'People');
const UserDetail = lazyRouteComponent(() => import('./people/UserDetail'), 'UserDetail');
const Audit = lazyRouteComponent(() => import('./people/Audit'), 'Audit');
const CascadeEditor = lazyRouteComponent(() => import('./setup/CascadeEditor'), 'CascadeEditor');
const Committee = lazyRouteComponent(() => import('./setup/Committee'), 'Committee');
// Tasks with lead and coordinating units; indicators and their roll-up rules.
const NewTask = lazyRouteComponent(() => import('./setup/TaskEditor'), 'NewTask');
const Indicators = lazyRouteComponent(() => import('./setup/IndicatorEditor'), 'Indicators');
const IndicatorPage = lazyRouteComponent(() => import('./setup/IndicatorEditor'), 'IndicatorPage');

// Search parameters are plain text in the URL (?unit=ba-thuoc&item=12), never JSON; a value the
// schema refuses is dropped rather than failing the page, so an old or mistyped link still opens.
export function parseSearch(text: string): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(text));
}

export function stringifySearch(search: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

const text = () => z.catch(z.optional(z.string().check(z.minLength(1))), undefined);
const matching = (pattern: RegExp) => z.catch(z.optional(z.string().check(z.regex(pattern))), undefined);
const whole = /^\d+$/;

// A numeric path parameter (/documents/12); anything else is a page that does not exist.
function idParam(value: string): number {
  if (!whole.test(value)) throw notFound();
  return Number(value);
}
const idParams = {
  parse: ({ id }: { id: string }) => ({ id: idParam(id) }),
  stringify: ({ id }: { id: number }) => ({ id: String(id) }),
};

// Every page keeps the date its figures are computed for (?as_of=2021-12-31), see lib/asOf.
const rootRoute = createRootRoute({
  validateSearch: z.object({ as_of: matching(/^\d{4}-\d{2}-\d{2}$/) }),
  component: () => (
    <Layout>
      <Outlet />
    </Layout>
  ),
  notFoundComponent: NotFound,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: Home });
const inboxRoute = createRoute({ getParentRoute: () => rootRoute, path: '/inbox', component: Inbox });
const leaderRoute = createRoute({ getParentRoute: () => rootRoute, path: '/leader', component: LeaderDashboard });

const treeSearch = z.object({ q: text() });
const unitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units',
  validateSearch: treeSearch,
  component: () => <UnitTree code={null} />,
});
const unitTreeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/tree',
  validateSearch: treeSearch,
  component: function UnitTreePage() {
    const { code } = unitTreeRoute.useParams();
    return <UnitTree key={code} code={code} />;
  },
});
const unitRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code',
  component: function UnitPage() {
    const { code } = unitRoute.useParams();
    rememberUnit(code);
    return <UnitOverview key={code} code={code} />;
  },
});
const reportPickerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/report',
  component: function ReportPickerPage() {
    return <ReportPicker code={reportPickerRoute.useParams().code} />;
  },
});
const reportRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/report/$period',
  component: function ReportPage() {
    const { code, period } = reportRoute.useParams();
    return <ReportScreen key={`${code}/${period}`} code={code} period={period} />;
  },
});
const subordinateReportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/reports/$period',
  component: function SubordinateReportsPage() {
    const { code, period } = subordinateReportsRoute.useParams();
    return <SubordinateReports code={code} period={period} />;
  },
});
const recommendationsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/recommendations',
  validateSearch: z.object({ item: matching(whole) }),
  component: function RecommendationsPage() {
    const { code } = recommendationsRoute.useParams();
    return <Recommendations code={code} />;
  },
});
const performanceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/performance',
  component: function PerformancePage() {
    const { code } = performanceRoute.useParams();
    return <UnitsPerformance key={code} code={code} period={lastYear()} />;
  },
});
const performancePeriodRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/performance/$period',
  component: function PerformancePeriodPage() {
    const { code, period } = performancePeriodRoute.useParams();
    return <UnitsPerformance key={`${code}/${period}`} code={code} period={period} />;
  },
});

const documentNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/new',
  validateSearch: z.object({ unit: text() }),
  component: function NewDocumentPage() {
    return <NewDocument unitCode={documentNewRoute.useSearch().unit ?? null} />;
  },
});
const documentEditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$id/edit',
  params: idParams,
  component: function EditDocumentPage() {
    const { id } = documentEditRoute.useParams();
    return <EditDocument key={id} id={id} />;
  },
});
const documentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$id',
  params: idParams,
  component: function DocumentPage() {
    const { id } = documentRoute.useParams();
    return <DocumentView key={id} id={id} />;
  },
});
const targetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/targets/$id',
  params: idParams,
  component: function TargetPage() {
    const { id } = targetRoute.useParams();
    return <TargetDetail key={id} id={id} />;
  },
});

const obligationNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/obligations/new',
  validateSearch: z.object({ unit: text(), item: matching(whole) }),
  component: function NewObligationPage() {
    const { unit, item } = obligationNewRoute.useSearch();
    return <NewObligation unitCode={unit ?? null} itemId={item ?? null} />;
  },
});
const obligationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/obligations/$id',
  params: idParams,
  // unit: the unit the duty is seen from; filter, kind, q: which units' rows are shown.
  validateSearch: z.object({ unit: text(), filter: z.catch(z.optional(z.enum(DUTY_FILTERS)), undefined), kind: text(), q: text() }),
  component: function ObligationPage() {
    const { id } = obligationRoute.useParams();
    return <ObligationDetail key={id} id={id} />;
  },
});

const peopleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/people',
  validateSearch: z.object({ q: text(), unit_id: matching(whole) }),
  component: People,
});
const userRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/people/$id',
  params: idParams,
  component: function UserPage() {
    const { id } = userRoute.useParams();
    return <UserDetail key={id} id={id} />;
  },
});
const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/audit',
  validateSearch: z.object({
    unit_id: matching(whole),
    actor: text(),
    entity: text(),
    from: matching(/^\d{4}-\d{2}-\d{2}$/),
    to: matching(/^\d{4}-\d{2}-\d{2}$/),
    action: z.catch(z.optional(z.enum(['denied'])), undefined),
  }),
  component: Audit,
});

// The cascade's set-up screen: `lower`, the subordinate's own document to concretize with.
const cascadeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/documents/$id/cascade',
  params: idParams,
  validateSearch: z.object({ lower: matching(whole) }),
  component: function CascadePage() {
    const { id } = cascadeRoute.useParams();
    const { lower } = cascadeRoute.useSearch();
    return <CascadeEditor key={id} upperId={id} lowerId={lower ? Number(lower) : null} />;
  },
});

// The committee's responsibilities (phân công phụ trách) of a unit.
const committeeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/units/$code/committee',
  component: function CommitteePage() {
    const { code } = committeeRoute.useParams();
    return <Committee key={code} code={code} />;
  },
});

// A task with its lead and coordinating units (chủ trì, phối hợp): unit, the issuer; item, the
// item it serves.
const taskNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tasks/new',
  validateSearch: z.object({ unit: text(), item: matching(whole) }),
  component: function NewTaskPage() {
    const { unit, item } = taskNewRoute.useSearch();
    return <NewTask unitCode={unit ?? null} itemId={item ?? null} />;
  },
});
const indicatorsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/indicators', component: Indicators });
// document: the document whose item asked for the new indicator, where saving goes back to.
const indicatorNewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/indicators/new',
  validateSearch: z.object({ document: matching(whole) }),
  component: function NewIndicatorPage() {
    const { document } = indicatorNewRoute.useSearch();
    return <IndicatorPage id={null} documentId={document === undefined ? null : Number(document)} />;
  },
});
const indicatorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/indicators/$id',
  params: idParams,
  component: function IndicatorEditPage() {
    const { id } = indicatorRoute.useParams();
    return <IndicatorPage key={id} id={id} documentId={null} />;
  },
});

export const routeTree = rootRoute.addChildren([
  homeRoute,
  inboxRoute,
  leaderRoute,
  unitsRoute,
  unitTreeRoute,
  unitRoute,
  reportPickerRoute,
  reportRoute,
  subordinateReportsRoute,
  recommendationsRoute,
  performanceRoute,
  performancePeriodRoute,
  documentNewRoute,
  documentEditRoute,
  documentRoute,
  targetRoute,
  obligationNewRoute,
  obligationRoute,
  peopleRoute,
  userRoute,
  auditRoute,
  cascadeRoute,
  committeeRoute,
  taskNewRoute,
  indicatorsRoute,
  indicatorNewRoute,
  indicatorRoute,
]);

// A page the user went to in the app (a link, a form that saved) takes the focus to its heading,
// so keyboard and screen-reader users start on the new page rather than on the old link; a
// replaced location (a filter changed) or back/forward leaves the focus where it is.
export function newRouter(history: RouterHistory) {
  history.subscribe(({ action }) => {
    if (action.type === 'PUSH') requestFocus();
  });
  return createRouter({
    routeTree,
    history,
    parseSearch,
    stringifySearch,
    defaultPendingComponent: Loading,
    defaultPendingMs: 300,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof newRouter>;
  }
}
