// Our client of Ozon's Seller API (the few FBS calls the connector makes; no SDK). Every call is a
// POST with a JSON body and the Client-Id / Api-Key headers. Calls of one account share a limiter
// (OZON_REQUESTS_PER_SECOND, Ozon allows about 50/s per Client-Id); 429, 5xx, timeouts and network
// failures are retried with exponential backoff and full jitter; what is still failing is thrown as
// a typed error carrying Ozon's error code and message (never the Api-Key, never the body we sent).
import { config } from '../../../core/config.ts';

/** Ozon answered with an error status. `code`/`message` are Ozon's error body ({ code, message, details }). */
export class OzonApiError extends Error {
  constructor(
    readonly method: string,
    readonly status: number,
    readonly code: number | string | null,
    readonly ozonMessage: string,
  ) {
    super(`Ozon ${method} answered ${status}${code !== null ? ` (code ${code})` : ''}: ${ozonMessage.slice(0, 200)}`);
    this.name = 'OzonApiError';
  }
  /** Worth trying again later: rate limited or Ozon's side failed. */
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
}

/** No answer in time, or the connection failed. */
export class OzonUnavailableError extends Error {
  constructor(
    readonly method: string,
    readonly reason: 'timeout' | 'network',
  ) {
    super(`Ozon ${method}: ${reason === 'timeout' ? 'no answer in time' : 'connection failed'}`);
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
}

/** One limiter per Client-Id in this process: calls are spaced 1/rps apart. */
const limiters = new Map<string, { next: number }>();

async function takeSlot(key: string, rps: number, sleep: (ms: number) => Promise<void>) {
  const limiter = limiters.get(key) ?? { next: 0 };
  limiters.set(key, limiter);
  const now = Date.now();
  const at = Math.max(now, limiter.next);
  limiter.next = at + 1000 / rps;
  if (at > now) await sleep(at - now);
}

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
  delivery_method?: { warehouse_id?: number; warehouse?: string; name?: string } | null;
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
  /** Asked for with `with.analytics_data`: the delivery interval promised to the buyer. */
  analytics_data?: { delivery_date_begin?: string | null; delivery_date_end?: string | null } | null;
}

/** What the posting calls add: the analytics (delivery interval), nothing financial. */
const postingWith = { analytics_data: true, financial_data: false, barcodes: false };

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
  }

  /** One call with the limiter and retries. */
  async call<T>(method: string, body: Record<string, unknown>): Promise<T> {
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        return await this.once<T>(method, body);
      } catch (error) {
        const retryable = (error instanceof OzonApiError || error instanceof OzonUnavailableError) && error.retryable;
        if (!retryable || attempt >= this.attempts) throw error;
        // Full jitter: anywhere between 0 and the exponential step, so retrying clients spread out.
        const step = Math.min(this.cap, this.base * 2 ** (attempt - 1));
        await this.sleep(Math.random() * step);
      }
    }
  }

  private async once<T>(method: string, body: Record<string, unknown>): Promise<T> {
    await takeSlot(`${this.credentials.baseUrl}|${this.credentials.clientId}`, this.rps, this.sleep);
    let res: Response;
    try {
      res = await fetch(new URL(method, this.credentials.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Client-Id': this.credentials.clientId, 'Api-Key': this.credentials.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new OzonUnavailableError(method, (error as Error).name === 'TimeoutError' ? 'timeout' : 'network');
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
      throw new OzonApiError(method, res.status, e.code ?? null, typeof e.message === 'string' ? e.message : res.statusText);
    }
    if (json === null || typeof json !== 'object') throw new OzonUnexpectedAnswerError(method);
    return json as T;
  }

  async getPosting(postingNumber: string): Promise<OzonPosting> {
    const answer = await this.call<{ result?: unknown }>('/v3/posting/fbs/get', {
      posting_number: postingNumber,
      with: postingWith,
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
