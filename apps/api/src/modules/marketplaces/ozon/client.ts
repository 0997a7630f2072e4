// Our client of Ozon's Seller API (the few FBS calls the connector makes; no SDK). Every call is a
// POST with a JSON body and the Client-Id / Api-Key headers. Calls of one account share a limiter
// (OZON_REQUESTS_PER_SECOND, Ozon allows about 50/s per Client-Id) across every API instance
// (rate-limiter.ts, on PostgreSQL), and a circuit breaker per method (breaker.ts): a method Ozon
// blocked ("Circle is open") is not called again until the block ends, and the caller gets
// OzonMethodBlockedError at once. 429, 5xx, timeouts and network failures are retried with
// exponential backoff and full jitter — for calls that are not idempotent (act/create…) only when
// Ozon surely did not act on the request (429, connection refused). What is still failing is thrown
// as a typed error carrying Ozon's error code and message (never the Api-Key, never the body we sent).
import { config } from '../../../core/config.ts';
import { blockKindOf, MemoryBreaker, type OzonBreaker } from './breaker.ts';
import { memoryRateLimiter, type OzonRateLimiter } from './rate-limiter.ts';

/** Ozon answered with an error status. `code`/`message` are Ozon's error body ({ code, message, details }). */
export class OzonApiError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly code: number | string | null,
    readonly ozonMessage: string,
    /** Ozon's Retry-After (ms), when it sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Ozon ${method} answered ${status}${code !== null ? ` (code ${code})` : ''}: ${ozonMessage.slice(0, 200)}`);
    this.name = 'OzonApiError';
  }
  /** Worth trying again later: rate limited or Ozon's side failed. */
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
}

/**
 * Ozon blocks the method for the account for a while ("Circle is open"), or did until `until`: no
 * call was made, or the one made was refused. Not retried by the client: the job puts itself off
 * until `until` (rescheduleWhileBlocked) instead of spending its attempts.
 */
export class OzonMethodBlockedError extends OzonApiError {
  constructor(
    method: string,
    readonly until: Date,
    ozonMessage: string,
  ) {
    super(method, 429, null, ozonMessage);
    this.name = 'OzonMethodBlockedError';
    this.message = `Ozon ${method} is blocked for this account until ${until.toISOString()}: ${ozonMessage.slice(0, 200)}`;
  }
  override get retryable() {
    return false;
  }
}

/** No answer in time, or the connection failed. */
export class OzonUnavailableError extends Error {
  constructor(
    readonly method: string,
    readonly reason: 'timeout' | 'network' | 'refused',
  ) {
    super(`Ozon ${method}: ${reason === 'timeout' ? 'no answer in time' : reason === 'refused' ? 'connection refused' : 'connection failed'}`);
    this.name = 'OzonUnavailableError';
  }
  readonly retryable = true;
}

/** Ozon answered 200 with something we cannot read. */
export class OzonUnexpectedAnswerError extends Error {
  constructor(readonly method: string) {
    super(`Ozon ${method}: unexpected answer`);
    this.name = 'OzonUnexpectedAnswerError';
  }
}

export interface OzonCredentials {
  baseUrl: string;
  clientId: string;
  apiKey: string;
}

export interface OzonClientOptions {
  requestsPerSecond?: number;
  timeoutMs?: number;
  /** Attempts per call, the first included (default 5). */
  attempts?: number;
  /** Backoff base and cap (ms). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The account's limiter (default: this process only; clientFor gives the database's, shared by every instance). */
  limiter?: OzonRateLimiter;
  /** The account's per-method breaker (default: this process only; clientFor gives the database's). */
  breaker?: OzonBreaker;
  /** The breaker's clock (tests). */
  now?: () => Date;
}

export interface OzonCallOptions {
  /**
   * False for calls that must not happen twice (act/create): retried only when Ozon surely did not
   * act on the request (429, connection refused) — never after a timeout or a 5xx, whose request
   * may have been carried out; the caller finds out what happened instead.
   */
  idempotent?: boolean;
}

/** Failures after which Ozon surely did not act on the request. */
/** Ozon surely did not act on the request: rate limited (429) or the connection was refused. */
export const notCarriedOut = (error: unknown) =>
  (error instanceof OzonApiError && error.status === 429) || (error instanceof OzonUnavailableError && error.reason === 'refused');

const retryAfterOf = (header: string | null) => {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
};

/** Breakers of clients given none (per Client-Id, this process). */
const memoryBreakers = new Map<string, MemoryBreaker>();

const parseJson = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ─── Ozon's shapes (the fields we read) ─────────────────────────────────────────────────────────
// Checked against Ozon's swagger (mirrored in salacoste/ozon-daytona-seller-api,
// ozon-swagger-docs/swagger.json): v3 posting get/list/unfulfilled list, v4 ship.

