// Who may do what: one vocabulary of permissions, a role → permissions table for staff and an
// API-key scope → permissions table for integrators. Every root field and every object type of the
// schema declares the permission it needs with `authScopes: { permission: '…' }` (see builder.ts and
// guard.ts); nothing else in the code base should look at roles or scopes directly.
import type { Role } from '@orderly/schema';

export const permissions = [
  'orders:read', // list and read orders, their lines and timelines, status counts
  'orders:write', // take in orders, confirm them, place and release holds
  'orders:cancel', // cancel whole orders or some of their lines
  'inventory:read', // stock levels, the stock ledger, low-stock reports, purchase orders as incoming stock (no prices, no supplier contacts)
  'inventory:write', // receive goods without a purchase order, correct counts, low-stock thresholds
  'products:read', // the catalogue (scan a barcode, look a product up)
  'products:write', // change the catalogue
  'promotions:read', // promotions and their results (promotionReport)
  'promotions:write', // create, change and end promotions
  'picking', // pick lists: create, scan, short-pick, complete
  'packing', // parcels: pack, weigh, close
  'shipping', // labels, hand-over to the carrier, manifests, tracking updates
  'carriers:manage', // carriers as data: names, tracking links sent to buyers, pickup windows
  'shipments:read', // shipments, parcels and tracking (read only)
  'exceptions:read', // the delivery-exception queue, claims, deadlines and evidence
  'exceptions:manage', // open, update, resolve exceptions; file and update claims; reship
  'documents:print', // labels, packing slips, hand-over acts (they carry the buyer's address)
  'printers:manage', // network label printers and each station's default printer
  'returns:read', // returns (RMAs), their lines, inspections, refunds and exchange orders
  'returns:manage', // request, approve, decline, cancel and close returns (refund or exchange); record return tracking
  'returns:receive', // the returns station: receive a return parcel, inspect its units, restock resellable ones
  'returns:override', // let a return outside the channel's policy (window, reasons) through, with a reason
  'reviews:read',
  'reviews:write',
  'customers:read', // buyers and their orders, with personal data masked
  'customers:read_pii', // buyers' names, phones, e-mails and street addresses unmasked (audited)
  'customers:write',
  'webhooks:read',
  'webhooks:manage',
  'users:manage', // staff accounts: create, roles, deactivate, reset passwords
  'apikeys:manage', // integrator API keys: create, revoke
  'audit:read', // the audit log
  'dashboard:read', // the manager dashboard: orders, shipping, returns, ratings over a date range
  'privacy:manage', // run the buyer-data retention job by hand
  'marketplaces:manage', // marketplace seller accounts (Ozon): credentials, warehouse mapping, sync health
  'receiving', // the Receive station: count goods into stock against purchase orders
  'purchasing:read', // suppliers and their contacts, prices (of products, purchase orders and their printouts), currency rates and purchase costs, replenishment suggestions
  'purchasing:manage', // suppliers and their products, currency rates, purchase orders: create, send, cancel (receiving is `receiving`)
] as const;
export type Permission = (typeof permissions)[number];

const all = permissions;
const floorReads: Permission[] = ['orders:read', 'inventory:read', 'products:read'];

/** What each staff role may do. A user with several roles has the union. */
export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  ADMIN: all,
  MANAGER: [
    ...floorReads,
    'orders:write',
    'orders:cancel',
    'inventory:write',
    'receiving',
    'products:write',
    'promotions:read',
    'promotions:write',
    'picking',
    'packing',
    'shipping',
    'carriers:manage',
    'shipments:read',
    'exceptions:read',
    'exceptions:manage',
    'documents:print',
    'printers:manage',
    'returns:read',
    'returns:manage',
    'returns:receive',
    'returns:override',
    'reviews:read',
    'reviews:write',
    'customers:read',
    'customers:read_pii',
    'customers:write',
    'purchasing:read',
    'purchasing:manage',
    'dashboard:read',
  ],
  PICKER: [...floorReads, 'picking', 'receiving'],
  PACKER: [...floorReads, 'packing', 'receiving', 'shipping', 'shipments:read', 'documents:print', 'returns:read', 'returns:receive'],
  SUPPORT: [
    ...floorReads,
    'orders:write',
    'orders:cancel',
    'shipments:read',
    'exceptions:read',
    'exceptions:manage',
    'returns:read',
    'returns:manage',
    'reviews:read',
    'reviews:write',
    'customers:read',
    'customers:read_pii',
    'customers:write',
  ],
};

