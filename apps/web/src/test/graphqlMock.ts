import type { OrderQueueNode } from '../pages/orders/orderQueue.graphql';

export interface RecordedRequest {
  method: string;
  url: string;
  operationName: string | undefined;
  /** The text, when sent (the app sends persisted documents by hash: see `extensions`). */
  query: string;
  variables: Record<string, unknown>;
  extensions: Record<string, unknown> | undefined;
}

export type Responder = (request: RecordedRequest) => unknown | Promise<unknown>;

/** Permissions of a MANAGER (apps/api permissions.ts): every floor action. */
export const MANAGER_PERMISSIONS = [
  'orders:read',
  'inventory:read',
  'products:read',
  'orders:write',
  'orders:cancel',
  'inventory:write',
  'products:write',
  'picking',
  'packing',
  'shipping',
  'shipments:read',
  'documents:print',
];

/** `me` as the API answers it, for a user with these roles / permissions. */
export function meResponse(options: { roles?: string[]; permissions?: string[]; id?: string } = {}) {
  return {
    data: {
      me: {
        __typename: 'Me',
        actor: `user:${options.id ?? 'u-1'}`,
        roles: options.roles ?? ['MANAGER'],
        permissions: options.permissions ?? MANAGER_PERMISSIONS,
        user: { __typename: 'User', id: options.id ?? 'VXNlcjp1LTE=', name: 'Лена', email: 'lena@example.test', locale: 'ru' },
      },
    },
  };
}

/** Operations every screen may send that a test need not script: the signed-in user is a manager; no network printers; no Ozon posting. */
const defaults: Record<string, Responder> = {
  Me: () => meResponse(),
  Printers: () => ({ data: { printers: [] } }),
  // The order's marketplace posting (a card of its own): none, unless a test scripts one.
  OrderMarketplacePosting: (r) => ({ data: { order: { __typename: 'Order', id: r.variables.id, marketplacePosting: null } } }),
};

/**
 * A `fetch` for urql that decodes GraphQL requests (GET: query/variables in the URL; POST: JSON
 * body), records them and answers with `responders[operationName](request)`:
 * - a plain object is sent as the JSON body ({ data } / { errors }),
 * - a `Response` is sent as is (HTTP errors),
 * - a thrown error becomes a network failure (like fetch does offline).
 */
export function createMockFetch(responders: Record<string, Responder>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    let payload: { operationName?: string; query?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> };
    if (method === 'GET') {
      const variables = url.searchParams.get('variables');
      const extensions = url.searchParams.get('extensions');
      payload = {
        operationName: url.searchParams.get('operationName') ?? undefined,
        query: url.searchParams.get('query') ?? '',
        variables: variables ? JSON.parse(variables) : {},
        extensions: extensions ? JSON.parse(extensions) : undefined,
      };
    } else {
      payload = JSON.parse(String(init?.body ?? '{}'));
    }
    const request: RecordedRequest = {
      method,
      url: url.pathname + url.search,
      operationName: payload.operationName,
      query: payload.query ?? '',
      variables: payload.variables ?? {},
      extensions: payload.extensions,
    };
    requests.push(request);
    const responder = request.operationName ? (responders[request.operationName] ?? defaults[request.operationName]) : undefined;
    if (!responder) throw new Error(`no mock for operation ${request.operationName}`);
    const body = await responder(request);
    if (body instanceof Response) return body;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetchMock as typeof fetch, requests };
}

let nextId = 1;

/** An order as the OrderQueue query returns it (with __typename, like the real API). */
export function makeOrder(overrides: Partial<OrderQueueNode> = {}): OrderQueueNode & { __typename: 'Order' } {
  const id = nextId++;
  return {
    __typename: 'Order',
    id: `T3JkZXI6${id}`,
    number: 1000 + id,
    channel: 'ozon',
    status: 'NEW',
    shipBy: new Date(Date.now() + 3 * 3600_000).toISOString(),
    lateRisk: false,
    cutoffState: 'OK',
    itemCount: 2,
    total: { __typename: 'Money', minorUnits: 123456, currency: 'RUB' } as OrderQueueNode['total'],
    shippingAddress: { __typename: 'Address', city: 'Москва', countryCode: 'RU' } as OrderQueueNode['shippingAddress'],
    ...overrides,
  };
}