export interface OzonPostingProduct {
  sku: number;
  offer_id: string;
  name?: string;
  quantity: number;
  price?: string;
  currency_code?: string;
}

/** SKU lists (Ozon SKUs as strings) of what Ozon wants before it takes the posting. */
export interface OzonRequirements {
  /** "Честный ЗНАК" marking codes, one per unit. */
  products_requiring_mandatory_mark?: string[] | null;
  /** Customs declaration (ГТД) numbers. */
  products_requiring_gtd?: string[] | null;
  /** Country of origin to give… */
  products_requiring_country?: string[] | null;
  /** …or to change. */
  products_requiring_change_country?: string[] | null;
  /** Product batch registration numbers (РНПТ). */
  products_requiring_rnpt?: string[] | null;
  /** Jewellery identification numbers (УИН). */
  products_requiring_jw_uin?: string[] | null;
}

/** rFBS only: the buyer and where the seller delivers (phones always come as ""). */
export interface OzonCustomer {
  customer_id?: number;
  name?: string;
  phone?: string;
  address?: {
    address_tail?: string;
    city?: string;
    region?: string;
    district?: string;
    country?: string;
    zip_code?: string;
    comment?: string;
    pvz_code?: number;
  } | null;
}

export interface OzonPosting {
  posting_number: string;
  order_number?: string;
  status: string;
  substatus?: string;
  in_process_at?: string | null;
  shipment_date?: string | null;
  delivering_date?: string | null;
  delivery_method?: { id?: number; warehouse_id?: number; warehouse?: string; name?: string } | null;
  products: OzonPostingProduct[];
  cancellation?: {
    cancel_reason_id?: number;
    cancel_reason?: string;
    cancellation_initiator?: string;
    cancellation_type?: string;
    cancelled_after_ship?: boolean;
  } | null;
  requirements?: OzonRequirements | null;
  available_actions?: string[] | null;
  parent_posting_number?: string;
  /** `ozon` (FBS, Ozon delivers) or a third-party / seller delivery (rFBS: aggregator, 3pl_tracking, non_integrated). */
  tpl_integration_type?: string;
  customer?: OzonCustomer | null;
  /** Asked for with `with.related_postings`: the postings this one was split into when packed. */
  related_postings?: { related_posting_numbers?: string[] | null } | null;
  /** Asked for with `with.analytics_data`: the delivery interval promised to the buyer. */
  analytics_data?: { delivery_date_begin?: string | null; delivery_date_end?: string | null } | null;
  /** Asked for with `with.financial_data`: per product (product_id = Ozon SKU) the price before Ozon's discounts. */
  financial_data?: { products?: { product_id?: number; old_price?: number | string | null }[] | null } | null;
}

/** What the posting calls add: the analytics (delivery interval) and the prices before discounts (financial data). */
const postingWith = { analytics_data: true, financial_data: true, barcodes: false };

const isPosting = (value: unknown): value is OzonPosting => {
  const p = value as OzonPosting;
  return !!p && typeof p.posting_number === 'string' && typeof p.status === 'string' && Array.isArray(p.products);
};

export class OzonClient {
  private readonly rps: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly base: number;
  private readonly cap: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly limiter: OzonRateLimiter;
  private readonly breaker: OzonBreaker;

  constructor(
    private readonly credentials: OzonCredentials,
    options: OzonClientOptions = {},
  ) {
    this.rps = options.requestsPerSecond ?? config.OZON_REQUESTS_PER_SECOND;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.attempts = options.attempts ?? 5;
    this.base = options.backoffBaseMs ?? 500;
    this.cap = options.backoffCapMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.limiter = options.limiter ?? memoryRateLimiter;
    const key = `${credentials.baseUrl}|${credentials.clientId}`;
    if (!options.breaker && !memoryBreakers.has(key)) memoryBreakers.set(key, new MemoryBreaker(options.now));
    this.breaker = options.breaker ?? memoryBreakers.get(key)!;
  }

