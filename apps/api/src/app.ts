import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import { createYoga, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Db } from '@orderly/schema';
import { type QueryLimits, queryLimits } from './builder.ts';
import { schema } from './schema.ts';
import { enforceDefaultDeny } from './modules/auth/guard.ts';
import { CSRF_HEADER, useCsrfProtection } from './modules/auth/csrf.ts';
import { type HttpAuthOptions, requestContext, useResponseCookies } from './modules/auth/http.ts';
import { defaultMaxBodyBytes, defaultMaxUploadBytes, useBodyLimit } from './modules/common/body-limit.ts';
import { useQueryLimits } from './modules/common/query-limits.ts';
import { useHiddenSuggestions, useMalformedParamsErrors, useParseDepthErrors } from './modules/common/request-hardening.ts';
import { defaultRateLimit, isRateLimitStore, MemoryRateLimitStore, type RateLimitOptions, type RateLimitStore, useRateLimit } from './modules/common/rate-limit.ts';
import { useInputGuard } from './modules/common/input-guard.ts';
import { TrustedDocuments, type TrustedDocumentsPolicy, useTrustedDocuments } from './modules/common/trusted-documents.ts';
import { usePiiAudit } from './modules/customers/pii-audit.ts';
import { useLiveSubscriptions } from './modules/live/live-plugin.ts';
import type { JobRunner } from './modules/jobs/jobs.ts';
import { config } from './core/config.ts';
import { trackRequests, type Drainable } from './core/observability/lifecycle.ts';
import { logger, logLines, yogaLogger } from './core/observability/logger.ts';
import { collectProcessMetrics, httpResponses, serveMetrics } from './core/observability/metrics.ts';
import { createReadiness, type Readiness } from './core/observability/readiness.ts';
import { compressResponse } from './http-compression.ts';
import { serveWebDist } from './web-static.ts';
import { ozonPushPath, ozonPushRoute } from './modules/marketplaces/ozon/push.ts';
import { useRequestObservability } from './modules/observability/request-log.ts';

export interface AppOptions {
  db: Db;
  /** Folder of the built PWA to serve at `/`; skipped when absent. */
  webDist?: string;
  /** GraphiQL at /graphql in a browser (env GRAPHIQL; default on, off in production). */
  graphiql?: boolean;
  /** Schema introspection (env INTROSPECTION; default on, off in production). */
  introspection?: boolean;
  /** Operation limits (builder.ts `queryLimits`, overridable per app, e.g. in tests). */
  limits?: Partial<QueryLimits>;
  /** Per-caller cost budget (buckets in this app's memory), or a store to keep them in (shared, e.g. Redis); false turns the rate limit off. */
  rateLimit?: RateLimitOptions | RateLimitStore | false;
  maxBodyBytes?: number;
  maxUploadBytes?: number;
  /** Origins allowed to call the API from a browser (env CORS_ORIGINS, comma-separated); the same-origin PWA needs none. */
  corsOrigins?: string[];
  trustedDocuments?: TrustedDocuments;
  /** Who may send arbitrary documents (env TRUSTED_DOCUMENTS; default `enforce`: API keys and ADMINs only; `off`: every signed-in caller). */
  trustedDocumentsPolicy?: TrustedDocumentsPolicy;
  auth?: HttpAuthOptions;
  logger?: YogaLogger;
  /** The job runner, whose failing jobs /health counts (modules/jobs; counts only, never errors). */
  jobs?: Pick<JobRunner, 'kind' | 'failures'> | null;
  /** GET /metrics: on its own internal port (nothing else there, no token), else on this port behind the token; neither: off (404). */
  metrics?: { token?: string; port?: number };
  /** Redis that /ready checks (env REDIS_URL). */
  redisUrl?: string;
  /** OpenTelemetry's operation spans (core/observability/tracing.ts), when tracing is on. */
  tracing?: Plugin | null;
}

export const envAppOptions = (): Omit<AppOptions, 'db'> => ({
  graphiql: config.GRAPHIQL,
  introspection: config.INTROSPECTION,
  trustedDocumentsPolicy: config.TRUSTED_DOCUMENTS,
  corsOrigins: config.CORS_ORIGINS,
  metrics: { token: config.METRICS_TOKEN, port: config.METRICS_PORT },
  redisUrl: config.REDIS_URL,
});

