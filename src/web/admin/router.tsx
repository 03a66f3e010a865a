import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { MarketPeriodSchema, type MarketPeriod } from '../../contract/market.ts';
import { api, isUnauthenticated, type Period } from './api.ts';
import { validateExplorerSearch } from './analytics/explorer-search.ts';
import { validateVerbatimsSearch } from './verbatims/verbatims-search.ts';
import { AppShell } from './components/AppShell.tsx';
import { SettingsLayout } from './components/SettingsLayout.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AccountsPage } from './pages/AccountsPage.tsx';
import { AnalyticsPage } from './pages/AnalyticsPage.tsx';
import { ApiKeysPage } from './pages/ApiKeysPage.tsx';
import { ContactPolicyPage } from './pages/ContactPolicyPage.tsx';
import { ContactPage } from './pages/ContactPage.tsx';
import { ErrorPage, NotFoundPage } from './pages/ErrorPages.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MarketPage } from './pages/MarketPage.tsx';
import { ProgrammePage } from './pages/ProgrammePage.tsx';
import { ProgrammesPage } from './pages/ProgrammesPage.tsx';
import { ResponsesPage } from './pages/ResponsesPage.tsx';
import { SurveysPage } from './pages/SurveysPage.tsx';
import { TouchPointsPage } from './pages/TouchPointsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { CasesPage } from './pages/CasesPage.tsx';
import { FeedbackPage } from './pages/FeedbackPage.tsx';
import { meQuery } from './queries.ts';
import { canOpenSettings, isAdmin, safeRedirect } from './session.ts';

export interface RouterContext {
  queryClient: QueryClient;
}

const PERIODS: readonly Period[] = ['30d', '90d', '12m', 'all'];

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: ErrorPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search['redirect'] === 'string' ? { redirect: search['redirect'] } : {},
  beforeLoad: async ({ context, search }) => {
    // Already signed in: go straight on.
    const me = await api.me().catch(() => null);
    if (me) {
      context.queryClient.setQueryData(meQuery.queryKey, me);
      throw redirect({ href: safeRedirect(search.redirect) });
    }
  },
  component: LoginPage,
});

