// Webhook subscriptions and their delivery log. Who may touch which subscription:
// - an integrator's API key (write_webhooks) manages the subscriptions of that key only; it does
//   not see, and gets NOT_FOUND for, any other key's;
// - staff with webhooks:manage (ADMIN) manage every key's, and create one *for* a key by naming it
//   (apiKeyId) — the secret is then shown to the admin once, to hand over to the integrator.
// A subscription only gets the event types its key may read (read_orders for order.*, …).
import type { Prisma, WebhookDeliveryStatus } from '@orderly/schema';
import type { Viewer } from '../../context.ts';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { apiKeyScopes, permissionsForScopes, scopePermissions } from '../auth/permissions.ts';
import { enqueueJob } from '../jobs/enqueue.ts';
import { type EventType, eventTypes, isEventType } from './event-types.ts';
import { newWebhookSecret } from './signing.ts';
import { checkWebhookUrl, type UrlPolicy, urlPolicyFromEnv } from './url-policy.ts';
import { config } from '../../core/config.ts';
import { open, seal } from '../../core/secret-box.ts';
import type { Db } from '@orderly/schema';

/** Active subscriptions one key may have. */
export const maxSubscriptionsPerKey = config.WEBHOOK_MAX_SUBSCRIPTIONS_PER_KEY;

/** The signing secret is sealed at rest (core/secret-box.ts), bound to its subscription. */
const secretContext = (subscriptionId: string) => `webhook-subscription:${subscriptionId}`;
export const sealWebhookSecret = (subscriptionId: string, secret: string) => seal(secret, secretContext(subscriptionId));
/** The secret in clear, to sign with (the dispatcher); never logged, never in GraphQL output. */
export const openWebhookSecret = (subscription: { id: string; secretSealed: string }) => open(subscription.secretSealed, secretContext(subscription.id));

/** Seals the secrets still stored in clear (rows from before secrets were sealed); run at start-up. Returns how many. */
export async function sealLegacyWebhookSecrets(db: Db): Promise<number> {
  const legacy = await db.webhookSubscription.findMany({ where: { NOT: { secretSealed: { startsWith: 'v1.' } } }, select: { id: true, secretSealed: true } });
  for (const row of legacy) {
    await db.webhookSubscription.updateMany({
      where: { id: row.id, secretSealed: row.secretSealed },
      data: { secretSealed: sealWebhookSecret(row.id, row.secretSealed) },
    });
  }
  return legacy.length;
}

/** Which subscriptions the viewer may see and change. */
export function subscriptionScope(viewer: Viewer | null): Prisma.WebhookSubscriptionWhereInput {
  if (!viewer) return { id: { in: [] } };
  if (viewer.kind === 'apiKey') return { apiKeyId: viewer.apiKeyId ?? '00000000-0000-0000-0000-000000000000' };
  return {}; // staff holding webhooks:read / webhooks:manage, and system jobs
}

async function audit(tx: Tx, actor: string, action: string, subjectType: string, subjectId: string, data: Prisma.InputJsonObject) {
  await tx.auditLog.create({ data: { actor, action, subjectType, subjectId, data } });
}

const notFound = (field: string[]) => new DomainError(userError('NOT_FOUND', 'No such webhook subscription', field));

function checkUrl(url: string, policy: UrlPolicy, field: string[]) {
  const checked = checkWebhookUrl(url, policy);
  if (!checked.ok) throw new DomainError(userError('INVALID_WEBHOOK_URL', checked.reason, field));
  return checked.url;
}

/** The event types, de-duplicated; refused when the key may not read what they carry. */
function checkEventTypes(types: readonly string[], keyScopes: readonly string[], field: string[]): EventType[] {
  const unique = [...new Set(types)];
  if (!unique.length) throw new DomainError(userError('INVALID_INPUT', 'Subscribe to at least one event type', field));
  const unknown = unique.filter((t) => !isEventType(t));
  if (unknown.length) throw new DomainError(userError('INVALID_INPUT', `Unknown event types: ${unknown.join(', ')}`, field));
  const granted = permissionsForScopes(keyScopes);
  const missing = (unique as EventType[]).filter((t) => !granted.has(eventTypes[t].permission));
  if (missing.length) {
    const scopes = [
      ...new Set(
        missing.map((t) => apiKeyScopes.find((s) => s.startsWith('read_') && scopePermissions[s].includes(eventTypes[t].permission)) ?? eventTypes[t].permission),
      ),
    ];
    throw new DomainError(
      userError('MISSING_SCOPE', `The API key may not read what ${missing.join(', ')} carries: it needs ${scopes.join(', ')} (create a key with that scope)`, field),
    );
  }
  return unique as EventType[];
}