export function ordersPage(nodes: OrderQueueNode[], options: { hasNextPage?: boolean; totalCount?: number } = {}) {
  const edges = nodes.map((node) => ({ __typename: 'OrderEdge', cursor: `cursor-${node.id}`, node }));
  return {
    data: {
      orders: {
        __typename: 'OrderConnection',
        totalCount: options.totalCount ?? nodes.length,
        pageInfo: {
          __typename: 'PageInfo',
          hasNextPage: options.hasNextPage ?? false,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        edges,
      },
    },
  };
}

export function statusCounts(counts: Record<string, number>) {
  return {
    data: {
      orderStatusCounts: Object.entries(counts).map(([status, count]) => ({
        __typename: 'OrderStatusCount',
        status,
        count,
      })),
    },
  };
}

type DetailOverrides = Partial<Omit<import('../pages/order/orderDetail.graphql').OrderDetail, 'timeline'>> & {
  events?: Partial<import('../pages/order/orderDetail.graphql').OrderEventNode>[];
};

const money = (minorUnits: number, currency = 'RUB') => ({ __typename: 'Money', minorUnits, currency });

/** An order as the OrderDetail query returns it: two lines with stock, a timeline. */
export function makeOrderDetail(overrides: DetailOverrides = {}) {
  const { events, ...rest } = overrides;
  const id = rest.id ?? 'T3JkZXI6ZGV0YWls';
  const line = (n: number, sku: string, name: string, quantity: number, available: number, price: number) => ({
    __typename: 'OrderLine',
    id: `T3JkZXJMaW5lOj${n}`,
    position: n,
    sku,
    name,
    quantity,
    quantityCancelled: 0,
    quantityPicked: 0,
    quantityPacked: 0,
    quantityShipped: 0,
    unitPrice: money(price),
    total: money(price * quantity),
    catalogPrice: null,
    product: {
      __typename: 'Product',
      id: `UHJvZHVjdDo${n}`,
      sku,
      price: money(price),
      inventory: [
        { __typename: 'InventoryLevel', id: `SW52Oj${n}`, available, onHand: available + 2, reserved: 2, warehouse: { __typename: 'Warehouse', code: 'MSK-1' } },
      ],
    },
  });
  return {
    __typename: 'Order',
    id,
    number: 1042,
    channel: 'ozon',
    externalId: '87215400-0001-1',
    status: 'NEW',
    version: 3,
    placedAt: '2025-12-04T08:00:00.000Z',
    shipBy: new Date(Date.now() + 4 * 3600_000).toISOString(),
    lateRisk: true,
    holdReason: null,
    holdNote: null,
    cancelReason: null,
    cancelNote: null,
    itemCount: 3,
    subtotal: money(437000),
    shipping: money(0),
    discount: money(0),
    total: money(437000),
    shippingAddress: { __typename: 'Address', city: 'Москва', region: 'Москва', countryCode: 'RU' },
    lines: [
      line(1, 'TWS-PRO-53', 'Беспроводные наушники TWS Pro 5.3 / 无线蓝牙耳机', 2, 42, 199000),
      line(2, 'CASE-IP15-BLK', 'Чехол для iPhone 15 / 手机壳', 1, 0, 39000),
    ],
    exceptions: [],
    notifications: [],
    timeline: {
      __typename: 'OrderTimelineConnection',
      totalCount: (events ?? [{}]).length,
      edges: (events ?? [{ type: 'IMPORTED', toStatus: 'NEW' }]).map((e, i) => ({
        __typename: 'OrderTimelineConnectionEdge',
        node: {
          __typename: 'OrderEvent',
          id: `T3JkZXJFdmVudDo${i}`,
          type: 'IMPORTED',
          actor: 'system',
          fromStatus: null,
          toStatus: null,
          createdAt: new Date(Date.now() - (10 - i) * 3600_000).toISOString(),
          data: {},
          ...e,
        },
      })),
    },
    ...rest,
  };
}

export const userErrors = (...errors: { code: string; field?: string[] | null; message?: string }[]) =>
  errors.map((e) => ({ __typename: 'UserError', field: null, message: e.code, ...e }));