  /** One call with the breaker, the limiter and retries. */
  async call<T>(method: string, body: Record<string, unknown>, options: OzonCallOptions = {}): Promise<T> {
    const idempotent = options.idempotent ?? true;
    let attempt = 0;
    for (;;) {
      attempt++;
      const check = await this.breaker.check(method);
      if (check.blockedUntil) throw new OzonMethodBlockedError(method, check.blockedUntil, check.message);
      try {
        const answer = await this.once<T>(method, body);
        if (check.probe) await this.breaker.close(method);
        return answer;
      } catch (error) {
        const block = error instanceof OzonApiError ? blockKindOf(error.status, error.ozonMessage) : null;
        if (block) {
          const e = error as OzonApiError;
          const until = await this.breaker.open(method, block, e.ozonMessage, e.retryAfterMs);
          throw new OzonMethodBlockedError(method, until, e.ozonMessage);
        }
        if (check.probe) {
          // Ozon answered the probe (a refusal of this request is still an answer): the method works.
          if (error instanceof OzonApiError && !error.retryable) await this.breaker.close(method);
          else await this.breaker.release(method);
        }
        const retryable = (error instanceof OzonApiError || error instanceof OzonUnavailableError) && error.retryable;
        if (!retryable || attempt >= this.attempts || (!idempotent && !notCarriedOut(error))) throw error;
        // Full jitter: anywhere between 0 and the exponential step, so retrying clients spread out.
        const step = Math.min(this.cap, this.base * 2 ** (attempt - 1));
        await this.sleep(Math.random() * step);
      }
    }
  }

  private async once<T>(method: string, body: Record<string, unknown>): Promise<T> {
    await this.limiter.take(`ozon:${this.credentials.clientId}`, this.rps, this.sleep);
    let res: Response;
    try {
      res = await fetch(new URL(method, this.credentials.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Client-Id': this.credentials.clientId, 'Api-Key': this.credentials.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const refused = (error as { cause?: { code?: unknown } }).cause?.code === 'ECONNREFUSED';
      throw new OzonUnavailableError(method, (error as Error).name === 'TimeoutError' ? 'timeout' : refused ? 'refused' : 'network');
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new OzonUnavailableError(method, (error as Error).name === 'TimeoutError' ? 'timeout' : 'network');
    }
    const json = parseJson(text);
    if (!res.ok) {
      const e = (json ?? {}) as { code?: number | string; message?: string };
      throw new OzonApiError(
        method,
        res.status,
        e.code ?? null,
        typeof e.message === 'string' ? e.message : res.statusText,
        res.status === 429 ? retryAfterOf(res.headers.get('retry-after')) : null,
      );
    }
    if (json === null || typeof json !== 'object') throw new OzonUnexpectedAnswerError(method);
    return json as T;
  }

  /** One posting; `related` adds the postings it was split into (related_postings). */
  async getPosting(postingNumber: string, options: { related?: boolean } = {}): Promise<OzonPosting> {
    const answer = await this.call<{ result?: unknown }>('/v3/posting/fbs/get', {
      posting_number: postingNumber,
      with: options.related ? { ...postingWith, related_postings: true } : postingWith,
    });
    if (!isPosting(answer.result)) throw new OzonUnexpectedAnswerError('/v3/posting/fbs/get');
    return answer.result;
  }

  /** Open postings whose cut-off is in [from, to], every page. */
  async *unfulfilled(from: Date, to: Date, pageSize = 1000): AsyncGenerator<OzonPosting[]> {
    for (let offset = 0; ; offset += pageSize) {
      const answer = await this.call<{ result?: { postings?: unknown[]; count?: number } }>('/v3/posting/fbs/unfulfilled/list', {
        dir: 'asc',
        filter: { cutoff_from: from.toISOString(), cutoff_to: to.toISOString() },
        limit: pageSize,
        offset,
        with: postingWith,
      });
      const postings = answer.result?.postings;
      if (!Array.isArray(postings) || !postings.every(isPosting)) throw new OzonUnexpectedAnswerError('/v3/posting/fbs/unfulfilled/list');
      if (postings.length) yield postings;
      if (postings.length < pageSize || offset + pageSize >= (answer.result?.count ?? 0)) return;
    }
  }

  /**
   * Postings whose status changed in [changedFrom, changedTo] (created within the year before
   * changedTo: Ozon's since/to range is at most a year), every page.
   */
  async *changedSince(changedFrom: Date, changedTo: Date, pageSize = 1000): AsyncGenerator<OzonPosting[]> {
    const since = new Date(changedTo.getTime() - 365 * 86_400_000);
    for (let offset = 0; ; offset += pageSize) {
      const answer = await this.call<{ result?: { postings?: unknown[]; has_next?: boolean } }>('/v3/posting/fbs/list', {
        dir: 'asc',
        filter: { since: since.toISOString(), to: changedTo.toISOString(), last_changed_status_date: { from: changedFrom.toISOString(), to: changedTo.toISOString() } },
        limit: pageSize,
        offset,
        with: postingWith,
      });
      const postings = answer.result?.postings;
      if (!Array.isArray(postings) || !postings.every(isPosting)) throw new OzonUnexpectedAnswerError('/v3/posting/fbs/list');
      if (postings.length) yield postings;
      if (!answer.result?.has_next) return;
    }
  }
}