function checkDescription(description: string | null | undefined) {
  const text = description?.trim() || null;
  if (text && text.length > 200) throw new DomainError(userError('INVALID_INPUT', 'The description may have at most 200 characters', ['input', 'description']));
  return text;
}

async function activeKey(tx: Tx, apiKeyId: string, field: string[]) {
  const key = await tx.apiKey.findUnique({ where: { id: apiKeyId }, select: { id: true, scopes: true, revokedAt: true } });
  if (!key) throw new DomainError(userError('NOT_FOUND', 'No such API key', field));
  if (key.revokedAt) throw new DomainError(userError('INVALID_INPUT', 'This API key is revoked', field));
  return key;
}

async function assertBelowLimit(tx: Tx, apiKeyId: string) {
  const count = await tx.webhookSubscription.count({ where: { apiKeyId, active: true } });
  if (count >= maxSubscriptionsPerKey) {
    throw new DomainError(
      userError('TOO_MANY_SUBSCRIPTIONS', `An API key may have at most ${maxSubscriptionsPerKey} active webhook subscriptions; delete one first`, null),
    );
  }
}

export interface CreateSubscriptionInput {
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
  /** The key the subscription is for: staff must name it; a key may only name itself. */
  apiKeyId?: string | null;
}

export async function createWebhookSubscription(tx: Tx, viewer: Viewer | null, input: CreateSubscriptionInput, policy: UrlPolicy = urlPolicyFromEnv()) {
  if (!viewer) throw new DomainError(userError('NOT_FOUND', 'No such API key', ['input', 'apiKeyId']));
  let apiKeyId: string;
  if (viewer.kind === 'apiKey') {
    if (input.apiKeyId && input.apiKeyId !== viewer.apiKeyId) throw new DomainError(userError('NOT_FOUND', 'No such API key', ['input', 'apiKeyId']));
    apiKeyId = viewer.apiKeyId!;
  } else {
    if (!input.apiKeyId) {
      throw new DomainError(userError('INVALID_INPUT', 'Name the API key the webhook is for (apiKeyId): webhooks belong to an integrator key', ['input', 'apiKeyId']));
    }
    apiKeyId = input.apiKeyId;
  }
  const key = await activeKey(tx, apiKeyId, ['input', 'apiKeyId']);
  const url = checkUrl(input.url, policy, ['input', 'url']);
  const types = checkEventTypes(input.eventTypes, key.scopes, ['input', 'eventTypes']);
  const description = checkDescription(input.description);
  await assertBelowLimit(tx, key.id);
  const secret = newWebhookSecret();
  // Sealed for its row id (uuid7, given by the database): written in the same transaction, never in clear.
  const created = await tx.webhookSubscription.create({ data: { apiKeyId: key.id, url, eventTypes: types, description, secretSealed: '', createdBy: viewer.actor } });
  await tx.webhookSubscription.update({ where: { id: created.id }, data: { secretSealed: sealWebhookSecret(created.id, secret) } });
  await audit(tx, viewer.actor, 'webhook.subscription_created', 'WebhookSubscription', created.id, { apiKeyId: key.id, url, eventTypes: types });
  return { subscriptionId: created.id, secret };
}

export interface UpdateSubscriptionInput {
  url?: string | null;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  active?: boolean | null;
}

async function findOwned(tx: Tx, viewer: Viewer | null, id: string, field: string[]) {
  const subscription = await tx.webhookSubscription.findFirst({
    where: { AND: [{ id }, subscriptionScope(viewer)] },
    include: { apiKey: { select: { scopes: true, revokedAt: true } } },
  });
  if (!subscription) throw notFound(field);
  return subscription;
}

/** Stops a subscription: no new deliveries; the pending ones are FAILED (they can be redelivered after reactivating). */
async function deactivate(tx: Tx, subscriptionId: string, at: Date) {
  await tx.webhookSubscription.update({ where: { id: subscriptionId }, data: { active: false, deactivatedAt: at } });
  await tx.webhookDelivery.updateMany({
    where: { subscriptionId, status: 'PENDING' },
    data: { status: 'FAILED', lastError: 'subscription deactivated before delivery', manualAttempt: false },
  });
}

