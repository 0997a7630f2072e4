// A fake Ozon Seller API: a test double of Ozon written from Ozon's public Seller API documentation
// (the swagger of api-seller.ozon.ru), not from Orderly's code. It serves the FBS posting calls a
// connector uses, checks the Client-Id / Api-Key headers, answers errors in Ozon's body shape
// ({ code, message, details }, gRPC-style codes), rate-limits per Client-Id (HTTP 429), enforces the
// stock limits (100 pairs a call, 80 calls a minute, one update per pair per 30 s) and sends push
// notifications to a configured URL — late, twice or out of order when asked. Like Ozon it blocks a
// method of an account for a while ("Circle is open", 429) — by hand (`blockMethod`) or after a burst
// of errors (`circuit`) — and lists acts and their postings (act/list, act/get-postings). Tests start it
// in-process (`startFakeOzon`) and steer it: create postings, move them through Ozon's states,
// inject faults (5xx, timeouts, 429, ship_failed). `pnpm ozon:fake` runs it for a person (cli.ts).
// Field names and push bodies checked against Ozon's swagger as mirrored in the public repository
// salacoste/ozon-daytona-seller-api (ozon-swagger-docs/swagger.json: v3/posting/fbs/{unfulfilled/list,
// list,get}, v4/posting/fbs/ship, v2/products/stocks, and its push_types / push_start sections).
// Marks ("Честный ЗНАК"), customs declarations and countries: v5/fbs/posting/product/exemplar/{validate,
// status}, v6/fbs/posting/product/exemplar/set, v2/posting/fbs/product/country/{set,list}; ship refuses
// a posting whose marks, GTDs or countries are missing (EXEMPLAR_INFO_NOT_FILLED / COUNTRY_OF_ORIGIN_NOT_SET).
// Returns: v1/returns/list (FBO and FBS returns: one item per returned product, at most one of the
// date filters logistic_return_date / storage_tariffication_start_date / visual_status_change_moment,
// limit ≤ 500, paging by last_id with has_next; types Cancellation, FullReturn, PartialReturn,
// ClientReturn). An Api-Key may lack the role or subscription a method needs: Ozon answers 403
// PermissionDenied (`denyAccess`).
// Reviews (premium): v1/review/list (limit 20–100, last_id paging, status ALL / UNPROCESSED / PROCESSED,
// sort_dir), v1/review/comment/create (review_id, text — at most 1,000 characters here —,
// mark_review_as_processed → comment_id), v1/review/comment/list (review_id, limit 20–100, offset,
// sort_dir by publication → comments with is_owner); v3/product/info/list maps Ozon SKUs to offer ids.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Ozon's FBS posting statuses. */
export type PostingStatus =
  | 'awaiting_registration'
  | 'acceptance_in_progress'
  | 'awaiting_approve'
  | 'awaiting_verification'
  | 'awaiting_packaging'
  | 'awaiting_deliver'
  | 'sent_by_seller'
  | 'driver_pickup'
  | 'delivering'
  | 'delivered'
  | 'arbitration'
  | 'client_arbitration'
  | 'not_accepted'
  | 'cancelled'
  | 'cancelled_from_split_pending';

/** The substatus Ozon reports with each status (pushes carry these names). */
const defaultSubstatus: Record<PostingStatus, string> = {
  awaiting_registration: 'posting_awaiting_registration',
  acceptance_in_progress: 'posting_acceptance_in_progress',
  awaiting_approve: 'posting_created',
  awaiting_verification: 'posting_created',
  awaiting_packaging: 'posting_created',
  awaiting_deliver: 'posting_transferring_to_delivery',
  sent_by_seller: 'sent_by_seller',
  driver_pickup: 'posting_driver_pick_up',
  delivering: 'posting_on_way_to_city',
  delivered: 'posting_delivered',
  arbitration: 'posting_in_arbitration',
  client_arbitration: 'posting_in_client_arbitration',
  not_accepted: 'posting_not_in_sort_center',
  cancelled: 'posting_canceled',
  cancelled_from_split_pending: 'posting_split_pending',
};

export interface FakeProduct {
  sku: number;
  offer_id: string;
  name: string;
  quantity: number;
  /** Ozon sends prices as decimal strings ("1390.000000"). */
  price: string;
  currency_code: string;
}

export interface FakePosting {
  posting_number: string;
  order_id: number;
  order_number: string;
  status: PostingStatus;
  substatus: string;
  in_process_at: string;
  shipment_date: string;
  delivering_date: string | null;
  warehouse_id: number;
  products: FakeProduct[];
  cancellation: {
    cancel_reason_id: number;
    cancel_reason: string;
    cancellation_initiator: string;
    cancellation_type: string;
    cancelled_after_ship: boolean;
    affect_cancellation_rating: boolean;
  } | null;
  /** Ozon SKUs (as strings, like Ozon sends them) per requirement. */
  requirements: {
    products_requiring_gtd: string[];
    products_requiring_country: string[];
    products_requiring_change_country: string[];
    products_requiring_mandatory_mark: string[];
    products_requiring_rnpt: string[];
    products_requiring_jw_uin: string[];
  };
  /** rFBS only (the seller delivers): the buyer and the delivery address. FBS postings carry none. */
  customer: FakeCustomer | null;
  /** The delivery interval promised to the buyer (analytics_data.delivery_date_begin/end). */
  delivery_date_begin: string;
  delivery_date_end: string;
  parent_posting_number: string;
  /** Last status change (the filter field `last_changed_status_date`). */
  last_changed_status_date: string;
}

export interface FakeCustomer {
  customer_id: number;
  name: string;
  address: { address_tail: string; city: string; region: string; district: string; country: string; zip_code: string; comment: string; pvz_code: number };
}

/**
 * `answer_lost`: Ozon carries the request out but the answer never comes (the caller times out) —
 * what a crash between Ozon's answer and our save looks like from our side.
 */
export type FaultKind = '5xx' | 'timeout' | '429' | 'ship_failed' | 'answer_lost';
export interface Fault {
  /** Method path (`/v3/posting/fbs/get`); any method when omitted. */
  path?: string;
  kind: FaultKind;
  /** How many calls it hits (default 1). */
  times?: number;
}

/** One returned product as v1/returns/list reports it (the fields a connector reads, and a few more). */
export interface FakeReturn {
  id: number;
  company_id: number;
  return_reason_name: string;
  /** Cancellation (before delivery), FullReturn / PartialReturn (all / part refused at delivery), ClientReturn (after delivery), Unknown. */
  type: 'Cancellation' | 'FullReturn' | 'PartialReturn' | 'ClientReturn' | 'Unknown';
  schema: 'Fbs' | 'Fbo';
  order_id: number;
  order_number: string;
  posting_number: string;
  product: { sku: number; offer_id: string; name: string; price: { currency_code: string; price: number }; quantity: number };
  logistic: { return_date: string; final_moment: string | null; barcode: string };
  visual: { status: { id: number; display_name: string; sys_name: string }; change_moment: string };
  exemplars: { id: number }[];
  clearing_id: number;
  return_clearing_id: number | null;
  source_id: number;
}

/** A buyer review as v1/review/list reports it (Ozon gives no buyer name in the list). */
export interface FakeReview {
  id: string;
  sku: number;
  rating: number;
  text: string;
  published_at: string;
  status: 'UNPROCESSED' | 'PROCESSED';
  order_status: 'DELIVERED' | 'CANCELLED';
  is_rating_participant: boolean;
  photos_amount: number;
  videos_amount: number;
  comments_amount: number;
}

export interface PushOptions {
  /** Keep pushes queued until `flushPushes` (default: send at once). */
  hold?: boolean;
  /** Send every push twice. */
  duplicate?: boolean;
  /** Wait this long before sending (late pushes). */
  delayMs?: number;
}

export interface FakeOzonOptions {
  /** Accounts the fake knows: Client-Id → Api-Key (default one: 1001 / "fake-api-key"). */
  accounts?: Record<string, string>;
  /** Requests per second per Client-Id before 429 (Ozon: about 50). */
  rps?: number;
  /** Where pushes go (our endpoint), per Client-Id or one for all. */
  pushUrl?: string | Record<string, string>;
  push?: PushOptions;
  now?: () => Date;
  port?: number;
  host?: string;
  /** How long after ship a posting's package label is ready (Ozon: about 45–60 s; default 45 s). */
  labelDelayMs?: number;
  /**
   * Ozon's per-method blocks: after `errors` error answers of one method to one account within
   * `windowMs`, the method answers "Circle is open" (429) for `blockMs` (Ozon: "a few minutes").
   * Off unless given; tests also block a method by hand (`blockMethod`).
   */
  circuit?: { errors: number; windowMs: number; blockMs: number };
}

/** Ozon's error body: gRPC-style code, message, details. */
const ozonError = (code: number, message: string) => ({ code, message, details: [] as unknown[] });
const GRPC = { invalidArgument: 3, notFound: 5, alreadyExists: 6, permissionDenied: 7, resourceExhausted: 8, failedPrecondition: 9, internal: 13, unauthenticated: 16 };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ReturnType<typeof ozonError>,
  ) {
    super(body.message);
  }
}
const bad = (message: string) => new HttpError(400, ozonError(GRPC.invalidArgument, message));

