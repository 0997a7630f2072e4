import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { staticCacheHeaders } from './http-compression.ts';

/**
 * The built PWA (apps/web/dist) as a request handler. Files are looked up on each request, not
 * listed once at start: a rebuild of dist/ while the server runs (Vite empties the folder, then
 * writes new hashed names) must not crash it with ENOENT on a vanished file. A file that is gone is
 * a 404 (or, for an app route, the new index.html shell); new files are served as they appear.
 * Hashed assets are cached for a year, the page and the service worker revalidated on every load
 * (or updates never arrive); compression happens on the fly (Vite writes no .br/.gz).
 */
export function serveWebDist(dir: string): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return sirv(dir, { dev: true, single: true, etag: true, gzip: false, setHeaders: staticCacheHeaders });
}
