import { lazy } from 'solid-js';
import { Navigate, type RouteDefinition } from '@solidjs/router';

/**
 * The route table. Every page is lazy-loaded, so the main bundle holds only the shell.
 * Add pages here (e.g. '/orders/:id', '/pick', '/scan' with zxing-wasm loaded inside that page).
 */
export const routes: RouteDefinition[] = [
  { path: '/', component: lazy(() => import('./pages/orders/OrderQueuePage')) },
  { path: '/orders', component: () => <Navigate href={({ location }) => `/${location.search}`} /> },
  { path: '*404', component: lazy(() => import('./pages/NotFoundPage')) },
];