export interface RecordedRequest {
  /** When it was answered (ms since the epoch, real time). */
  at?: number;
  path: string;
  clientId: string | null;
  status: number;
}

export class FakeOzon {
  readonly postings = new Map<string, FakePosting>();
  /** Stock as last accepted, by `${warehouse_id}:${offer_id or product_id}`. */
  readonly stocks = new Map<string, { stock: number; at: number }>();
  readonly requests: RecordedRequest[] = [];
  /** Every push sent, in sending order, with our endpoint's answer. */
  readonly pushLog: { body: Record<string, unknown>; status: number | null }[] = [];
  pushOptions: PushOptions;
  private readonly accounts: Record<string, string>;
  private readonly rps: number;
  /** Where pushes go; tests may set it once our endpoint exists. */
  pushUrl: FakeOzonOptions['pushUrl'];
  private readonly now: () => Date;
  private faults: Required<Fault>[] = [];
  private queued: { clientId: string; body: Record<string, unknown> }[] = [];
  private buckets = new Map<string, { second: number; count: number }>();
  private stockCalls = new Map<string, number[]>();
  private nextOrder = 1;
  /** When each posting was shipped (its label is ready `labelDelayMs` later). */
  private readonly shippedAt = new Map<string, number>();
  private readonly labelDelayMs: number;
  /** Hand-over acts (act/create), by id. */
  readonly acts = new Map<
    number,
    { id: number; clientId: string; deliveryMethodId: number; postings: string[]; checks: number; createdAt: string; departureDate: string }
  >();
  /** Methods blocked per account ("Circle is open"): `${clientId} ${path}` → until (ms, the fake's clock). */
  private readonly blocks = new Map<string, number>();
  /** Error answers per `${clientId} ${path}` (ms, real time), for `circuit`. */
  private readonly errorTimes = new Map<string, number[]>();
  private readonly circuit: FakeOzonOptions['circuit'];
  private nextAct = 1;
  /**
   * Faults at random (benchmarks): each call fails with probability `rate`, with one of `kinds`
   * (ship_failed only where it means something: v4 ship).
   */
  randomFaults: { rate: number; kinds: FaultKind[] } | null = null;
  /** Every stock call accepted: when, by whom, how many pairs (to check our pushes kept Ozon's limits). */
  readonly stockLog: { at: number; clientId: string; pairs: number }[] = [];
  /** Tracking numbers set for rFBS postings (v2/fbs/posting/tracking-number/set). */
  readonly trackingNumbers = new Map<string, string>();
  /** Units' data saved by exemplar/set, per posting (the whole set each time, as Ozon keeps it). */
  readonly exemplars = new Map<string, FakeExemplarProduct[]>();
  /** Countries of origin set per posting and Ozon SKU (v2/posting/fbs/product/country/set). */
  readonly countries = new Map<string, Map<number, string>>();
  /**
   * Steering: marks "Честный ЗНАК" reports as not in circulation (matched by prefix — e.g. 01+GTIN+21+serial);
   * exemplar/status refuses them. Also: how many status calls answer `validation_in_process` first.
   */
  readonly refusedMarks = new Map<string, string>();
  exemplarChecksPending = 0;
  /** Returns Ozon reports (v1/returns/list), by id. */
  readonly returns = new Map<number, FakeReturn>();
  private nextReturn = 1_000_000_001;
  /** Buyer reviews (v1/review/list), by id, with the account they are about. */
  readonly reviews = new Map<string, FakeReview & { clientId: string; offer_id: string }>();
  /** Seller comments made with v1/review/comment/create. */
  readonly reviewComments: { clientId: string; review_id: string; comment_id: string; text: string; processed: boolean; published_at: string }[] = [];
  private nextReview = 1;
  /** Methods an account's Api-Key may not call (no role, or no premium subscription): `${clientId} ${path}`. */
  private readonly denied = new Set<string>();
  private server: Server | null = null;
  private pending = new Set<Promise<unknown>>();
  url = '';

  constructor(options: FakeOzonOptions = {}) {
    this.accounts = options.accounts ?? { '1001': 'fake-api-key' };
    this.rps = options.rps ?? 50;
    this.pushUrl = options.pushUrl;
    this.pushOptions = options.push ?? {};
    this.now = options.now ?? (() => new Date());
    this.labelDelayMs = options.labelDelayMs ?? 45_000;
    this.circuit = options.circuit;
  }

  /** Ozon blocks `path` for the account (every account when none is named) for `forMs` on the fake's clock: "Circle is open". */
  blockMethod(path: string, forMs: number, clientId?: string) {
    const until = this.now().getTime() + forMs;
    for (const id of clientId ? [clientId] : Object.keys(this.accounts)) this.blocks.set(`${id} ${path}`, until);
  }

  /** Lifts the blocks of `path` (of every method when none is named). */
  unblockMethod(path?: string) {
    for (const key of [...this.blocks.keys()]) if (!path || key.endsWith(` ${path}`)) this.blocks.delete(key);
  }

  private checkBlock(clientId: string, path: string) {
    const until = this.blocks.get(`${clientId} ${path}`);
    if (until !== undefined && this.now().getTime() < until) throw new HttpError(429, ozonError(GRPC.resourceExhausted, 'Circle is open'));
  }

  /** Counts an error answer of a method; enough of them in the window block it (`circuit`). */
  private countError(clientId: string | null, path: string, status: number) {
    const circuit = this.circuit;
    if (!circuit || !clientId || status < 400 || !this.accounts[clientId]) return;
    const key = `${clientId} ${path}`;
    const nowMs = Date.now();
    const times = (this.errorTimes.get(key) ?? []).filter((t) => t > nowMs - circuit.windowMs);
    times.push(nowMs);
    this.errorTimes.set(key, times);
    if (times.length >= circuit.errors && !((this.blocks.get(key) ?? 0) > this.now().getTime())) {
      this.blocks.set(key, this.now().getTime() + circuit.blockMs);
      this.errorTimes.delete(key);
    }
  }

  // ─── Steering (what Ozon's side does on its own) ────────────────────────────────────────────

  /** A buyer ordered: a new posting awaiting packaging, and a TYPE_NEW_POSTING push. */
  createPosting(input: {
    clientId?: string;
    warehouseId?: number;
    products: (Pick<FakeProduct, 'sku' | 'offer_id' | 'quantity'> & Partial<FakeProduct>)[];
    cutoff?: Date;
    postingNumber?: string;
    requirements?: Partial<FakePosting['requirements']>;
    /** An rFBS posting: the seller delivers to this buyer and address. */
    customer?: FakeCustomer;
  }): FakePosting {
    const clientId = input.clientId ?? Object.keys(this.accounts)[0]!;
    const orderId = this.nextOrder++;
    const orderNumber = `${String(10_000_000 + orderId)}-${String(orderId % 10_000).padStart(4, '0')}`;
    const now = this.now();
    const posting: FakePosting = {
      posting_number: input.postingNumber ?? `${orderNumber}-1`,
      order_id: 900_000_000 + orderId,
      order_number: orderNumber,
      status: 'awaiting_packaging',
      substatus: defaultSubstatus.awaiting_packaging,
      in_process_at: now.toISOString(),
      shipment_date: (input.cutoff ?? new Date(now.getTime() + 24 * 3_600_000)).toISOString(),
      delivering_date: null,
      warehouse_id: input.warehouseId ?? 22_000_001,
      products: input.products.map((p) => ({ name: p.name ?? `Product ${p.offer_id}`, price: p.price ?? '1000.000000', currency_code: p.currency_code ?? 'RUB', ...p })),
      cancellation: null,
      requirements: {
        products_requiring_gtd: [],
        products_requiring_country: [],
        products_requiring_change_country: [],
        products_requiring_mandatory_mark: [],
        products_requiring_rnpt: [],
        products_requiring_jw_uin: [],
        ...input.requirements,
      },
      customer: input.customer ?? null,
      delivery_date_begin: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
      delivery_date_end: new Date(now.getTime() + 3 * 86_400_000 + 8 * 3_600_000).toISOString(),
      parent_posting_number: '',
      last_changed_status_date: now.toISOString(),
    };
    this.postings.set(posting.posting_number, posting);
    this.owner.set(posting.posting_number, clientId);
    this.pushAbout(posting, 'TYPE_NEW_POSTING', {
      in_process_at: posting.in_process_at,
      products: posting.products.map((p) => ({ sku: p.sku, quantity: p.quantity })),
    });
    return posting;
  }

  private readonly owner = new Map<string, string>();

  /** Ozon moves a posting on (hand-over scans, delivery…): TYPE_STATE_CHANGED. */
  setStatus(postingNumber: string, status: PostingStatus, substatus = defaultSubstatus[status]) {
    const posting = this.get(postingNumber);
    posting.status = status;
    posting.substatus = substatus;
    posting.last_changed_status_date = this.now().toISOString();
    this.pushAbout(posting, 'TYPE_STATE_CHANGED', {
      new_state: substatus,
      changed_state_date: posting.last_changed_status_date,
    });
  }