/** Integrator API-key scopes, Shopify-style: `read_<resource>` and `write_<resource>` (write implies read). */
export const apiKeyResources = ['orders', 'inventory', 'products', 'shipments', 'returns', 'reviews', 'customers', 'webhooks', 'purchasing'] as const;
export type ApiKeyResource = (typeof apiKeyResources)[number];
/** Floor steps with no read scope of their own: what they act on is read as orders, stock, products and shipments. */
export const apiKeyWriteOnlyScopes = ['write_fulfillment', 'write_carriers'] as const;
export type ApiKeyScope = `read_${ApiKeyResource}` | `write_${ApiKeyResource}` | (typeof apiKeyWriteOnlyScopes)[number];
export const apiKeyScopes: readonly ApiKeyScope[] = [...apiKeyResources.flatMap((r) => [`read_${r}`, `write_${r}`] as const), ...apiKeyWriteOnlyScopes];

/** What each API-key scope grants, on the same permission vocabulary as staff roles. */
export const scopePermissions: Readonly<Record<ApiKeyScope, readonly Permission[]>> = {
  read_orders: ['orders:read'],
  write_orders: ['orders:read', 'orders:write', 'orders:cancel'],
  read_inventory: ['inventory:read'],
  // Receiving against purchase orders was inventory:write before `receiving`: keys that received still do.
  write_inventory: ['inventory:read', 'inventory:write', 'receiving'],
  // Promotions price the catalogue: an own shop's integrator reads and runs them with its products.
  read_products: ['products:read', 'promotions:read'],
  write_products: ['products:read', 'products:write', 'promotions:read', 'promotions:write'],
  read_shipments: ['shipments:read', 'exceptions:read'],
  // A carrier or WMS prints the labels and hand-over acts it hands over (README: labels, hand-over, tracking).
  write_shipments: ['shipments:read', 'shipping', 'documents:print', 'exceptions:read', 'exceptions:manage'],
  // A WMS or 3PL picks and packs: it reads what the floor roles read (orders, stock, catalogue, the parcels it packs).
  write_fulfillment: ['orders:read', 'inventory:read', 'products:read', 'shipments:read', 'picking', 'packing'],
  // Carriers as data (tracking links, pickup windows) read back as Carrier objects, which shipments:read reads.
  write_carriers: ['shipments:read', 'carriers:manage'],
  read_returns: ['returns:read'],
  // Marketplace connectors and ERPs report returns, their tracking, receipt and refunds; only staff override the policy.
  write_returns: ['returns:read', 'returns:manage', 'returns:receive'],
  read_reviews: ['reviews:read'],
  write_reviews: ['reviews:read', 'reviews:write'],
  // Buyer data: an ERP that needs names and addresses asks for read_customers explicitly.
  read_customers: ['customers:read', 'customers:read_pii'],
  write_customers: ['customers:read', 'customers:read_pii', 'customers:write'],
  read_webhooks: ['webhooks:read'],
  write_webhooks: ['webhooks:read', 'webhooks:manage'],
  // A purchase order names its products and warehouse: the key reads them too. Receiving is write_purchasing or write_inventory.
  read_purchasing: ['purchasing:read', 'products:read', 'inventory:read'],
  write_purchasing: ['purchasing:read', 'products:read', 'inventory:read', 'purchasing:manage', 'receiving'],
};

export const isApiKeyScope = (value: string): value is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(value);
export const isPermission = (value: string): value is Permission => (permissions as readonly string[]).includes(value);

export function permissionsForRoles(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => rolePermissions[r] ?? []));
}

/** Unknown scopes (a key created before a scope was renamed) grant nothing. */
export function permissionsForScopes(scopes: readonly string[]): Set<Permission> {
  return new Set(scopes.filter(isApiKeyScope).flatMap((s) => scopePermissions[s]));
}

/** Permissions every caller needs to be allowed a field declared with `permission: p` (one or all of a list). */
export function grants(viewer: { permissions: ReadonlySet<Permission> } | null | undefined, required: Permission | readonly Permission[]): boolean {
  if (!viewer) return false;
  const list = typeof required === 'string' ? [required] : required;
  return list.every((p) => viewer.permissions.has(p));
}

/** True for a caller holding every permission there is (ADMIN): the only one allowed fields that forgot to declare theirs. */
export const isSuperuser = (viewer: { permissions: ReadonlySet<Permission> } | null | undefined) => !!viewer && permissions.every((p) => viewer.permissions.has(p));

/**
 * True when every caller holding all of `held` also holds all of `required`, whatever their roles
 * or key scopes: a caller's permissions are always a union of role (or scope) grants, so it is
 * enough that no union of grants lacking a required permission covers `held`.
 */
export function implies(held: readonly Permission[], required: readonly Permission[]): boolean {
  // Staff hold unions of roles, integrators unions of scopes: never both.
  return [Object.values(rolePermissions), Object.values(scopePermissions)].every((grantSets) =>
    required.every((p) => {
      const without = new Set(grantSets.filter((g) => !g.includes(p)).flat());
      return !held.every((h) => without.has(h));
    }),
  );
}