export async function updateWebhookSubscription(
  tx: Tx,
  viewer: Viewer | null,
  id: string,
  input: UpdateSubscriptionInput,
  options: { rotateSecret?: boolean | null; policy?: UrlPolicy } = {},
) {
  const subscription = await findOwned(tx, viewer, id, ['id']);
  const data: Prisma.WebhookSubscriptionUpdateInput = {};
  if (input.url != null) data.url = checkUrl(input.url, options.policy ?? urlPolicyFromEnv(), ['input', 'url']);
  if (input.eventTypes != null) data.eventTypes = checkEventTypes(input.eventTypes, subscription.apiKey.scopes, ['input', 'eventTypes']);
  if (input.description !== undefined) data.description = checkDescription(input.description);
  let secret: string | null = null;
  if (options.rotateSecret) {
    secret = newWebhookSecret();
    data.secretSealed = sealWebhookSecret(id, secret);
  }
  const now = new Date();
  if (input.active === true && !subscription.active) {
    if (subscription.apiKey.revokedAt) throw new DomainError(userError('INVALID_INPUT', 'The API key of this subscription is revoked', ['input', 'active']));
    await assertBelowLimit(tx, subscription.apiKeyId);
    data.active = true;
    data.deactivatedAt = null;
  }
  await tx.webhookSubscription.update({ where: { id }, data });
  if (input.active === false && subscription.active) await deactivate(tx, id, now);
  await audit(tx, viewer!.actor, 'webhook.subscription_updated', 'WebhookSubscription', id, {
    fields: Object.keys(input).filter((k) => input[k as keyof UpdateSubscriptionInput] !== undefined && input[k as keyof UpdateSubscriptionInput] !== null),
    rotatedSecret: !!options.rotateSecret,
  });
  return { subscriptionId: id, secret };
}

/** "Delete" keeps the row and its delivery log: the subscription is deactivated. Repeating it is harmless. */
export async function deleteWebhookSubscription(tx: Tx, viewer: Viewer | null, id: string) {
  const subscription = await findOwned(tx, viewer, id, ['id']);
  if (subscription.active) {
    await deactivate(tx, id, new Date());
    await audit(tx, viewer!.actor, 'webhook.subscription_deleted', 'WebhookSubscription', id, {});
  }
  return { subscriptionId: id };
}

/**
 * Queues one more attempt of a delivery, now. A PENDING delivery just moves its next attempt up;
 * a FAILED (or SUCCEEDED) one gets this single attempt — if it fails, it is FAILED again.
 */
export async function redeliverWebhook(tx: Tx, viewer: Viewer | null, deliveryId: string, now = new Date()) {
  const delivery = await tx.webhookDelivery.findFirst({
    where: { id: deliveryId, subscription: subscriptionScope(viewer) },
    select: { id: true, status: true, subscription: { select: { id: true, active: true } } },
  });
  if (!delivery) throw new DomainError(userError('NOT_FOUND', 'No such webhook delivery', ['deliveryId']));
  if (!delivery.subscription.active) {
    throw new DomainError(
      userError('SUBSCRIPTION_INACTIVE', 'The subscription is deactivated: reactivate it (updateWebhookSubscription active: true) first', ['deliveryId']),
    );
  }
  await tx.webhookDelivery.update({
    where: { id: delivery.id },
    data: { status: 'PENDING', nextAttemptAt: now, manualAttempt: delivery.status !== 'PENDING' },
  });
  await audit(tx, viewer!.actor, 'webhook.redelivery_requested', 'WebhookDelivery', delivery.id, { previousStatus: delivery.status });
  // The dispatcher's job, in this transaction: the attempt is due now.
  await enqueueJob(tx, 'webhooks.dispatch');
  return { deliveryId: delivery.id };
}

export function deliveryFilter(
  viewer: Viewer | null,
  args: { subscriptionId?: string | null; status?: readonly WebhookDeliveryStatus[] | null },
): Prisma.WebhookDeliveryWhereInput {
  return {
    subscription: subscriptionScope(viewer),
    ...(args.subscriptionId ? { subscriptionId: args.subscriptionId } : {}),
    ...(args.status?.length ? { status: { in: [...args.status] } } : {}),
  };
}