/** Every screen but the login page: requires a session, else goes to /login and back afterwards. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (error) {
      if (isUnauthenticated(error)) {
        throw redirect({ to: '/login', search: location.href === '/' ? {} : { redirect: location.href } });
      }
      throw error;
    }
  },
  component: AppShell,
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
const surveysRoute = createRoute({ getParentRoute: () => appRoute, path: '/surveys', component: SurveysPage });
const newSurveyRoute = createRoute({ getParentRoute: () => appRoute, path: '/surveys/new', component: lazyRouteComponent(() => import('./pages/NewSurveyPage.tsx'), 'NewSurveyPage') });
const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/$id',
  validateSearch: (search: Record<string, unknown>): { period?: Period } => {
    const p = search['period'];
    return PERIODS.includes(p as Period) ? { period: p as Period } : {};
  },
  component: DashboardPage,
});
const builderRoute = createRoute({ getParentRoute: () => appRoute, path: '/surveys/$id/edit', component: lazyRouteComponent(() => import('./pages/BuilderPage.tsx'), 'BuilderPage') });
const responsesRoute = createRoute({ getParentRoute: () => appRoute, path: '/surveys/$id/responses', component: ResponsesPage });
const DRIVER_SETS = ['items', 'touch-points'] as const;
const driversRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/surveys/$id/drivers',
  validateSearch: (search: Record<string, unknown>): { outcome?: string; drivers?: (typeof DRIVER_SETS)[number] } => ({
    ...(typeof search['outcome'] === 'string' ? { outcome: search['outcome'] } : {}),
    ...(DRIVER_SETS.includes(search['drivers'] as (typeof DRIVER_SETS)[number]) ? { drivers: search['drivers'] as (typeof DRIVER_SETS)[number] } : {}),
  }),
  component: lazyRouteComponent(() => import('./pages/DriversPage.tsx'), 'DriversPage'),
});
const corridorViewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analytics/corridor',
  validateSearch: (search: Record<string, unknown>): { corridor?: string } => (typeof search['corridor'] === 'string' ? { corridor: search['corridor'] } : {}),
  component: lazyRouteComponent(() => import('./pages/CorridorPage.tsx'), 'CorridorPage'),
});
const programmesRoute = createRoute({ getParentRoute: () => appRoute, path: '/programmes', component: ProgrammesPage });
const newProgrammeRoute = createRoute({ getParentRoute: () => appRoute, path: '/programmes/new', component: lazyRouteComponent(() => import('./pages/NewProgrammePage.tsx'), 'NewProgrammePage') });
const programmeRoute = createRoute({ getParentRoute: () => appRoute, path: '/programmes/$id', component: ProgrammePage });
const editProgrammeRoute = createRoute({ getParentRoute: () => appRoute, path: '/programmes/$id/edit', component: lazyRouteComponent(() => import('./pages/NewProgrammePage.tsx'), 'EditProgrammePage') });
const MARKET_PERIODS: readonly string[] = MarketPeriodSchema.options;
const analyticsRoute = createRoute({ getParentRoute: () => appRoute, path: '/analytics', component: AnalyticsPage });
const marketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analytics/market',
  validateSearch: (search: Record<string, unknown>): { unit?: string; period?: MarketPeriod } => {
    const unit = typeof search['unit'] === 'string' ? search['unit'] : undefined;
    const period = MARKET_PERIODS.includes(search['period'] as MarketPeriod) ? (search['period'] as MarketPeriod) : undefined;
    return { ...(unit ? { unit } : {}), ...(period ? { period } : {}) };
  },
  component: MarketPage,
});
const monthlyReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reviews/monthly',
  validateSearch: (search: Record<string, unknown>): { unit?: string; month?: string } => {
    const unit = typeof search['unit'] === 'string' ? search['unit'] : undefined;
    const month = typeof search['month'] === 'string' && /^\d{4}-\d{2}$/.test(search['month']) ? search['month'] : undefined;
    return { ...(unit ? { unit } : {}), ...(month ? { month } : {}) };
  },
  component: lazyRouteComponent(() => import('./reviews/MonthlyReviewPage.tsx'), 'MonthlyReviewPage'),
});
const relationshipReviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reviews/relationship',
  validateSearch: (search: Record<string, unknown>): { unit?: string } => (typeof search['unit'] === 'string' ? { unit: search['unit'] } : {}),
  component: lazyRouteComponent(() => import('./reviews/RelationshipPage.tsx'), 'RelationshipPage'),
});
const digestsRoute = createRoute({ getParentRoute: () => appRoute, path: '/reviews/digests', component: lazyRouteComponent(() => import('./reviews/DigestsPage.tsx'), 'DigestsPage') });
const accountReportRoute = createRoute({ getParentRoute: () => appRoute, path: '/accounts/$id/report', component: lazyRouteComponent(() => import('./reviews/AccountReportPage.tsx'), 'AccountReportPage') });
const accountsRoute = createRoute({ getParentRoute: () => appRoute, path: '/accounts', component: AccountsPage });
const accountRoute = createRoute({ getParentRoute: () => appRoute, path: '/accounts/$id', component: AccountPage });
const accountsAnalyticsRoute = createRoute({ getParentRoute: () => appRoute, path: '/analytics/accounts', component: lazyRouteComponent(() => import('./pages/AccountsAnalyticsPage.tsx'), 'AccountsAnalyticsPage') });
const goalsRoute = createRoute({ getParentRoute: () => appRoute, path: '/goals', component: lazyRouteComponent(() => import('./pages/GoalsPage.tsx'), 'GoalsPage') });
const employeesRoute = createRoute({ getParentRoute: () => appRoute, path: '/analytics/employees', component: lazyRouteComponent(() => import('./pages/EmployeesPage.tsx'), 'EmployeesPage') });
const executiveRoute = createRoute({ getParentRoute: () => appRoute, path: '/analytics/executive', component: lazyRouteComponent(() => import('./pages/ExecutivePage.tsx'), 'ExecutivePage') });
const myAccountsRoute = createRoute({ getParentRoute: () => appRoute, path: '/my-accounts', component: lazyRouteComponent(() => import('./pages/MyAccountsPage.tsx'), 'MyAccountsPage') });
const contactRoute = createRoute({ getParentRoute: () => appRoute, path: '/contacts/$id', component: ContactPage });
const explorerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analytics/explorer',
  validateSearch: validateExplorerSearch,
  component: lazyRouteComponent(() => import('./analytics/ExplorerPage.tsx'), 'ExplorerPage'),
});
const verbatimsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/verbatims',
  validateSearch: validateVerbatimsSearch,
  component: lazyRouteComponent(() => import('./pages/VerbatimsPage.tsx'), 'VerbatimsPage'),
});
const topicsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/verbatims/topics',
  validateSearch: (search: Record<string, unknown>): { topic?: string } => (typeof search['topic'] === 'string' ? { topic: search['topic'] } : {}),
  component: lazyRouteComponent(() => import('./pages/TopicsPage.tsx'), 'TopicsPage'),
});

/** Settings: admins, and analysts for the alert rules; anyone else goes home (the API would answer 403 anyway). */
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!canOpenSettings(me.user.role)) throw redirect({ to: '/' });
  },
  component: SettingsLayout,
});
/** A Settings tab for admins only: an analyst is sent to the alert rules. */
const adminOnly = async ({ context }: { context: { queryClient: QueryClient } }) => {
  const me = await context.queryClient.ensureQueryData(meQuery);
  if (!isAdmin(me.user.role)) throw redirect({ to: '/settings/alert-rules', replace: true });
};
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: async ({ context }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    throw redirect({ to: isAdmin(me.user.role) ? '/settings/users' : '/settings/alert-rules', replace: true });
  },
});
const usersRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/users', beforeLoad: adminOnly, component: UsersPage });
const apiKeysRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/api-keys', beforeLoad: adminOnly, component: ApiKeysPage });
const touchPointsRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/touch-points', beforeLoad: adminOnly, component: TouchPointsPage });
const contactPolicyRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/contact-policy', beforeLoad: adminOnly, component: ContactPolicyPage });
const casesRoute = createRoute({ getParentRoute: () => appRoute, path: '/cases', component: CasesPage });
const caseRoute = createRoute({ getParentRoute: () => appRoute, path: '/cases/$id', component: lazyRouteComponent(() => import('./pages/CasePage.tsx'), 'CasePage') });
const alertRulesRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/alert-rules', component: lazyRouteComponent(() => import('./pages/AlertRulesPage.tsx'), 'AlertRulesPage') });
const caseSettingsRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/cases', beforeLoad: adminOnly, component: lazyRouteComponent(() => import('./pages/CaseSettingsPage.tsx'), 'CaseSettingsPage') });
const outboxRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/outbox', beforeLoad: adminOnly, component: lazyRouteComponent(() => import('./pages/OutboxPage.tsx'), 'OutboxPage') });
const webhooksRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/webhooks', beforeLoad: adminOnly, component: lazyRouteComponent(() => import('./pages/WebhooksPage.tsx'), 'WebhooksPage') });