  /** The buyer or Ozon cancels: TYPE_POSTING_CANCELLED. */
  cancel(postingNumber: string, reason = { id: 402, message: 'Покупатель отменил заказ' }) {
    const posting = this.get(postingNumber);
    const old = posting.substatus;
    const afterShip = !['awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_verification', 'awaiting_packaging'].includes(posting.status);
    posting.status = 'cancelled';
    posting.substatus = defaultSubstatus.cancelled;
    posting.last_changed_status_date = this.now().toISOString();
    posting.cancellation = {
      cancel_reason_id: reason.id,
      cancel_reason: reason.message,
      cancellation_initiator: 'Покупатель',
      cancellation_type: 'client',
      cancelled_after_ship: afterShip,
      affect_cancellation_rating: false,
    };
    this.pushAbout(posting, 'TYPE_POSTING_CANCELLED', {
      products: posting.products.map((p) => ({ sku: p.sku, quantity: p.quantity })),
      old_state: old,
      new_state: posting.substatus,
      changed_state_date: posting.last_changed_status_date,
      reason,
    });
  }

  /** Ozon moves the cut-off: TYPE_CUTOFF_DATE_CHANGED. */
  changeCutoff(postingNumber: string, cutoff: Date) {
    const posting = this.get(postingNumber);
    const old = posting.shipment_date;
    posting.shipment_date = cutoff.toISOString();
    this.pushAbout(posting, 'TYPE_CUTOFF_DATE_CHANGED', {
      new_cutoff_date: posting.shipment_date,
      old_cutoff_date: old,
    });
  }

  /** Ozon moves the buyer's delivery interval: TYPE_DELIVERY_DATE_CHANGED. */
  changeDeliveryDate(postingNumber: string, begin: Date, end: Date) {
    const posting = this.get(postingNumber);
    const old = { begin: posting.delivery_date_begin, end: posting.delivery_date_end };
    posting.delivery_date_begin = begin.toISOString();
    posting.delivery_date_end = end.toISOString();
    this.pushAbout(posting, 'TYPE_DELIVERY_DATE_CHANGED', {
      new_delivery_date_begin: posting.delivery_date_begin,
      new_delivery_date_end: posting.delivery_date_end,
      old_delivery_date_begin: old.begin,
      old_delivery_date_end: old.end,
    });
  }

  /**
   * The posting is split before packing (as v1/posting/fbs/split does): the original becomes
   * cancelled_from_split_pending and each part is a new posting awaiting packaging, with a
   * TYPE_NEW_POSTING push each. Returns the parts.
   */
  splitPosting(postingNumber: string, parts: { sku: number; quantity: number }[][]): FakePosting[] {
    const source = this.get(postingNumber);
    if (source.status !== 'awaiting_packaging') throw new Error(`fake ozon: ${postingNumber} is ${source.status}, not awaiting_packaging`);
    const now = this.now().toISOString();
    source.status = 'cancelled_from_split_pending';
    source.substatus = defaultSubstatus.cancelled_from_split_pending;
    source.last_changed_status_date = now;
    const clientId = this.owner.get(postingNumber)!;
    const taken = [...this.postings.keys()].filter((n) => n.startsWith(`${source.order_number}-`)).length;
    return parts.map((items, i) => {
      const part: FakePosting = {
        ...source,
        posting_number: `${source.order_number}-${taken + i + 1}`,
        status: 'awaiting_packaging',
        substatus: defaultSubstatus.awaiting_packaging,
        parent_posting_number: source.posting_number,
        last_changed_status_date: now,
        products: items.map((item) => ({ ...source.products.find((p) => p.sku === item.sku)!, quantity: item.quantity })),
      };
      this.postings.set(part.posting_number, part);
      this.owner.set(part.posting_number, clientId);
      this.pushAbout(part, 'TYPE_NEW_POSTING', {
        in_process_at: part.in_process_at,
        products: part.products.map((p) => ({ sku: p.sku, quantity: p.quantity })),
      });
      return part;
    });
  }

  /**
   * A return of `quantity` units of one product of a posting (the buyer refused some at delivery,
   * or sent them back after): listed by v1/returns/list from now on. A later status change moves
   * its `visual.change_moment` (`setReturnStatus`).
   */
  addReturn(input: { postingNumber: string; type: FakeReturn['type']; sku?: number; quantity?: number; reasonName?: string }): FakeReturn {
    const posting = this.get(input.postingNumber);
    const product = (input.sku !== undefined ? posting.products.find((p) => p.sku === input.sku) : posting.products[0])!;
    const now = this.now().toISOString();
    const id = this.nextReturn++;
    const item: FakeReturn = {
      id,
      company_id: Number(this.owner.get(input.postingNumber)),
      return_reason_name: input.reasonName ?? (input.type === 'PartialReturn' ? 'Покупатель отказался от части товаров при получении' : 'Не подошёл размер'),
      type: input.type,
      schema: 'Fbs',
      order_id: posting.order_id,
      order_number: posting.order_number,
      posting_number: posting.posting_number,
      product: {
        sku: product.sku,
        offer_id: product.offer_id,
        name: product.name,
        price: { currency_code: product.currency_code, price: Number(product.price) },
        quantity: input.quantity ?? product.quantity,
      },
      logistic: { return_date: now, final_moment: null, barcode: `ii${id}` },
      visual: { status: { id: 1, display_name: 'В пути', sys_name: 'MovingToOzon' }, change_moment: now },
      exemplars: [{ id: id * 10 }],
      clearing_id: posting.order_id,
      return_clearing_id: null,
      source_id: 0,
    };
    this.returns.set(id, item);
    return item;
  }

  /** The return's status moves on (e.g. ReturnedToOzon): its change moment is now. */
  setReturnStatus(id: number, sysName: string, displayName = sysName) {
    const item = this.returns.get(id)!;
    item.visual = { status: { id: item.visual.status.id + 1, display_name: displayName, sys_name: sysName }, change_moment: this.now().toISOString() };
  }

  /** A buyer reviewed a product (Ozon SKU `sku`, the seller's offer id `offer_id`): listed by v1/review/list from now on. */
  addReview(input: { sku: number; offer_id: string; rating: number; text?: string; clientId?: string; publishedAt?: Date }): FakeReview {
    const id = `0195${String(this.nextReview++).padStart(4, '0')}-0000-7000-8000-000000000000`;
    const review = {
      id,
      sku: input.sku,
      offer_id: input.offer_id,
      clientId: input.clientId ?? Object.keys(this.accounts)[0]!,
      rating: input.rating,
      text: input.text ?? '',
      published_at: (input.publishedAt ?? this.now()).toISOString(),
      status: 'UNPROCESSED' as const,
      order_status: 'DELIVERED' as const,
      is_rating_participant: true,
      photos_amount: 0,
      videos_amount: 0,
      comments_amount: 0,
    };
    this.reviews.set(id, review);
    return review;
  }

  /** The account's Api-Key may not call `path` (no role for it, or no premium subscription): Ozon answers 403. */
  denyAccess(path: string, clientId = Object.keys(this.accounts)[0]!) {
    this.denied.add(`${clientId} ${path}`);
  }

  allowAccess(path?: string) {
    for (const key of [...this.denied]) if (!path || key.endsWith(` ${path}`)) this.denied.delete(key);
  }

  /** The next matching calls fail as told. */
  injectFault(fault: Fault) {
    this.faults.push({ path: fault.path ?? '', kind: fault.kind, times: fault.times ?? 1 });
  }

  clearFaults() {
    this.faults = [];
  }

  /** Pushes held back (`push.hold`), in creation order. */
  get queuedPushes() {
    return this.queued.map((q) => q.body);
  }

  /** Sends the held pushes: reversed (out of order) and/or twice when asked; resolves when all were answered. */
  async flushPushes(options: { reverse?: boolean; duplicate?: boolean } = {}) {
    const batch = options.reverse ? [...this.queued].reverse() : [...this.queued];
    this.queued = [];
    for (const item of batch) {
      await this.send(item.clientId, item.body);
      if (options.duplicate) await this.send(item.clientId, item.body);
    }
  }

  /** Drops held pushes (Ozon gave up on them): only the poller will find these postings. */
  dropPushes() {
    this.queued = [];
  }

