import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import { createYoga } from 'graphql-yoga';
import sirv from 'sirv';
import type { Db } from '@orderly/schema';
import { createContext } from './context.ts';
import { schema } from './schema.ts';

export interface AppOptions {
  db: Db;
  /** Folder of the built PWA to serve at `/`; skipped when absent. */
  webDist?: string;
  graphiql?: boolean;
}

export function createYogaApp({ db, graphiql = true }: AppOptions) {
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql,
    landingPage: false,
    context: () => createContext(db),
    // Errors thrown by resolvers never reach the client with their stack or message
    // (business errors travel as userErrors in payloads instead).
    maskedErrors: true,
    logging: process.env.NODE_ENV === 'test' ? false : 'info',
  });
}

/** Health probe: the process is up and the database answers. */
async function health(db: Db, res: ServerResponse) {
  let database = 'ok';
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    database = 'unavailable';
  }
  res.writeHead(database === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: database === 'ok' ? 'ok' : 'degraded', database }));
}

/** One HTTP server: GraphQL at /graphql, GET /health, and the PWA everywhere else. */
export function createHttpServer(options: AppOptions): { server: Server; yoga: ReturnType<typeof createYogaApp> } {
  const yoga = createYogaApp(options);
  const serveWeb =
    options.webDist && fs.existsSync(options.webDist)
      ? sirv(options.webDist, { single: true, etag: true, gzip: false, setHeaders: noCacheForServiceWorker })
      : null;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/graphql' || path.startsWith('/graphql/')) return void yoga(req, res);
    if (path === '/health' && req.method === 'GET') return void health(options.db, res);
    if (serveWeb) return serveWeb(req, res, () => notFound(res));
    notFound(res);
  });
  return { server, yoga };
}

function noCacheForServiceWorker(res: ServerResponse, pathname: string) {
  // The service worker and the page must be re-checked on every load or updates never arrive.
  if (pathname === '/sw.js' || pathname === '/index.html' || pathname === '/') res.setHeader('cache-control', 'no-cache');
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not found');
}
