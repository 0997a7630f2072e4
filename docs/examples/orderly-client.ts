// A small Orderly client to copy into a connector (Node 20+, no dependencies): typed operations,
// retries that reuse the idempotency key, paging a connection, userErrors as typed failures, and the
// webhook signature check. test/integrator/docs-examples.test.ts runs it against a real server and
// validates every operation here against packages/schema/schema.graphql (the published SDL: generate
// the types with your GraphQL code generator of choice; they are written out here to stay short).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** A GraphQL document with the types of its answer and variables. */
export interface Operation<Data, Variables> {
  query: string;
  /** Types only: never set. */
  readonly types?: { data: Data; variables: Variables };
}
const operation = <Data, Variables>(query: string): Operation<Data, Variables> => ({ query });

export interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
export interface Connection<Node> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}
export interface OrderInput {
  channel: string;
  externalId: string;
  currency: string;
  warehouseCode?: string;
  shipBy?: string;
  buyer?: { name: string; externalId?: string };
  shippingAddress: { name: string; phone?: string; address1: string; city: string; postalCode: string; countryCode: string };
  lines: { sku: string; quantity: number; unitPrice?: number }[];
}
interface OrderRef {
  id: string;
  number: number;
  status: string;
  version: number;
}

export const ImportOrders = operation<
  {
    importOrders: {
      createdCount: number;
      existingCount: number;
      failedCount: number;
      results: { index: number; externalId: string | null; created: boolean; order: OrderRef | null; userErrors: UserError[] }[];
      userErrors: UserError[];
    };
  },
  { orders: OrderInput[]; idempotencyKey: string }
>(`mutation ImportOrders($orders: [CreateOrderInput!]!, $idempotencyKey: String) {
  importOrders(orders: $orders, idempotencyKey: $idempotencyKey) {
    createdCount existingCount failedCount
    results { index externalId created order { id number status version } userErrors { code field message } }
    userErrors { code field message }
  }
}`);

export const ConfirmOrder = operation<
  { confirmOrder: { order: OrderRef | null; shortages: { line: { sku: string }; requested: number; available: number }[]; userErrors: UserError[] } },
  { id: string; version: number; idempotencyKey: string }
>(`mutation ConfirmOrder($id: ID!, $version: Int, $idempotencyKey: String) {
  confirmOrder(id: $id, expectedVersion: $version, idempotencyKey: $idempotencyKey, acceptPriceMismatches: true) {
    order { id number status version }
    shortages { line { sku } requested available }
    userErrors { code field message }
  }
}`);

export const OrderChanges = operation<
  { orderChanges: Connection<OrderRef & { updatedAt: string }> },
  { since: string; first?: number; after: string | null }
>(`query OrderChanges($since: DateTime!, $first: Int = 100, $after: String) {
  orderChanges(updatedSince: $since, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id number status version updatedAt } }
  }
}`);

/** The request failed as a whole (GraphQL `errors`, HTTP status): `retryable` says whether trying again can help. */
export class OrderlyRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** The mutation ran and refused (a business answer, nothing written): fix the input, do not retry as is. */
export class OrderlyUserErrors extends Error {
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((e) => `${e.code}${e.field ? ` at ${e.field.join('.')}` : ''}: ${e.message}`).join('; '));
  }
}

/** A payload's result, or its userErrors thrown. */
export function unwrap<P extends { userErrors: UserError[] }>(payload: P): P {
  if (payload.userErrors.length) throw new OrderlyUserErrors(payload.userErrors);
  return payload;
}

/** A fresh idempotency key for one logical write: keep it for every retry of that write. */
export const idempotencyKey = (purpose: string) => `${purpose}:${randomUUID()}`;

export interface ClientOptions {
  attempts?: number;
  baseDelayMs?: number;
  fetch?: typeof fetch;
}

export class OrderlyClient {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    options: ClientOptions = {},
  ) {
    this.attempts = options.attempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.fetch = options.fetch ?? fetch;
  }

  /**
   * Sends one operation; retries what may have failed in transit (network errors, 429, 502–504, a
   * server shutting down) with the SAME variables — so a write carries the same idempotency key and
   * runs once, however many times it is sent. Other failures are thrown at once.
   */
  async request<Data, Variables>(op: Operation<Data, Variables>, variables: Variables): Promise<Data> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send(op, variables);
      } catch (error) {
        // fetch throws a TypeError when the connection fails or is reset.
        const retryable = error instanceof OrderlyRequestError ? error.retryable : error instanceof TypeError;
        if (!retryable || attempt >= this.attempts) throw error;
        const backoff = this.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
        await new Promise((r) => setTimeout(r, (error as OrderlyRequestError).retryAfterMs ?? backoff));
      }
    }
  }

  /** Every node of a connection, page by page (`after: endCursor` until `hasNextPage` is false). */
  async *nodes<Data, Variables extends { after: string | null }, Node>(
    op: Operation<Data, Variables>,
    variables: Omit<Variables, 'after'>,
    connection: (data: Data) => Connection<Node>,
  ): AsyncGenerator<Node> {
    let after: string | null = null;
    do {
      const page = connection(await this.request(op, { ...variables, after } as Variables));
      for (const edge of page.edges) yield edge.node;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  }

  private async send<Data, Variables>(op: Operation<Data, Variables>, variables: Variables): Promise<Data> {
    const response = await this.fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${this.apiKey}` },
      body: JSON.stringify({ query: op.query, variables }),
    });
    const retryAfter = response.headers.get('retry-after');
    const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
    const body = (await response.json().catch(() => null)) as { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] } | null;
    const error = body?.errors?.[0];
    if (error || !body?.data) {
      const code = error?.extensions?.code ?? null;
      const retryable = [429, 502, 503, 504].includes(response.status) || code === 'RATE_LIMITED';
      throw new OrderlyRequestError(error?.message ?? `HTTP ${response.status}`, code, retryable, retryAfterMs);
    }
    return body.data;
  }
}

/**
 * A webhook's X-Orderly-Signature (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`)
 * checked over the exact bytes received, in constant time, refusing old timestamps (replays).
 */
export function verifyOrderlyWebhook(secret: string, signatureHeader: string, rawBody: string | Buffer, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = Object.fromEntries(signatureHeader.split(',').map((p) => p.trim().split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