  /** Waits for pushes in flight (sent at once or late). */
  async settled() {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private get(postingNumber: string) {
    const posting = this.postings.get(postingNumber);
    if (!posting) throw new Error(`fake ozon: no posting ${postingNumber}`);
    return posting;
  }

  /** A push about one posting to the account that owns it: the message type, seller, warehouse and posting first, then `fields`. */
  private pushAbout(posting: FakePosting, messageType: string, fields: Record<string, unknown>) {
    const clientId = this.owner.get(posting.posting_number)!;
    this.push(clientId, {
      message_type: messageType,
      seller_id: Number(clientId),
      warehouse_id: posting.warehouse_id,
      posting_number: posting.posting_number,
      ...fields,
    });
  }

  private push(clientId: string, body: Record<string, unknown>) {
    if (!this.pushUrlFor(clientId)) return;
    if (this.pushOptions.hold) {
      this.queued.push({ clientId, body });
      return;
    }
    const go = async () => {
      if (this.pushOptions.delayMs) await new Promise((r) => setTimeout(r, this.pushOptions.delayMs));
      await this.send(clientId, body);
      if (this.pushOptions.duplicate) await this.send(clientId, body);
    };
    const p = go().finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private pushUrlFor(clientId: string) {
    return typeof this.pushUrl === 'string' ? this.pushUrl : this.pushUrl?.[clientId];
  }

  /** One push as Ozon sends it: POST JSON; anything but a 200 counts as failed. */
  async send(clientId: string, body: Record<string, unknown>) {
    const url = this.pushUrlFor(clientId);
    if (!url) return null;
    let status: number | null;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = null;
    }
    this.pushLog.push({ body, status });
    return status;
  }

  /** A TYPE_PING as Ozon sends when the endpoint is set up; returns our answer. */
  async ping(clientId = Object.keys(this.accounts)[0]!) {
    const url = this.pushUrlFor(clientId);
    const res = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message_type: 'TYPE_PING', time: this.now().toISOString() }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  // ─── HTTP ───────────────────────────────────────────────────────────────────────────────────

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  async stop() {
    await this.settled();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0]!;
    const clientId = (req.headers['client-id'] as string | undefined) ?? null;
    const answer = (status: number, body: unknown) => {
      this.requests.push({ path, clientId, status, at: Date.now() });
      this.countError(clientId, path, status);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.method !== 'POST') throw new HttpError(404, ozonError(GRPC.notFound, 'Not Found'));
      const apiKey = req.headers['api-key'];
      if (!clientId || !apiKey) throw new HttpError(401, ozonError(GRPC.unauthenticated, 'Client-Id and Api-Key headers are required'));
      if (this.accounts[clientId] !== apiKey) throw new HttpError(403, ozonError(GRPC.permissionDenied, 'Invalid Api-Key, please contact support'));
      if (this.denied.has(`${clientId} ${path}`))
        throw new HttpError(403, ozonError(GRPC.permissionDenied, 'Access denied: the API key has no access to this method (role or Premium subscription)'));
      this.rateLimit(clientId);
      this.checkBlock(clientId, path);
      const fault = this.takeFault(path);
      if (fault?.kind === '5xx') throw new HttpError(500, ozonError(GRPC.internal, 'Internal Server Error'));
      if (fault?.kind === '429') throw new HttpError(429, ozonError(GRPC.resourceExhausted, 'You have reached request rate limit per second'));
      if (fault?.kind === 'timeout') return; // never answers; the caller gives up (closed on stop)
      let body: Record<string, unknown>;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        throw bad('invalid character in request body');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('request body must be an object');
      const result = this.route(path, clientId, body, fault?.kind === 'ship_failed');
      if (fault?.kind === 'answer_lost') {
        // Done on Ozon's side; the answer is lost on the way (the caller times out).
        this.requests.push({ path, clientId, status: 200, at: Date.now() });
        return;
      }
      answer(200, result);
    } catch (error) {
      if (error instanceof HttpError) answer(error.status, error.body);
      else answer(500, ozonError(GRPC.internal, 'Internal Server Error'));
    }
  }

  private rateLimit(clientId: string) {
    const second = Math.floor(Date.now() / 1000);
    const bucket = this.buckets.get(clientId);
    if (!bucket || bucket.second !== second) this.buckets.set(clientId, { second, count: 1 });
    else if (++bucket.count > this.rps) throw new HttpError(429, ozonError(GRPC.resourceExhausted, 'You have reached request rate limit per second'));
  }

  private takeFault(path: string) {
    const fault = this.faults.find((f) => !f.path || f.path === path);
    if (!fault) return this.randomFault(path);
    if (--fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  private route(path: string, clientId: string, body: Record<string, unknown>, shipFailed: boolean): unknown {
    switch (path) {
      case '/v3/posting/fbs/unfulfilled/list':
        return this.unfulfilledList(clientId, body);
      case '/v3/posting/fbs/list':
        return this.list(clientId, body);
      case '/v3/posting/fbs/get':
        return this.getPosting(clientId, body);
      case '/v4/posting/fbs/ship':
        return this.ship(clientId, body, shipFailed);
      case '/v2/products/stocks':
        return this.updateStocks(clientId, body);
      case '/v2/posting/fbs/package-label':
        return this.packageLabel(clientId, body);
      case '/v2/posting/fbs/act/create':
        return this.createAct(clientId, body);
      case '/v2/posting/fbs/act/check-status':
        return this.actStatus(clientId, body);
      case '/v2/posting/fbs/act/get-pdf':
        return this.actPdf(clientId, body);
      case '/v2/posting/fbs/act/list':
        return this.actList(clientId, body);
      case '/v2/posting/fbs/act/get-postings':
        return this.actPostings(clientId, body);
      case '/v2/posting/fbs/cancel-reason/list':
        return { result: cancelReasons };
      case '/v2/posting/fbs/cancel':
        return this.cancelBySeller(clientId, body);
      case '/v2/fbs/posting/tracking-number/set':
        return this.setTrackingNumbers(clientId, body);
      case '/v5/fbs/posting/product/exemplar/validate':
        return this.validateExemplars(clientId, body);
      case '/v6/fbs/posting/product/exemplar/set':
        return this.setExemplars(clientId, body);
      case '/v5/fbs/posting/product/exemplar/status':
        return this.exemplarStatus(clientId, body);
      case '/v2/posting/fbs/product/country/set':
        return this.setCountry(clientId, body);
      case '/v1/returns/list':
        return this.returnsList(clientId, body);
      case '/v1/review/list':
        return this.reviewList(clientId, body);
      case '/v1/review/comment/create':
        return this.createReviewComment(clientId, body);
      case '/v1/review/comment/list':
        return this.reviewCommentList(clientId, body);
      case '/v3/product/info/list':
        return this.productInfo(clientId, body);
      case '/v2/posting/fbs/product/country/list':
        return { result: countryList.filter((c) => !body.name_search || c.name.toLowerCase().includes(String(body.name_search).toLowerCase())) };
      default:
        throw new HttpError(404, ozonError(GRPC.notFound, 'Not Found'));
    }
  }

  private own(clientId: string) {
    return [...this.postings.values()].filter((p) => this.owner.get(p.posting_number) === clientId);
  }

  private page(body: Record<string, unknown>) {
    const limit = Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw bad('limit: value must be between 1 and 1000');
    const offset = body.offset === undefined ? 0 : Number(body.offset);
    if (!Number.isInteger(offset) || offset < 0) throw bad('offset: value must be at least 0');
    return { limit, offset, desc: String(body.dir ?? 'ASC').toUpperCase() === 'DESC' };
  }

  private date(value: unknown, field: string): number {
    const t = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(t)) throw bad(`${field}: invalid date`);
    return t;
  }

  private unfulfilledList(clientId: string, body: Record<string, unknown>) {
    const { limit, offset, desc } = this.page(body);
    const filter = (body.filter ?? {}) as Record<string, unknown>;
    const byCutoff = filter.cutoff_from !== undefined || filter.cutoff_to !== undefined;
    const byDelivering = filter.delivering_date_from !== undefined || filter.delivering_date_to !== undefined;
    if (byCutoff === byDelivering) throw bad('filter: exactly one of the pairs cutoff_from/cutoff_to or delivering_date_from/delivering_date_to is required');
    const [from, to] = byCutoff
      ? [this.date(filter.cutoff_from, 'filter.cutoff_from'), this.date(filter.cutoff_to, 'filter.cutoff_to')]
      : [this.date(filter.delivering_date_from, 'filter.delivering_date_from'), this.date(filter.delivering_date_to, 'filter.delivering_date_to')];
    const open: PostingStatus[] = ['awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_packaging', 'awaiting_deliver'];
    const rows = this.own(clientId).filter((p) => {
      if (!open.includes(p.status)) return false;
      if (filter.status && p.status !== filter.status) return false;
      const at = Date.parse(byCutoff ? p.shipment_date : (p.delivering_date ?? ''));
      return at >= from && at <= to;
    });
    rows.sort((a, b) => (desc ? -1 : 1) * (Date.parse(a.in_process_at) - Date.parse(b.in_process_at) || a.posting_number.localeCompare(b.posting_number)));
    return { result: { postings: rows.slice(offset, offset + limit).map((p) => this.view(p, body.with)), count: rows.length } };
  }

  private list(clientId: string, body: Record<string, unknown>) {
    const { limit, offset, desc } = this.page(body);
    const filter = (body.filter ?? {}) as Record<string, unknown>;
    const since = this.date(filter.since, 'filter.since');
    const to = this.date(filter.to, 'filter.to');
    if (to - since > 366 * 86_400_000) throw bad('filter: the period between since and to must not exceed one year');
    const changed = filter.last_changed_status_date as { from?: string; to?: string } | undefined;
    const changedFrom = changed ? this.date(changed.from, 'filter.last_changed_status_date.from') : null;
    const changedTo = changed ? this.date(changed.to, 'filter.last_changed_status_date.to') : null;
    const rows = this.own(clientId).filter((p) => {
      const created = Date.parse(p.in_process_at);
      if (created < since || created > to) return false;
      if (filter.status && p.status !== filter.status) return false;
      const last = Date.parse(p.last_changed_status_date);
      return changedFrom === null || (last >= changedFrom && last <= changedTo!);
    });
    rows.sort((a, b) => (desc ? -1 : 1) * (Date.parse(a.in_process_at) - Date.parse(b.in_process_at) || a.posting_number.localeCompare(b.posting_number)));
    return { result: { postings: rows.slice(offset, offset + limit).map((p) => this.view(p, body.with)), has_next: offset + limit < rows.length } };
  }

  private getPosting(clientId: string, body: Record<string, unknown>) {
    if (typeof body.posting_number !== 'string' || !body.posting_number) throw bad('posting_number: value is required');
    const posting = this.postings.get(body.posting_number);
    if (!posting || this.owner.get(posting.posting_number) !== clientId) throw new HttpError(404, ozonError(GRPC.notFound, 'posting not found'));
    return { result: this.view(posting, body.with) };
  }

  /** v4 ship: only from awaiting_packaging; one package keeps the number, several split the posting. */
  private ship(clientId: string, body: Record<string, unknown>, shipFailed: boolean) {
    const posting = this.getPosting(clientId, body).result as { posting_number: string };
    const source = this.get(posting.posting_number);
    const packages = body.packages as { products?: { product_id?: number; quantity?: number }[] }[] | undefined;
    if (!Array.isArray(packages) || packages.length === 0) throw bad('packages: value is required');
    if (source.status !== 'awaiting_packaging') throw new HttpError(400, ozonError(GRPC.failedPrecondition, 'POSTING_ALREADY_SHIPPED'));
    const unmet = this.unmetRequirement(source);
    if (unmet) throw new HttpError(400, ozonError(GRPC.failedPrecondition, unmet));
    // Every unit of the posting in exactly one package.
    const ordered = new Map(source.products.map((p) => [p.sku, p.quantity]));
    const packed = new Map<number, number>();
    for (const pkg of packages) {
      if (!Array.isArray(pkg.products) || !pkg.products.length) throw bad('packages.products: value is required');
      for (const item of pkg.products) {
        if (!ordered.has(Number(item.product_id))) throw bad(`product ${item.product_id} is not in the posting`);
        if (!Number.isInteger(item.quantity) || item.quantity! < 1) throw bad('packages.products.quantity: must be at least 1');
        packed.set(Number(item.product_id), (packed.get(Number(item.product_id)) ?? 0) + item.quantity!);
      }
    }
    for (const [sku, quantity] of ordered) if (packed.get(sku) !== quantity) throw bad('QUANTITY_MISMATCH: every unit of the posting must be in one package');
    if (shipFailed) {
      // Ozon answers 200 and the posting stays unshipped with substatus ship_failed.
      source.substatus = 'ship_failed';
      return { result: [source.posting_number], additional_data: [] };
    }
    const now = this.now().toISOString();
    if (packages.length === 1) {
      source.status = 'awaiting_deliver';
      source.substatus = defaultSubstatus.awaiting_deliver;
      source.last_changed_status_date = now;
      this.shippedAt.set(source.posting_number, Date.parse(now));
      return { result: [source.posting_number], additional_data: [{ posting_number: source.posting_number, products: this.view(source).products }] };
    }
    source.status = 'cancelled_from_split_pending';
    source.substatus = defaultSubstatus.cancelled_from_split_pending;
    source.last_changed_status_date = now;
    const created = packages.map((pkg, i) => {
      const number = `${source.order_number}-${i + 2}`;
      const part: FakePosting = {
        ...source,
        posting_number: number,
        status: 'awaiting_deliver',
        substatus: defaultSubstatus.awaiting_deliver,
        parent_posting_number: source.posting_number,
        last_changed_status_date: now,
        products: pkg.products!.map((item) => ({ ...source.products.find((p) => p.sku === Number(item.product_id))!, quantity: item.quantity! })),
      };
      this.postings.set(number, part);
      this.owner.set(number, clientId);
      this.shippedAt.set(number, Date.parse(now));
      return part;
    });
    return { result: created.map((p) => p.posting_number), additional_data: created.map((p) => ({ posting_number: p.posting_number, products: this.view(p).products })) };
  }

  /** v2 stocks: ≤ 100 pairs a call, 80 calls a minute per account, one update per pair per 30 s. */
  private updateStocks(clientId: string, body: Record<string, unknown>) {
    const stocks = body.stocks as { offer_id?: string; product_id?: number; stock?: number; warehouse_id?: number }[] | undefined;
    if (!Array.isArray(stocks) || !stocks.length) throw bad('stocks: value is required');
    if (stocks.length > 100) throw bad('stocks: value must contain at most 100 items');
    const nowMs = Date.now();
    const calls = (this.stockCalls.get(clientId) ?? []).filter((t) => t > nowMs - 60_000);
    if (calls.length >= 80) throw new HttpError(429, ozonError(GRPC.resourceExhausted, 'You have reached request rate limit per minute'));
    calls.push(nowMs);
    this.stockLog.push({ at: nowMs, clientId, pairs: stocks.length });
    this.stockCalls.set(clientId, calls);
    return {
      result: stocks.map((s) => {
        const key = `${s.warehouse_id}:${s.offer_id ?? s.product_id}`;
        const base = { warehouse_id: s.warehouse_id ?? 0, product_id: s.product_id ?? 0, offer_id: s.offer_id ?? '' };
        if (!s.warehouse_id || (!s.offer_id && !s.product_id) || !Number.isInteger(s.stock) || s.stock! < 0)
          return {
            ...base,
            updated: false,
            errors: [{ code: 'INVALID_ARGUMENT', message: 'offer_id or product_id, warehouse_id and a non-negative stock are required' }],
          };
        const last = this.stocks.get(key);
        if (last && nowMs - last.at < 30_000)
          return {
            ...base,
            updated: false,
            errors: [{ code: 'TOO_MANY_REQUESTS', message: 'stock of this product on this warehouse was updated less than 30 seconds ago' }],
          };
        this.stocks.set(key, { stock: s.stock!, at: nowMs });
        return { ...base, updated: true, errors: [] };
      }),
    };
  }

  private randomFault(path: string): Required<Fault> | null {
    if (!this.randomFaults || Math.random() >= this.randomFaults.rate) return null;
    const kinds = this.randomFaults.kinds.filter((k) => k !== 'ship_failed' || path === '/v4/posting/fbs/ship');
    return kinds.length ? { path, kind: kinds[Math.floor(Math.random() * kinds.length)]!, times: 1 } : null;
  }

  // ─── Out to Ozon: labels, acts, cancel, rFBS tracking ──────────────────────────────────────

  private ownedPosting(clientId: string, number: unknown) {
    const posting = typeof number === 'string' ? this.postings.get(number) : undefined;
    return posting && this.owner.get(posting.posting_number) === clientId ? posting : null;
  }

  /**
   * v2 package-label: ≤ 20 postings a call, one PDF for all. Every posting must be shipped at least
   * `labelDelayMs` ago: one that is not (unknown, not shipped, cancelled, label not ready yet)
   * fails the whole call.
   */
  private packageLabel(clientId: string, body: Record<string, unknown>) {
    const numbers = body.posting_number;
    if (!Array.isArray(numbers) || !numbers.length) throw bad('posting_number: value is required');
    if (numbers.length > 20) throw bad('posting_number: value must contain at most 20 items');
    const nowMs = this.now().getTime();
    for (const number of numbers) {
      const posting = this.ownedPosting(clientId, number);
      if (!posting) throw new HttpError(404, ozonError(GRPC.notFound, `POSTING_NOT_FOUND: ${String(number)}`));
      const shipped = this.shippedAt.get(posting.posting_number);
      if (posting.status === 'cancelled' || shipped === undefined)
        throw new HttpError(400, ozonError(GRPC.failedPrecondition, `INVALID_POSTING_STATUS: ${posting.posting_number}`));
      if (nowMs - shipped < this.labelDelayMs) throw new HttpError(400, ozonError(GRPC.failedPrecondition, `The label is not ready yet: ${posting.posting_number}`));
    }
    return fakePdf(`labels-${numbers.length}.pdf`, `Ozon package labels: ${numbers.join(', ')}`);
  }

  /** v2 act/create: the act and waybill for every shipped, not yet handed-over posting of a delivery method. */
  private createAct(clientId: string, body: Record<string, unknown>) {
    const deliveryMethodId = Number(body.delivery_method_id);
    if (!Number.isInteger(deliveryMethodId) || deliveryMethodId < 1) throw bad('delivery_method_id: value is required');
    if (body.departure_date !== undefined) this.date(body.departure_date, 'departure_date');
    const inActs = new Set([...this.acts.values()].flatMap((a) => a.postings));
    const postings = this.own(clientId)
      .filter((p) => p.status === 'awaiting_deliver' && !inActs.has(p.posting_number))
      .map((p) => p.posting_number);
    if (!postings.length) throw new HttpError(400, ozonError(GRPC.failedPrecondition, 'NO_POSTINGS_FOR_ACT: no postings awaiting delivery'));
    const createdAt = this.now().toISOString();
    const departureDate = typeof body.departure_date === 'string' ? body.departure_date : createdAt;
    const act = { id: this.nextAct++, clientId, deliveryMethodId, postings, checks: 0, createdAt, departureDate };
    this.acts.set(act.id, act);
    return { result: { id: act.id } };
  }

  /**
   * v2 act/list: the account's acts (carriages) created within filter.date_from … date_to (dates,
   * both days included), newest first, at most `limit`; `status` filters by the carriage status.
   */
  private actList(clientId: string, body: Record<string, unknown>) {
    const limit = Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw bad('limit: value must be between 1 and 1000');
    const filter = (body.filter ?? {}) as { date_from?: unknown; date_to?: unknown; status?: unknown; integration_type?: unknown };
    const day = (value: unknown, field: string) => {
      if (value === undefined || value === '') return null;
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw bad(`filter.${field}: invalid date`);
      return value.slice(0, 10);
    };
    const from = day(filter.date_from, 'date_from');
    const to = day(filter.date_to, 'date_to');
    const statuses = Array.isArray(filter.status) ? filter.status.map(String) : [];
    const statusOf = (act: { checks: number }) => (act.checks >= 2 ? 'formed' : 'in_process');
    const rows = [...this.acts.values()]
      .filter((a) => a.clientId === clientId)
      .filter((a) => (!from || a.createdAt.slice(0, 10) >= from) && (!to || a.createdAt.slice(0, 10) <= to))
      .filter((a) => !statuses.length || statuses.includes(statusOf(a)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
      .slice(0, limit);
    return {
      result: rows.map((a) => ({
        id: a.id,
        delivery_method_id: a.deliveryMethodId,
        delivery_method_name: 'Ozon Логистика самостоятельно, Москва',
        integration_type: 'ozon',
        containers_count: 0,
        status: statusOf(a),
        departure_date: a.departureDate.slice(0, 10),
        created_at: a.createdAt,
        updated_at: a.createdAt,
        act_type: 'ozon_digital',
        is_partial: false,
        has_postings_for_next_carriage: false,
        partial_num: 0,
        related_docs: { act_of_acceptance: null, act_of_mismatch: null, act_of_excess: null },
      })),
    };
  }

  /** v2 act/get-postings: the postings of one of the account's acts. */
  private actPostings(clientId: string, body: Record<string, unknown>) {
    const act = this.ownedAct(clientId, body);
    return {
      result: act.postings.map((number) => {
        const p = this.postings.get(number)!;
        return {
          id: act.id,
          multi_box_qty: 1,
          posting_number: number,
          status: p.status,
          seller_error: '',
          created_at: act.createdAt,
          updated_at: p.last_changed_status_date,
          products: p.products.map((x) => ({ name: x.name, offer_id: x.offer_id, price: x.price, quantity: x.quantity, sku: x.sku })),
        };
      }),
    };
  }

  private ownedAct(clientId: string, body: Record<string, unknown>) {
    const act = this.acts.get(Number(body.id));
    if (!act || act.clientId !== clientId) throw new HttpError(404, ozonError(GRPC.notFound, 'act not found'));
    return act;
  }

  /** v2 act/check-status: Ozon forms the documents for a while (`in_process` at the first check), then `ready`. */
  private actStatus(clientId: string, body: Record<string, unknown>) {
    const act = this.ownedAct(clientId, body);
    const status = act.checks++ === 0 ? 'in_process' : 'ready';
    return { result: { id: act.id, status, added_to_act: status === 'ready' ? act.postings : [], removed_from_act: [] as string[] } };
  }

  /** v2 act/get-pdf: the act and waybill, once formed. */
  private actPdf(clientId: string, body: Record<string, unknown>) {
    const act = this.ownedAct(clientId, body);
    if (act.checks < 2) throw new HttpError(400, ozonError(GRPC.failedPrecondition, 'DOCUMENTS_NOT_READY'));
    return fakePdf(`act-${act.id}.pdf`, `Ozon act ${act.id}: ${act.postings.join(', ')}`);
  }

  /** v2 cancel by the seller: only while Ozon offers it (awaiting packaging or delivery); reason 402 needs a message. */
  /** v1/review/list: limit 20–100, by publication (sort_dir, newest first by default), after `last_id`. */
  private reviewList(clientId: string, body: Record<string, unknown>) {
    const limit = Number(body.limit);
    if (!Number.isInteger(limit) || limit < 20 || limit > 100) throw bad('limit: value must be between 20 and 100');
    const status = String(body.status ?? 'ALL').toUpperCase();
    if (!['ALL', 'UNPROCESSED', 'PROCESSED'].includes(status)) throw bad('status: unknown value');
    const asc = String(body.sort_dir ?? 'DESC').toUpperCase() === 'ASC';
    const rows = [...this.reviews.values()]
      .filter((r) => r.clientId === clientId && (status === 'ALL' || r.status === status))
      .sort((a, b) => (asc ? 1 : -1) * (a.published_at.localeCompare(b.published_at) || a.id.localeCompare(b.id)));
    const lastId = typeof body.last_id === 'string' && body.last_id ? body.last_id : null;
    const start = lastId ? rows.findIndex((r) => r.id === lastId) + 1 : 0;
    const page = rows.slice(start, start + limit).map(({ clientId: _owner, offer_id: _offer, ...r }) => r);
    return { reviews: page, has_next: start + limit < rows.length, last_id: page.at(-1)?.id ?? '' };
  }

  /** v1/review/comment/create: the seller's public answer, at most 1,000 characters; may mark the review processed. */
  private createReviewComment(clientId: string, body: Record<string, unknown>) {
    const review = typeof body.review_id === 'string' ? this.reviews.get(body.review_id) : undefined;
    if (!review || review.clientId !== clientId) throw new HttpError(404, ozonError(GRPC.notFound, 'review not found'));
    const text = typeof body.text === 'string' ? body.text : '';
    if (!text.trim()) throw bad('text: value is required');
    if ([...text].length > 1000) throw bad('text: value length must be at most 1000');
    const comment_id = `c-${review.id}-${this.reviewComments.length + 1}`;
    const processed = body.mark_review_as_processed === true;
    this.reviewComments.push({ clientId, review_id: review.id, comment_id, text, processed, published_at: this.now().toISOString() });
    review.comments_amount++;
    if (processed) review.status = 'PROCESSED';
    return { comment_id };
  }

  /** v1/review/comment/list: a review's comments (here only the seller's own), limit 20–100, offset, by publication (sort_dir, ASC by default). */
  private reviewCommentList(clientId: string, body: Record<string, unknown>) {
    const review = typeof body.review_id === 'string' ? this.reviews.get(body.review_id) : undefined;
    if (!review || review.clientId !== clientId) throw new HttpError(404, ozonError(GRPC.notFound, 'review not found'));
    const limit = Number(body.limit);
    if (!Number.isInteger(limit) || limit < 20 || limit > 100) throw bad('limit: value must be between 20 and 100');
    const offset = body.offset === undefined ? 0 : Number(body.offset);
    if (!Number.isInteger(offset) || offset < 0) throw bad('offset: invalid value');
    const desc = String(body.sort_dir ?? 'ASC').toUpperCase() === 'DESC';
    const rows = this.reviewComments
      .filter((c) => c.review_id === review.id)
      .map((c, i) => ({ c, i }))
      .sort((a, b) => (desc ? -1 : 1) * (a.c.published_at.localeCompare(b.c.published_at) || a.i - b.i))
      .slice(offset, offset + limit);
    return {
      comments: rows.map(({ c }) => ({ id: c.comment_id, text: c.text, is_owner: true, is_official: true, parent_comment_id: '', published_at: c.published_at })),
      offset: offset + rows.length,
    };
  }

  /** v3/product/info/list by Ozon SKU: the offer ids (the seller's SKUs) of the products the fake knows. */
  private productInfo(clientId: string, body: Record<string, unknown>) {
    const skus = new Set((Array.isArray(body.sku) ? body.sku : []).map(String));
    if (skus.size > 1000) throw bad('sku: at most 1000');
    const known = new Map<string, string>();
    for (const r of this.reviews.values()) if (r.clientId === clientId) known.set(String(r.sku), r.offer_id);
    for (const p of this.own(clientId)) for (const item of p.products) known.set(String(item.sku), item.offer_id);
    return { items: [...skus].filter((s) => known.has(s)).map((s) => ({ id: Number(s) + 1_000_000, sku: Number(s), offer_id: known.get(s)! })) };
  }

  /** v1/returns/list: at most one date filter, limit ≤ 500, by id ascending after `last_id`. */
  private returnsList(clientId: string, body: Record<string, unknown>) {
    const limit = Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw bad('limit: value must be between 1 and 500');
    const lastId = body.last_id === undefined || body.last_id === null ? 0 : Number(body.last_id);
    if (!Number.isFinite(lastId) || lastId < 0) throw bad('last_id: invalid value');
    const filter = (body.filter ?? {}) as Record<string, unknown>;
    const dateFilters = ['logistic_return_date', 'storage_tariffication_start_date', 'visual_status_change_moment'].filter((f) => filter[f] !== undefined);
    if (dateFilters.length > 1) throw bad('filter: use only one of logistic_return_date, storage_tariffication_start_date, visual_status_change_moment');
    const range = dateFilters[0] ? (filter[dateFilters[0]] as { time_from?: unknown; time_to?: unknown }) : null;
    const from = range?.time_from !== undefined ? this.date(range.time_from, `filter.${dateFilters[0]}.time_from`) : -Infinity;
    const to = range?.time_to !== undefined ? this.date(range.time_to, `filter.${dateFilters[0]}.time_to`) : Infinity;
    const postings = Array.isArray(filter.posting_numbers) ? new Set(filter.posting_numbers.map(String)) : null;
    if (postings && postings.size > 50) throw bad('filter.posting_numbers: at most 50');
    const schema = typeof filter.return_schema === 'string' ? filter.return_schema.toLowerCase() : null;
    const rows = [...this.returns.values()]
      .filter((r) => {
        if (String(r.company_id) !== clientId || r.id <= lastId) return false;
        if (postings && !postings.has(r.posting_number)) return false;
        if (schema && r.schema.toLowerCase() !== schema) return false;
        if (!range) return true;
        // storage_tariffication_start_date: nothing here is in storage yet.
        const at =
          dateFilters[0] === 'logistic_return_date'
            ? Date.parse(r.logistic.return_date)
            : dateFilters[0] === 'visual_status_change_moment'
              ? Date.parse(r.visual.change_moment)
              : NaN;
        return at >= from && at <= to;
      })
      .sort((a, b) => a.id - b.id);
    // Ozon sends the int64 ids as strings.
    const page = rows.slice(0, limit).map((r) => ({
      ...r,
      id: String(r.id),
      company_id: String(r.company_id),
      order_id: String(r.order_id),
      clearing_id: String(r.clearing_id),
      source_id: String(r.source_id),
      product: { ...r.product, sku: String(r.product.sku) },
      exemplars: r.exemplars.map((e) => ({ id: String(e.id) })),
    }));
    return { returns: page, has_next: rows.length > limit };
  }

  private cancelBySeller(clientId: string, body: Record<string, unknown>) {
    const posting = this.ownedPosting(clientId, body.posting_number);
    if (!posting) throw new HttpError(404, ozonError(GRPC.notFound, 'posting not found'));
    const reason = cancelReasons.find((r) => r.id === Number(body.cancel_reason_id) && r.is_available_for_cancellation);
    if (!reason) throw bad('cancel_reason_id: unknown cancellation reason');
    const message = typeof body.cancel_reason_message === 'string' ? body.cancel_reason_message.trim() : '';
    if (reason.id === 402 && !message) throw bad('cancel_reason_message: required for reason 402');
    if (posting.status === 'cancelled') throw new HttpError(400, ozonError(GRPC.failedPrecondition, 'POSTING_ALREADY_CANCELLED'));
    if (posting.status !== 'awaiting_packaging' && posting.status !== 'awaiting_deliver')
      throw new HttpError(400, ozonError(GRPC.failedPrecondition, 'INVALID_POSTING_STATUS: cannot cancel'));
    this.cancel(posting.posting_number, { id: reason.id, message: message || reason.title });
    posting.cancellation!.cancellation_initiator = 'Продавец';
    return { result: true };
  }

  // ─── Marks ("Честный ЗНАК"), customs declarations, country of origin ────────────────────────

  /**
   * What Ozon still lacks before it lets the posting be packed, or null: every unit of a product
   * requiring marks has a mark that passed the check; every product requiring a GTD has, per unit,
   * a GTD or is_gtd_absent; every product requiring a country has one set.
   */
  private unmetRequirement(p: FakePosting): string | null {
    const saved = this.exemplars.get(p.posting_number) ?? [];
    const unitsOf = (sku: string) => p.products.filter((x) => String(x.sku) === sku).reduce((n, x) => n + x.quantity, 0);
    const exemplarsOf = (sku: string) => saved.find((x) => String(x.product_id) === sku)?.exemplars ?? [];
    for (const sku of p.requirements.products_requiring_mandatory_mark) {
      const ok = exemplarsOf(sku).filter((e) => e.marks.some((m) => m.mark_type === 'mandatory_mark' && this.markCheck(m.mark).status === 'passed'));
      if (ok.length < unitsOf(sku)) return 'EXEMPLAR_INFO_NOT_FILLED';
    }
    for (const sku of p.requirements.products_requiring_gtd) {
      const ok = exemplarsOf(sku).filter((e) => (e.gtd && gtdPattern.test(e.gtd)) || e.is_gtd_absent === true);
      if (ok.length < unitsOf(sku)) return 'EXEMPLAR_INFO_NOT_FILLED';
    }
    for (const sku of [...p.requirements.products_requiring_country, ...p.requirements.products_requiring_change_country])
      if (!this.countries.get(p.posting_number)?.has(Number(sku))) return 'COUNTRY_OF_ORIGIN_NOT_SET';
    return null;
  }

  /** The "Честный ЗНАК" check of one mark: in circulation unless steered otherwise, well-formed. */
  private markCheck(mark: string): { status: 'passed' | 'failed'; errors: string[] } {
    const errors = markFormatErrors(mark);
    for (const [prefix, code] of this.refusedMarks) if (mark.startsWith(prefix)) errors.push(code);
    return { status: errors.length ? 'failed' : 'passed', errors };
  }

  private exemplarProducts(body: Record<string, unknown>, posting: FakePosting): FakeExemplarProduct[] {
    const products = body.products as FakeExemplarProduct[] | undefined;
    if (!Array.isArray(products) || !products.length) throw bad('products: value is required');
    return products.map((product) => {
      const sku = Number(product.product_id);
      if (!posting.products.some((x) => x.sku === sku)) throw bad(`product ${String(product.product_id)} is not in the posting`);
      if (!Array.isArray(product.exemplars)) throw bad('products.exemplars: value is required');
      return {
        product_id: sku,
        exemplars: product.exemplars.map((e) => ({
          exemplar_id: e.exemplar_id,
          gtd: typeof e.gtd === 'string' ? e.gtd : '',
          is_gtd_absent: e.is_gtd_absent === true,
          is_rnpt_absent: e.is_rnpt_absent === true,
          rnpt: typeof e.rnpt === 'string' ? e.rnpt : '',
          marks: Array.isArray(e.marks) ? e.marks.map((m) => ({ mark: String(m.mark ?? ''), mark_type: String(m.mark_type ?? '') })) : [],
        })),
      };
    });
  }

  /** v5 exemplar/validate: characters and lengths of marks (and the GTD format); nothing is saved. */
  private validateExemplars(clientId: string, body: Record<string, unknown>) {
    const posting = this.ownedPosting(clientId, body.posting_number);
    if (!posting) throw new HttpError(404, ozonError(GRPC.notFound, 'posting not found'));
    return {
      products: this.exemplarProducts(body, posting).map((product) => {
        const exemplars = product.exemplars.map((e) => {
          const marks = e.marks.map((m) => {
            const errors = [...markFormatErrors(m.mark), ...(m.mark_type === 'mandatory_mark' || m.mark_type === 'jw_uin' ? [] : ['INVALID_MARK_TYPE'])];
            return { mark: m.mark, mark_type: m.mark_type, valid: !errors.length, errors };
          });
          const errors = e.gtd && !gtdPattern.test(e.gtd) ? ['GTD_INVALID_FORMAT'] : [];
          return { gtd: e.gtd, rnpt: e.rnpt, marks, valid: !errors.length && marks.every((m) => m.valid), errors };
        });
        return { product_id: product.product_id, exemplars, valid: exemplars.every((e) => e.valid), error: '' };
      }),
    };
  }

  /** v6 exemplar/set: only while awaiting packaging; replaces the posting's whole set; 200 = task created. */
  private setExemplars(clientId: string, body: Record<string, unknown>) {
    const posting = this.ownedPosting(clientId, body.posting_number);
    if (!posting) throw new HttpError(404, ozonError(GRPC.notFound, 'posting not found'));
    if (posting.status !== 'awaiting_packaging') throw new HttpError(400, ozonError(GRPC.failedPrecondition, 'INVALID_POSTING_STATE'));
    const products = this.exemplarProducts(body, posting);
    let next = 1;
    for (const p of products) for (const e of p.exemplars) e.exemplar_id = e.exemplar_id || Number(`${posting.order_id}${String(next++).padStart(3, '0')}`);
    this.exemplars.set(posting.posting_number, products);
    return {};
  }

  /** v5 exemplar/status: each mark's check, and whether the posting can be packed now. */
  private exemplarStatus(clientId: string, body: Record<string, unknown>) {
    const posting = this.ownedPosting(clientId, body.posting_number);
    if (!posting) throw new HttpError(404, ozonError(GRPC.notFound, 'posting not found'));
    const saved = this.exemplars.get(posting.posting_number) ?? [];
    const checking = this.exemplarChecksPending > 0;
    if (checking) this.exemplarChecksPending--;
    const products = saved.map((p) => ({
      product_id: p.product_id,
      exemplars: p.exemplars.map((e) => {
        const gtdOk = !e.gtd || gtdPattern.test(e.gtd);
        return {
          exemplar_id: e.exemplar_id,
          gtd: e.gtd,
          gtd_check_status: checking ? 'processing' : gtdOk ? 'passed' : 'failed',
          gtd_error_codes: gtdOk ? [] : ['GTD_INVALID_FORMAT'],
          is_gtd_absent: e.is_gtd_absent,
          is_rnpt_absent: e.is_rnpt_absent,
          rnpt: e.rnpt,
          rnpt_check_status: 'passed',
          rnpt_error_codes: [] as string[],
          marks: e.marks.map((m) => {
            const check = this.markCheck(m.mark);
            return { mark: m.mark, mark_type: m.mark_type, check_status: checking ? 'processing' : check.status, error_codes: checking ? [] : check.errors };
          }),
        };
      }),
    }));
    const status = checking ? 'validation_in_process' : this.unmetRequirement(posting) === 'EXEMPLAR_INFO_NOT_FILLED' ? 'ship_not_available' : 'ship_available';
    return { posting_number: posting.posting_number, products, status };
  }

  /** v2 product/country/set: the country (ISO 3166-1 alpha-2 from country/list) of a product of the posting. */
  private setCountry(clientId: string, body: Record<string, unknown>) {
    const posting = this.ownedPosting(clientId, body.posting_number);
    if (!posting) throw new HttpError(404, ozonError(GRPC.notFound, 'posting not found'));
    const sku = Number(body.product_id);
    if (!posting.products.some((x) => x.sku === sku)) throw bad('product_id: the product is not in the posting');
    const iso = typeof body.country_iso_code === 'string' ? body.country_iso_code : '';
    if (!countryList.some((c) => c.country_iso_code === iso)) throw bad('country_iso_code: unknown country');
    const set = this.countries.get(posting.posting_number) ?? new Map<number, string>();
    set.set(sku, iso);
    this.countries.set(posting.posting_number, set);
    return { product_id: sku, is_gtd_needed: posting.requirements.products_requiring_gtd.includes(String(sku)) };
  }

  /** v2 rFBS tracking numbers: ≤ 20 a call, each posting answered on its own. */
  private setTrackingNumbers(clientId: string, body: Record<string, unknown>) {
    const items = body.tracking_numbers as { posting_number?: unknown; tracking_number?: unknown }[] | undefined;
    if (!Array.isArray(items) || !items.length) throw bad('tracking_numbers: value is required');
    if (items.length > 20) throw bad('tracking_numbers: value must contain at most 20 items');
    return {
      result: items.map((item) => {
        const posting = this.ownedPosting(clientId, item.posting_number);
        const number = typeof item.tracking_number === 'string' ? item.tracking_number.trim() : '';
        const error = !posting
          ? 'POSTING_NOT_FOUND'
          : !posting.customer
            ? 'POSTING_IS_NOT_RFBS'
            : !number
              ? 'TRACKING_NUMBER_IS_EMPTY'
              : posting.status === 'cancelled'
                ? 'INVALID_POSTING_STATUS'
                : null;
        if (!error) this.trackingNumbers.set(posting!.posting_number, number);
        return { posting_number: String(item.posting_number ?? ''), result: !error, error: error ? [error] : [] };
      }),
    };
  }

  /**
   * A posting as the v3 calls return it. FBS: no buyer (customer and addressee null); rFBS: the
   * customer with the address (phones are always "" — Ozon hides them). `with.analytics_data` adds
   * the delivery interval.
   */
  private view(p: FakePosting, withFields?: unknown) {
    const wanted = (withFields ?? {}) as Record<string, unknown>;
    const unmet = this.unmetRequirement(p) !== null;
    return {
      posting_number: p.posting_number,
      order_id: p.order_id,
      order_number: p.order_number,
      status: p.status,
      substatus: p.substatus,
      delivery_method: {
        id: 1,
        name: 'Ozon Логистика самостоятельно, Москва',
        warehouse_id: p.warehouse_id,
        warehouse: `Склад ${p.warehouse_id}`,
        tpl_provider_id: 24,
        tpl_provider: 'Ozon Логистика',
      },
      tracking_number: '',
      tpl_integration_type: p.customer ? 'non_integrated' : 'ozon',
      in_process_at: p.in_process_at,
      shipment_date: p.shipment_date,
      delivering_date: p.delivering_date,
      cancellation: p.cancellation ?? {
        cancel_reason_id: 0,
        cancel_reason: '',
        cancellation_type: '',
        cancelled_after_ship: false,
        affect_cancellation_rating: false,
        cancellation_initiator: '',
      },
      customer: p.customer ? { ...p.customer, phone: '', address: { ...p.customer.address, latitude: 0, longitude: 0, provider_pvz_code: '' } } : null,
      products: p.products.map((x) => ({ ...x })),
      addressee: p.customer ? { name: p.customer.name, phone: '' } : null,
      barcodes: null,
      analytics_data: wanted.analytics_data
        ? {
            city: p.customer?.address.city ?? '',
            region: p.customer?.address.region ?? '',
            delivery_type: p.customer ? 'Courier' : 'PVZ',
            is_premium: false,
            payment_type_group_name: 'картой онлайн',
            warehouse_id: p.warehouse_id,
            warehouse: `Склад ${p.warehouse_id}`,
            tpl_provider_id: 24,
            tpl_provider: 'Ozon Логистика',
            delivery_date_begin: p.delivery_date_begin,
            delivery_date_end: p.delivery_date_end,
            is_legal: false,
          }
        : null,
      financial_data: null,
      is_express: false,
      requirements: p.requirements,
      parent_posting_number: p.parent_posting_number,
      // The postings this one was split into (when packed or by a split), asked for with `with.related_postings`.
      ...(wanted.related_postings
        ? {
            related_postings: {
              related_posting_numbers: [...this.postings.values()].filter((x) => x.parent_posting_number === p.posting_number).map((x) => x.posting_number),
            },
          }
        : {}),
      available_actions:
        p.status === 'awaiting_packaging'
          ? ['arbitration', 'cancel', 'product_cancel', unmet ? 'ship_with_additional_info' : 'ship']
          : p.status === 'awaiting_deliver'
            ? ['arbitration', 'cancel', 'label_download', ...(p.customer ? ['set_track_number'] : [])]
            : [],
      multi_box_qty: 1,
      is_multibox: false,
    };
  }
}

export interface FakeExemplarProduct {
  product_id: number;
  exemplars: { exemplar_id?: number; gtd: string; is_gtd_absent: boolean; is_rnpt_absent: boolean; rnpt: string; marks: { mark: string; mark_type: string }[] }[];
}

/** A customs declaration number: office (8 digits) / date DDMMYY / number (7 digits) [/ item (3 digits)]. */
const gtdPattern = /^\d{8}\/\d{6}\/\d{7}(\/\d{3})?$/;

/**
 * What Ozon's format check says of a mark ("по количеству и составу символов"): a "Честный ЗНАК" code
 * starts with 01 + 14-digit GTIN + 21 + serial, carries the 91/92 verification fields (GS-separated
 * or not), printable ASCII only.
 */
function markFormatErrors(mark: string): string[] {
  const plain = mark.replaceAll('\u001d', '');
  if (!/^[\x21-\x7e]+$/.test(plain)) return ['INVALID_CHARACTERS'];
  if (!/^01\d{14}21/.test(plain)) return ['INVALID_MARK_FORMAT'];
  if (![76, 83, 120, 127].includes(plain.length)) return ['INVALID_MARK_LENGTH'];
  return [];
}

/** A few of Ozon's countries of origin (v2/posting/fbs/product/country/list). */
export const countryList = [
  { name: 'Китай', country_iso_code: 'CN' },
  { name: 'Россия', country_iso_code: 'RU' },
  { name: 'Турция', country_iso_code: 'TR' },
  { name: 'Казахстан', country_iso_code: 'KZ' },
  { name: 'Беларусь', country_iso_code: 'BY' },
  { name: 'Вьетнам', country_iso_code: 'VN' },
  { name: 'Индия', country_iso_code: 'IN' },
];

/** Ozon's reasons a seller may cancel a posting with (v2/posting/fbs/cancel-reason/list; 402 needs a message). */
export const cancelReasons = [
  { id: 352, title: 'Товар закончился на складе продавца', type_id: 'seller', is_available_for_cancellation: true },
  { id: 400, title: 'Остался только бракованный товар', type_id: 'seller', is_available_for_cancellation: true },
  { id: 401, title: 'Отмена из арбитража', type_id: 'seller', is_available_for_cancellation: false },
  { id: 402, title: 'Другая причина', type_id: 'seller', is_available_for_cancellation: true },
  { id: 665, title: 'Покупатель не забрал заказ', type_id: 'seller', is_available_for_cancellation: false },
  { id: 666, title: 'Возврат из службы доставки: нет доставки в указанный регион', type_id: 'seller', is_available_for_cancellation: false },
];

/** A small valid PDF as Ozon's file answers carry it ({ content_type, file_name, file_content: base64 }). */
function fakePdf(fileName: string, text: string) {
  const safe = text.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const stream = `BT /F1 10 Tf 20 400 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { content_type: 'application/pdf', file_name: fileName, file_content: Buffer.from(pdf, 'latin1').toString('base64') };
}

/** Starts a fake on a free port (tests). */
export async function startFakeOzon(options: FakeOzonOptions = {}): Promise<FakeOzon> {
  const fake = new FakeOzon(options);
  await fake.start(options.port ?? 0, options.host ?? '127.0.0.1');
  return fake;
}