export function createYogaApp(options: AppOptions) {
  const { db } = options;
  const introspection = options.introspection ?? config.INTROSPECTION;
  const graphiql = (options.graphiql ?? config.GRAPHIQL) && introspection;
  const limits = { ...queryLimits, ...options.limits };
  const rateLimit = options.rateLimit === undefined ? defaultRateLimit : options.rateLimit;
  const corsOrigins = options.corsOrigins ?? [];
  const trustedDocumentsPolicy = options.trustedDocumentsPolicy ?? config.TRUSTED_DOCUMENTS;
  return createYoga({
    // Root fields that declare no permission are ADMIN-only (modules/auth/guard.ts).
    schema: enforceDefaultDeny(schema, logLines('auth', 'warn')),
    graphqlEndpoint: '/graphql',
    graphiql,
    landingPage: false,
    context: ({ request, ...serverContext }) => requestContext(db, request, serverContext, options.auth),
    // Errors thrown by resolvers never reach the client with their stack or message (business
    // errors travel as userErrors, authorisation and limit errors as GraphQL errors with a code).
    maskedErrors: { isDev: false },
    // Parsed documents and their validation results are cached (yoga's LRU, per document text: the
    // PWA sends the same persisted documents over and over). Validation depends on the document and
    // this app's fixed rules only; everything that needs the variables or the caller (limits, cost,
    // trusted documents, input guard) runs in onExecute.
    parserAndValidationCache: true,
    // Persisted documents are named by `documentId` instead of `query` (modules/common/trusted-documents.ts).
    extraParamNames: ['documentId'],
    // Error logs name the error kind and where it happened, never messages or variables (they can hold buyer data).
    logging: options.logger ?? yogaLogger,
    cors: corsOrigins.length
      ? { origin: corsOrigins, credentials: false, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', CSRF_HEADER], maxAge: 600 }
      : false,
    plugins: [
      // First, so its clock starts when the request arrives.
      useRequestObservability(logger.child({ component: 'http' })),
      ...(options.tracing ? [options.tracing] : []),
      // Before the body is read: refuse cross-site requests riding on the session cookie.
      useCsrfProtection({ corsOrigins, trustProxy: options.auth?.trustProxy ?? config.TRUST_PROXY }),
      useMalformedParamsErrors(),
      useParseDepthErrors(),
      ...(introspection ? [] : [useHiddenSuggestions()]),
      useBodyLimit({ maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes, maxUploadBytes: options.maxUploadBytes ?? defaultMaxUploadBytes }),
      useResponseCookies(),
      useTrustedDocuments(options.trustedDocuments ?? TrustedDocuments.fromFile(), { introspection, policy: trustedDocumentsPolicy }),
      useQueryLimits({ limits, introspection }),
      ...(rateLimit ? [useRateLimit(isRateLimitStore(rateLimit) ? rateLimit : new MemoryRateLimitStore(rateLimit))] : []),
      // After the rate limit, so refused requests are still charged.
      useInputGuard(),
      usePiiAudit(),
      useLiveSubscriptions({ limits }),
    ],
  });
}

/**
 * Health probe: the process is up and the database answers. Failing jobs are reported, not fatal:
 * they need a look, not a restart of the instance.
 */
async function health(db: Db, jobs: AppOptions['jobs'], res: ServerResponse) {
  let database = 'ok';
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    database = 'unavailable';
  }
  const body: Record<string, unknown> = { status: database === 'ok' ? 'ok' : 'degraded', database };
  if (jobs) {
    const failures = database === 'ok' ? await jobs.failures().catch(() => null) : null;
    body.jobs = failures
      ? {
          runner: jobs.kind,
          retrying: failures.filter((f) => f.nextAttemptAt).length,
          failed: failures.filter((f) => !f.nextAttemptAt).length,
          failingTasks: [...new Set(failures.map((f) => f.task))],
        }
      : { runner: jobs.kind, status: 'unavailable' };
  }
  res.writeHead(database === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export interface HttpServer {
  server: Server;
  yoga: ReturnType<typeof createYogaApp>;
  /** GET /ready's state; `draining` is set by the shutdown. */
  readiness: Readiness;
  /** The requests in flight, for the shutdown to wait for. */
  requests: Drainable;
  /** GET /metrics alone, for METRICS_PORT (not listening yet); null without one. */
  metricsServer: Server | null;
}

/** One HTTP server: GraphQL at /graphql, GET /health, /ready, /metrics, and the PWA everywhere else. */
export function createHttpServer(options: AppOptions): HttpServer {
  const yoga = createYogaApp(options);
  const serveWeb = options.webDist && fs.existsSync(options.webDist) ? serveWebDist(options.webDist) : null;
  const readiness = createReadiness(options.db, options.redisUrl);
  const metricsPort = options.metrics?.port;
  const metricsToken = metricsPort ? null : (options.metrics?.token ?? null);
  if (metricsPort || metricsToken) collectProcessMetrics();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const count = (route: string) => res.once('finish', () => httpResponses.inc({ route, status: `${Math.floor(res.statusCode / 100)}xx` }));
    if (path === '/graphql' || path.startsWith('/graphql/')) {
      count('graphql');
      compressResponse(req, res);
      return void yoga(req, res);
    }
    if (path === '/health' && req.method === 'GET') return void health(options.db, options.jobs, res);
    if (path === '/ready' && req.method === 'GET') return void readiness.respond(res);
    if (path === '/metrics') {
      count('metrics');
      if (metricsToken && req.method === 'GET') return void serveMetrics(options.db, metricsToken, req, res);
      return notFound(res); // off here: on METRICS_PORT, or no METRICS_TOKEN
    }
    // Ozon's push notifications (modules/marketplaces/ozon/push.ts).
    const ozonPush = req.method === 'POST' ? ozonPushPath.exec(path) : null;
    if (ozonPush) {
      count('ozon_push');
      return void ozonPushRoute(options.db, ozonPush[1]!, req, res);
    }
    if (serveWeb) {
      compressResponse(req, res);
      return serveWeb(req, res, () => notFound(res));
    }
    notFound(res);
  });
  const requests = trackRequests(server);
  const metricsServer = metricsPort
    ? createServer((req, res) => {
        if ((req.url ?? '/').split('?')[0] === '/metrics' && req.method === 'GET') return void serveMetrics(options.db, null, req, res);
        notFound(res);
      })
    : null;
  return { server, yoga, readiness, requests, metricsServer };
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not found');
}
