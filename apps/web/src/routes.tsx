import { lazy } from 'solid-js';
import { Navigate, type RouteDefinition } from '@solidjs/router';
import { preloadQuery } from './lib/preload';
import { loadSection, type Section } from './i18n';

/** A path segment as the page reads it (the router leaves segments encoded). */
const segment = (value: string | undefined) => decodeURIComponent(value ?? '');

/** A page's chunk together with the i18n sections of its strings (a picker's handheld never loads the office's). */
const withStrings =
  <T,>(sections: Section | Section[], page: () => Promise<T>) =>
  () =>
    Promise.all([page(), ...[sections].flat().map(loadSection)]).then(([module]) => module);
const withAfterShipment = <T,>(page: () => Promise<T>) => withStrings('afterShipment', page);
const withReturns = <T,>(page: () => Promise<T>) => withStrings('returns', page);
const withReceive = <T,>(page: () => Promise<T>) => withStrings('receive', page);
const withReviews = <T,>(page: () => Promise<T>) => withStrings('reviews', page);

const statusCounts = preloadQuery(
  () => import('./pages/orders/orderQueue.graphql'),
  (m) => m.OrderStatusCountsQuery,
);
const handover = preloadQuery(
  () => import('./pages/handover/handover.graphql'),
  (m) => m.HandoverQuery,
);

/**
 * The route table. Every page is lazy-loaded (its GraphQL documents come with it), so the main
 * bundle holds only the shell; `preload` starts a page's main query together with its chunk. The
 * queue stays the landing page; Today is a tab next to it. Routes render once there may be a
 * session (components/SessionGate), but for the `public` ones.
 */
export const routes: RouteDefinition[] = [
  { path: '/', component: lazy(withAfterShipment(() => import('./pages/orders/OrderQueuePage'))), preload: statusCounts },
  { path: '/orders', component: () => <Navigate href={({ location }) => `/${location.search}`} /> },
  {
    path: '/orders/:id',
    component: lazy(withAfterShipment(() => import('./pages/order/OrderDetailPage'))),
    preload: preloadQuery(
      () => import('./pages/order/orderDetail.graphql'),
      (m) => m.OrderDetailQuery,
      ({ params }) => ({ id: segment(params.id) }),
    ),
  },
  { path: '/today', component: lazy(withStrings('office', () => import('./pages/today/TodayPage'))) },
  { path: '/stock', component: lazy(() => import('./pages/stock/StockPage')) },
  { path: '/floor', component: lazy(() => import('./pages/floor/FloorPage')), preload: statusCounts },
  { path: '/pick', component: lazy(() => import('./pages/pick/PickHomePage')), preload: statusCounts },
  {
    path: '/pick/:id',
    component: lazy(() => import('./pages/pick/PickListPage')),
    preload: preloadQuery(
      () => import('./pages/pick/pick.graphql'),
      (m) => m.PickListQuery,
      ({ params }) => ({ id: segment(params.id) }),
    ),
  },
  { path: '/pack', component: lazy(() => import('./pages/pack/PackHomePage')) },
  {
    path: '/pack/:orderId',
    component: lazy(withAfterShipment(() => import('./pages/pack/PackOrderPage'))),
    preload: preloadQuery(
      () => import('./pages/pack/pack.graphql'),
      (m) => m.PackOrderQuery,
      ({ params }) => ({ id: segment(params.orderId) }),
    ),
  },
  // Two routes (not one with two paths): opening an act starts the page afresh.
  { path: '/handover', component: lazy(() => import('./pages/handover/HandoverPage')), preload: handover },
  { path: '/handover/:id', component: lazy(() => import('./pages/handover/HandoverPage')), preload: handover },
  { path: '/ship', component: lazy(() => import('./pages/ship/ShipHomePage')) },
  {
    path: '/ship/:orderId',
    component: lazy(() => import('./pages/ship/ShipOrderPage')),
    preload: preloadQuery(
      () => import('./pages/ship/ship.graphql'),
      (m) => m.ShipOrderQuery,
      ({ params }) => ({ id: segment(params.orderId) }),
    ),
  },
  { path: '/consolidate', component: lazy(withAfterShipment(() => import('./pages/consolidate/ConsolidatePage'))) },
  { path: '/settings', component: lazy(withStrings('office', () => import('./pages/settings/SettingsPage'))) },
  { path: '/problems', component: lazy(withAfterShipment(() => import('./pages/problems/ProblemsPage'))) },
  {
    path: '/problems/:id',
    component: lazy(withAfterShipment(() => import('./pages/problems/ExceptionDetailPage'))),
    preload: preloadQuery(
      () => import('./pages/problems/exception.graphql'),
      (m) => m.ExceptionDetailQuery,
      ({ params }) => ({ id: segment(params.id) }),
    ),
  },
  { path: '/returns', component: lazy(withReturns(() => import('./pages/returns/ReturnsPage'))) },
  {
    path: '/returns/:id',
    component: lazy(withReturns(() => import('./pages/returns/ReturnDetailPage'))),
    preload: preloadQuery(
      () => import('./pages/returns/returns.graphql'),
      (m) => m.ReturnDetailQuery,
      ({ params }) => ({ id: segment(params.id) }),
    ),
  },
  { path: '/receive', component: lazy(withReceive(() => import('./pages/receive/ReceivePage'))) },
  {
    path: '/receive/:id',
    component: lazy(withReceive(() => import('./pages/receive/ReceiveOrderPage'))),
    preload: preloadQuery(
      () => import('./pages/receive/receive.graphql'),
      (m) => m.ReceivePurchaseOrderQuery,
      ({ params }) => ({ id: segment(params.id) }),
    ),
  },
  { path: '/reviews', component: lazy(withReviews(() => import('./pages/reviews/ReviewsPage'))) },
  {
    path: '/reviews/:id',
    component: lazy(withReviews(() => import('./pages/reviews/ReviewDetailPage'))),
    preload: preloadQuery(
      () => import('./pages/reviews/reviews.graphql'),
      (m) => m.ReviewDetailQuery,
      ({ params }) => ({ id: segment(params.id) }),
    ),
  },
  { path: '/more', component: lazy(() => import('./pages/more/MorePage')) },
  // Managers only (the page guards it); its charts come with its chunk, never the floor's first download.
  { path: '/dashboard', component: lazy(withStrings(['dashboard', 'returns'], () => import('./pages/dashboard/DashboardPage'))) },
  // Waiting changes are named with the strings of the screens they came from (consolidation, returns…).
  { path: '/sync', component: lazy(withStrings(['afterShipment', 'returns', 'receive', 'reviews'], () => import('./pages/sync/SyncPage'))), info: { public: true } },
  { path: '/login', component: lazy(() => import('./pages/login/LoginPage')), info: { public: true } },
  { path: '*404', component: lazy(() => import('./pages/NotFoundPage')), info: { public: true } },
];
