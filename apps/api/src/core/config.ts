// The one place the API reads its environment. Each variable is declared once below (name =
// environment variable, with its default); `loadConfig` validates them all with zod, so a wrong
// value stops the process at boot naming the variable. README's "Configuration" table must list
// the same variables and defaults (config.test.ts checks). To add a variable: add one line to
// `variables` with a helper below, document it in the README table, read it as `config.NAME`.
// packages/schema reads DATABASE_URL and the test-only variables itself (it cannot import the API).
import { z } from 'zod';

/** An empty value means "unset" (`FOO= cmd` in a shell), so the default applies. */
const unset = (value: unknown) => (value === '' ? undefined : value);

const int = (fallback: number, min = 1) => z.preprocess(unset, z.coerce.number().int().min(min).default(fallback));
const number = (fallback: number, min?: number) => z.preprocess(unset, (min === undefined ? z.coerce.number().positive() : z.coerce.number().min(min)).default(fallback));
const text = (fallback: string) => z.preprocess(unset, z.string().default(fallback));
const optional = () => z.preprocess(unset, z.string().optional());
const list = (fallback = '') =>
  z.preprocess(
    unset,
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
  );
/** Reads "9100-9109,6101" (single ports and inclusive ranges, 1–65535) as [from, to] pairs; null if malformed. */
export function parsePortRanges(text: string): Array<[number, number]> | null {
  const ranges: Array<[number, number]> = [];
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!match) return null;
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    if (from < 1 || to > 65535 || from > to) return null;
    ranges.push([from, to]);
  }
  return ranges.length ? ranges : null;
}
const portRanges = (fallback: string) =>
  z.preprocess(
    unset,
    z
      .string()
      .default(fallback)
      .refine((v) => parsePortRanges(v) !== null, 'expected ports and from-to ranges within 1–65535, e.g. 9100-9109,6101'),
  );
const flagWords: Record<string, boolean> = { on: true, true: true, yes: true, 1: true, off: false, false: false, no: false, 0: false };
const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value !== '' ? (flagWords[value.trim().toLowerCase()] ?? value) : undefined),
    z.boolean({ error: 'expected on or off' }).default(fallback),
  );

