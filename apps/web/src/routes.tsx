import { lazy } from 'solid-js';
import { Navigate, type RouteDefinition } from '@solidjs/router';

/**
 * The route table. Every page is lazy-loaded (its GraphQL documents come with it), so the main
 * bundle holds only the shell. The queue stays the landing page; Today is a tab next to it.
 */
export const routes: RouteDefinition[] = [
  { path: '/', component: lazy(() => import('./pages/orders/OrderQueuePage')) },
  { path: '/orders', component: () => <Navigate href={({ location }) => `/${location.search}`} /> },
  { path: '/orders/:id', component: lazy(() => import('./pages/order/OrderDetailPage')) },
  { path: '/today', component: lazy(() => import('./pages/today/TodayPage')) },
  { path: '/stock', component: lazy(() => import('./pages/stock/StockPage')) },
  { path: '/floor', component: lazy(() => import('./pages/floor/FloorPage')) },
  { path: '/pick', component: lazy(() => import('./pages/pick/PickHomePage')) },
  { path: '/pick/:id', component: lazy(() => import('./pages/pick/PickListPage')) },
  { path: '/pack', component: lazy(() => import('./pages/pack/PackHomePage')) },
  { path: '/pack/:orderId', component: lazy(() => import('./pages/pack/PackOrderPage')) },
  { path: '/handover', component: lazy(() => import('./pages/handover/HandoverPage')) },
  { path: '/handover/:id', component: lazy(() => import('./pages/handover/HandoverPage')) },
  { path: '/ship', component: lazy(() => import('./pages/ship/ShipHomePage')) },
  { path: '/ship/:orderId', component: lazy(() => import('./pages/ship/ShipOrderPage')) },
  { path: '/settings', component: lazy(() => import('./pages/settings/SettingsPage')) },
  { path: '/sync', component: lazy(() => import('./pages/sync/SyncPage')) },
  { path: '/login', component: lazy(() => import('./pages/login/LoginPage')) },
  { path: '*404', component: lazy(() => import('./pages/NotFoundPage')) },
];