const feedbackRoute = createRoute({ getParentRoute: () => appRoute, path: '/feedback', component: FeedbackPage });
const feedbackItemRoute = createRoute({ getParentRoute: () => appRoute, path: '/feedback/$id', component: lazyRouteComponent(() => import('./feedback/FeedbackItemPage.tsx'), 'FeedbackItemPage') });
const textSettingsRoute = createRoute({ getParentRoute: () => settingsRoute, path: '/text', component: lazyRouteComponent(() => import('./feedback/TextSettingsPage.tsx'), 'TextSettingsPage') });
const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    homeRoute,
    surveysRoute,
    newSurveyRoute,
    dashboardRoute,
    builderRoute,
    responsesRoute,
    analyticsRoute,
    marketRoute,
    monthlyReviewRoute,
    relationshipReviewRoute,
    digestsRoute,
    accountReportRoute,
    driversRoute,
    corridorViewRoute,
    accountsRoute,
    accountRoute,
    contactRoute,
    explorerRoute,
    verbatimsRoute,
    topicsRoute,
    goalsRoute,
    employeesRoute,
    accountsAnalyticsRoute,
    executiveRoute,
    myAccountsRoute,
    programmesRoute,
    newProgrammeRoute,
    programmeRoute,
    editProgrammeRoute,
    casesRoute,
    feedbackRoute,
    feedbackItemRoute,
    caseRoute,
    settingsRoute.addChildren([settingsIndexRoute, usersRoute, apiKeysRoute, touchPointsRoute, contactPolicyRoute, outboxRoute, webhooksRoute, alertRulesRoute, caseSettingsRoute, textSettingsRoute]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