function variables(production: boolean, test = false) {
  return {
    NODE_ENV: text('development'),
    PORT: int(4000),
    ORDERLY_DEMO_DATA: flag(!production),
    ORDERLY_ADMIN_EMAIL: optional(),
    ORDERLY_ADMIN_PASSWORD: optional(),
    GRAPHIQL: flag(!production),
    INTROSPECTION: flag(!production),
    TRUSTED_DOCUMENTS: z.preprocess(
      (v) => (typeof v === 'string' ? (v.trim().toLowerCase() === 'on' ? 'enforce' : unset(v.trim().toLowerCase())) : v),
      z.enum(['enforce', 'off']).default('enforce'),
    ),
    CORS_ORIGINS: list(),
    SESSION_TTL_HOURS: number(12),
    LOGIN_FREE_ATTEMPTS: int(5),
    LOGIN_LOCK_BASE_SECONDS: number(30),
    LOGIN_LOCK_MAX_MINUTES: number(60),
    PASSWORD_SCRYPT_LOG_N: int(15, 10),
    PII_RETENTION_DAYS: int(90),
    PII_RETENTION_JOB: flag(true),
    /** Customers: spend (minor units) from which a buyer is HIGH_VALUE; 0 = the top tenth of buyers by spend. */
    CUSTOMER_HIGH_VALUE_MIN_SPENT: int(0, 0),
    JOBS_WORKER: flag(true),
    OUTBOX_RETENTION_DAYS: int(30),
    NOTIFY_TIMEOUT_SECONDS: number(10),
    GRAPHQL_MAX_DEPTH: int(12),
    GRAPHQL_MAX_BREADTH: int(300),
    GRAPHQL_MAX_COMPLEXITY: int(5000),
    GRAPHQL_MAX_ALIASES: int(30),
    GRAPHQL_MAX_TOKENS: int(5000),
    GRAPHQL_MAX_PAGE_SIZE: int(100),
    RATE_LIMIT_CAPACITY: number(10_000),
    RATE_LIMIT_RESTORE_PER_SECOND: number(500),
    MAX_BODY_BYTES: int(1_048_576),
    MAX_UPLOAD_BYTES: int(20_971_520),
    TRUST_PROXY: flag(false),
    WEB_DIST: text('apps/web/dist'),
    UPLOADS_DIR: text('.data/uploads'),
    DEFAULT_HANDLING_HOURS: number(48),
    IDEMPOTENCY_TTL_HOURS: number(48, 24),
    LATE_RISK_HOURS: number(6),
    REDIS_URL: optional(),
    REDIS_CHANNEL_PREFIX: text('orderly:'),
    LIVE_QUEUE_COALESCE_MS: int(500, 0),
    LIVE_MAX_STREAMS_PER_CALLER: int(20),
    LIVE_REAUTH_SECONDS: number(60),
    WEBHOOK_DISPATCHER: flag(true),
    // Printers are sent raw bytes (modules/printing): in production only printer ports, so a
    // printer record cannot be aimed at a database, cache or mail server on the network.
    PRINTER_PORTS: portRanges(production ? '9100-9109,6101' : '1-65535'),
    WEBHOOK_ALLOW_PRIVATE: flag(!production),
    WEBHOOK_ALLOWED_HOSTS: list(),
    WEBHOOK_REQUIRE_HTTPS: flag(production),
    WEBHOOK_TIMEOUT_SECONDS: number(10),
    WEBHOOK_RETRY_SCHEDULE: text('1m,5m,30m,2h,6h,12h,24h'),
    WEBHOOK_CONCURRENCY: int(32),
    WEBHOOK_CONCURRENCY_PER_SUBSCRIPTION: int(4),
    WEBHOOK_MAX_SUBSCRIPTIONS_PER_KEY: int(10),
    WEBHOOK_LOG_RETENTION_DAYS: int(30),
    // After shipment (modules/tracking, modules/delivery, modules/notifications/smtp-provider.ts).
    RETURN_WINDOW_DAYS: int(14, 0),
    RETURN_WINDOW_DAYS_BY_CHANNEL: list().refine((pairs) => pairs.every((p) => /^[a-z0-9_-]{1,32}=\d{1,4}$/.test(p)), 'expected channel=days pairs, e.g. ozon=7,wb=21'),
    // Return reasons a channel accepts (modules/returns), `channel=REASON|REASON` pairs; channels not listed accept every reason.
    RETURN_REASONS_BY_CHANNEL: list().refine(
      (pairs) => pairs.every((p) => /^[a-z0-9_-]{1,32}=[A-Z_]+(\|[A-Z_]+)*$/.test(p)),
      'expected channel=REASON|REASON pairs, e.g. ozon=DEFECTIVE|WRONG_ITEM',
    ),
    // An approved return whose parcel has not arrived this many days after approval is overdue (the `returns(overdue:)` filter).
    RETURN_TRANSIT_OVERDUE_DAYS: int(14),
    TRACKING_POLLER: flag(true),
    TRACKING_FAKE_PROVIDER: flag(!production),
    // Delivery-exception deadlines (modules/exceptions/deadlines.ts).
    CLAIM_DEADLINE_DAYS: int(30),
    CLAIM_DEADLINE_DAYS_BY_CARRIER: list().refine(
      (pairs) => pairs.every((p) => /^[A-Za-z0-9_-]{1,64}=\d{1,4}$/.test(p)),
      'expected carrier=days pairs, e.g. cdek=14,russian-post=180',
    ),
    DISPUTE_WINDOW_HOURS_BY_CHANNEL: list('ozon=48').refine(
      (pairs) => pairs.every((p) => /^[a-z0-9_-]{1,32}=\d{1,5}$/.test(p)),
      'expected channel=hours pairs, e.g. ozon=48',
    ),
    EXCEPTION_DEADLINE_WARNING_HOURS: number(24),
    SMTP_HOST: optional(),
    SMTP_PORT: int(587),
    SMTP_SECURE: flag(false),
    SMTP_USER: optional(),
    SMTP_PASSWORD: optional(),
    SMTP_FROM: text('Orderly <no-reply@orderly.local>'),
    // Delivery exceptions opened on the clock (modules/exceptions/auto-open.ts) and pickup-point reminders (modules/delivery/pickup-reminders.ts).
    EXCEPTION_STALE_TRACKING_DAYS: int(5),
    EXCEPTION_STALE_TRACKING_DAYS_BY_CARRIER: list().refine(
      (pairs) => pairs.every((p) => /^[a-z0-9_-]{1,32}=\d{1,4}$/.test(p)),
      'expected carrier=days pairs, e.g. cdek=7,post=10',
    ),
    EXCEPTION_OVERDUE_DAYS: int(2, 0),
    PICKUP_REMINDER_DAYS: int(3),
    PICKUP_UNCOLLECTED_DAYS: int(7),
    // Secrets at rest (core/secret-box.ts) and the Ozon connector (modules/marketplaces/ozon).
    ORDERLY_SECRET_KEY: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .refine((v) => /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, 'base64').length === 32, 'expected 32 bytes as 64 hex digits or base64')
        .optional(),
    ),
    OZON_POLLER: flag(true),
    OZON_REQUESTS_PER_SECOND: int(50),
    // Cross-border and cut-off warnings (modules/consolidation).
    DOMESTIC_PARCEL_OVERDUE_DAYS: int(7),
    CUTOFF_WARNING_HOURS: number(4),
    BASE_CURRENCY: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() ? v.trim().toUpperCase() : undefined),
      z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as RUB')
        .default('RUB'),
    ),
    // Running it for real (core/observability, docs/production.md).
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === 'string' ? unset(v.trim().toLowerCase()) : v),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default(test ? 'silent' : 'info'),
    ),
    METRICS_TOKEN: z.preprocess(unset, z.string().trim().min(16, 'expected at least 16 characters').optional()),
    METRICS_PORT: z.preprocess(unset, z.coerce.number().int().min(1).max(65535).optional()),
    // On SIGTERM: serve on with /ready at 503 this long, so the load balancer takes the instance out first (main.ts).
    SHUTDOWN_DRAIN_SECONDS: number(production ? 10 : 0, 0),
    SHUTDOWN_TIMEOUT_SECONDS: number(25),
    MIGRATE_ON_BOOT: z.preprocess(
      (v) => (typeof v === 'string' ? unset(v.trim().toLowerCase()) : v),
      z.enum(['on', 'off', 'only'], { error: 'expected on, off or only' }).default('on'),
    ),
    // OpenTelemetry traces (core/observability/tracing.ts): off, and nothing of it loaded, without an endpoint.
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(unset, z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://otel-collector:4318' }).optional()),
    OTEL_SERVICE_NAME: text('orderly-api'),
  };
}

/** Every variable the API reads (README's table documents each). */
export const configVariables = Object.keys(variables(false)).filter((name) => name !== 'NODE_ENV');

export type Config = z.output<z.ZodObject<ReturnType<typeof variables>>>;

/** Thrown for a wrong value; the message names every variable at fault. */
export class ConfigError extends Error {}

/** Parses `env` (production defaults when NODE_ENV=production); throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = z.object(variables(env.NODE_ENV === 'production', env.NODE_ENV === 'test')).safeParse(env);
  if (result.success) {
    // METRICS_PORT is the internal one: the public PORT would publish the metrics to everyone.
    if (result.data.METRICS_PORT !== undefined && result.data.METRICS_PORT === result.data.PORT) {
      throw new ConfigError(`Invalid configuration:\n  METRICS_PORT=${JSON.stringify(env.METRICS_PORT)}: must differ from PORT`);
    }
    return result.data;
  }
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** The process's configuration, parsed once when first imported (so at boot). */
export const config: Config = loadConfig();

/** One variable read now rather than at boot, for the few settings tests change while running. */
export const configNow = <K extends keyof Config>(name: K): Config[K] => loadConfig({ NODE_ENV: process.env.NODE_ENV, [name]: process.env[name] })[name];
