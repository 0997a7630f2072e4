import { createContext, createSignal, useContext, type Accessor } from 'solid-js';
import type { Client, DocumentInput } from '@urql/core';
import { stringifyDocument } from '@urql/core';
import { hasUnauthenticatedError } from '../auth/session';
import { isConnectionError } from '../graphql/client';
import type { UserError } from '../graphql/types';
import { newIdempotencyKey } from './ids';
import type { OutboxItem, OutboxStore } from './outboxStore';

/** How a send went. `network`: no answer (keep the item); `auth`: log in first (keep it too). */
export type SendResult =
  | { kind: 'ok'; payload: Record<string, unknown> | null }
  | { kind: 'network'; message: string }
  | { kind: 'auth'; message: string }
  | { kind: 'error'; message: string; code?: string };

/** What the caller of `submit` learns. */
export type SubmitOutcome =
  | { kind: 'done'; payload: Record<string, unknown> | null; userErrors: UserError[] }
  | { kind: 'queued'; key: string }
  | { kind: 'failed'; message: string; code?: string };

export interface MutationSpec {
  op: string;
  query: DocumentInput | string;
  /** Without idempotencyKey: it is added (one key per user action). */
  variables: Record<string, unknown>;
  /** Reuse this key (the user retries the same action). */
  idempotencyKey?: string;
  entity?: OutboxItem['entity'];
  meta?: OutboxItem['meta'];
}

/** An action the API has answered (sent now or replayed later), for screens that follow a queue. */
export interface OutboxResult {
  item: OutboxItem;
  /** done: applied (or refused while a screen waited for it); conflict / failed: needs attention. */
  kind: 'done' | 'conflict' | 'failed';
  payload: Record<string, unknown> | null;
  userErrors: UserError[];
}

export interface OutboxOptions {
  store: OutboxStore;
  send: (item: OutboxItem) => Promise<SendResult>;
  isOnline?: () => boolean;
  /** Backoff after a network failure: base * 2^n, capped. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  now?: () => Date;
}

/**
 * The outbox: every floor mutation goes through it. An action is written to IndexedDB with its
 * idempotency key first, then the queue is sent strictly in order.
 * - A network failure keeps the item (and everything behind it) queued; retried on the `online`
 *   event and with exponential backoff. The server deduplicates by the key, so a request that got
 *   through before the connection dropped is never applied twice.
 * - An answer with userErrors (at the payload's top or in its nested results: `payloadUserErrors`)
 *   resolves the item: the waiting screen shows them, or — for an action
 *   replayed later, when nobody waits for it — it stays in the list as a conflict ("needs
 *   attention") until dismissed. Nothing is dropped silently.
 */
export class Outbox {
  readonly items: Accessor<OutboxItem[]>;
  readonly pendingCount: Accessor<number>;
  readonly attentionCount: Accessor<number>;
  readonly syncing: Accessor<boolean>;

  private readonly setItems: (items: OutboxItem[]) => void;
  private readonly setSyncing: (value: boolean) => void;
  private readonly waiters = new Map<string, (outcome: SubmitOutcome) => void>();
  private readonly listeners = new Set<(result: OutboxResult) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ready: Promise<void>;

  constructor(private readonly options: OutboxOptions) {
    const [items, setItems] = createSignal<OutboxItem[]>([]);
    const [syncing, setSyncing] = createSignal(false);
    this.items = items;
    this.setItems = (next) => setItems(() => next);
    this.setSyncing = setSyncing;
    // Derived accessors, read by the components' tracked scopes (which is where their reactivity counts).
    // eslint-disable-next-line solid/reactivity -- see above
    this.pendingCount = () => items().filter((i) => i.status === 'pending').length;
    // eslint-disable-next-line solid/reactivity -- see above
    this.attentionCount = () => items().filter((i) => i.status !== 'pending').length;
    this.syncing = syncing;
    this.ready = this.refresh();
  }

  private isOnline() {
    return this.options.isOnline ? this.options.isOnline() : true;
  }

  private async refresh() {
    const all = await this.options.store.all();
    this.setItems(all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)));
  }

  /** Pending actions on one entity (e.g. the order on screen). */
  pendingFor(entityId: string): OutboxItem[] {
    return this.items().filter((i) => i.status === 'pending' && i.entity?.id === entityId);
  }

  /**
   * Queues one user action and sends it (in order, after anything already queued). Resolves with
   * the API's answer, or `queued` when it could not be sent now (it will be sent later).
   */
  async submit(spec: MutationSpec): Promise<SubmitOutcome> {
    await this.ready;
    const key = spec.idempotencyKey ?? (spec.variables.idempotencyKey as string | undefined) ?? newIdempotencyKey();
    const existing = this.items().find((i) => i.key === key && i.status === 'pending');
    if (!existing) {
      const chain = !!spec.entity && this.items().some((i) => i.status === 'pending' && i.entity?.id === spec.entity!.id);
      const item: OutboxItem = {
        key,
        op: spec.op,
        query: typeof spec.query === 'string' ? spec.query : stringifyDocument(spec.query),
        variables: { ...spec.variables, idempotencyKey: key },
        entity: spec.entity,
        meta: spec.meta,
        chainVersion: chain || undefined,
        status: 'pending',
        createdAt: (this.options.now?.() ?? new Date()).toISOString(),
        attempts: 0,
      };
      await this.options.store.add(item);
      await this.refresh();
    }
    const outcome = new Promise<SubmitOutcome>((resolve) => this.waiters.set(key, resolve));
    if (!this.isOnline()) this.releaseWaiters();
    else void this.flush();
    return outcome;
  }

  /** Sends everything pending, in order. Safe to call any time (one run at a time). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = (async () => {
      this.setSyncing(true);
      try {
        do {
          this.again = false;
          await this.ready;
          await this.runOnce();
        } while (this.again && this.isOnline() && this.timer === undefined);
      } finally {
        this.running = null;
        this.setSyncing(false);
        // Actions queued while this run was ending wait for the next attempt: tell their screens.
        if (this.waiters.size && (this.timer !== undefined || !this.isOnline())) this.releaseWaiters();
      }
    })();
    return this.running;
  }

  private async runOnce() {
    await this.refresh();
    const queue = this.items().filter((i) => i.status === 'pending');
    for (const { seq } of queue) {
      if (!this.isOnline()) {
        this.releaseWaiters();
        return;
      }
      // Re-read: an earlier step may have chained its version into this one, or it was dismissed.
      const current = this.items().find((i) => i.seq === seq);
      if (!current || current.status !== 'pending') continue;
      const item = structuredClone(current);
      item.attempts += 1;
      const result = await this.options.send(item);
      if (result.kind === 'network' || result.kind === 'auth') {
        item.lastError = result.message;
        await this.options.store.put(item);
        await this.refresh();
        this.releaseWaiters();
        if (result.kind === 'network') this.scheduleRetry();
        return; // strictly in order: nothing behind it goes first
      }
      this.failures = 0;
      const waiter = this.waiters.get(item.key);
      this.waiters.delete(item.key);
      if (result.kind === 'error') {
        if (waiter) await this.options.store.delete(item.seq!);
        else await this.options.store.put({ ...item, status: 'failed', lastError: result.message, resolvedAt: new Date().toISOString() });
        await this.refresh();
        this.announce({ item, kind: 'failed', payload: null, userErrors: [] });
        waiter?.({ kind: 'failed', message: result.message, code: result.code });
        continue;
      }
      const payload = result.payload;
      const userErrors = payloadUserErrors(payload);
      const version = (payload?.order as { version?: number } | null | undefined)?.version;
      if (item.entity) await this.chainNext(item, userErrors.length === 0 ? version : undefined);
      const notices = waiter ? [] : userErrors.length ? userErrors : shortageNotices(payload);
      if (notices.length) {
        await this.options.store.put({ ...item, status: 'conflict', userErrors: notices, resolvedAt: new Date().toISOString() });
      } else {
        await this.options.store.delete(item.seq!);
      }
      await this.refresh();
      this.announce({ item, kind: notices.length ? 'conflict' : 'done', payload, userErrors });
      waiter?.({ kind: 'done', payload, userErrors });
    }
  }

  private announce(result: OutboxResult) {
    for (const listener of this.listeners) {
      try {
        listener(result);
      } catch (error) {
        console.error(error);
      }
    }
  }

  /**
   * Every answer from now on (also for actions replayed later, when nobody waits): screens that
   * show optimistic state (scans) follow their actions here. Returns the unsubscribe function.
   */
  onResult(listener: (result: OutboxResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The screen that submitted this action is gone (or no longer waits): its promise resolves as
   * `queued` now, and a refusal when the action is sent becomes a conflict under "needs attention"
   * instead of an answer nobody sees.
   */
  detach(key: string): void {
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    waiter?.({ kind: 'queued', key });
  }

  /** The next queued action on the same order continues from the version this one produced. */
  private async chainNext(done: OutboxItem, version: number | undefined) {
    const next = this.items().find((i) => i.status === 'pending' && (i.seq ?? 0) > (done.seq ?? 0) && i.entity?.id === done.entity!.id);
    if (!next?.chainVersion) return;
    const updated = { ...next, chainVersion: undefined, variables: { ...next.variables } };
    if (version !== undefined && 'expectedVersion' in updated.variables) updated.variables.expectedVersion = version;
    await this.options.store.put(updated);
  }

  /** Everyone still waiting hears "queued": their actions are saved and will be sent later. */
  private releaseWaiters() {
    for (const [key, resolve] of this.waiters) resolve({ kind: 'queued', key });
    this.waiters.clear();
  }

  private scheduleRetry() {
    const base = this.options.retryBaseMs ?? 1000;
    const delay = Math.min(this.options.retryMaxMs ?? 60_000, base * 2 ** this.failures);
    this.failures += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  /** Sync screen: forget a conflict / failure after a person has looked at it. */
  async dismiss(seq: number) {
    await this.options.store.delete(seq);
    await this.refresh();
  }

  /** Sync screen: send a failed item again (same idempotency key). */
  async retry(seq: number) {
    const item = this.items().find((i) => i.seq === seq);
    if (!item) return;
    await this.options.store.put({ ...item, status: 'pending', userErrors: undefined, resolvedAt: undefined });
    await this.refresh();
    void this.flush();
  }

  /** Settings → clear offline data. */
  async clear() {
    await this.options.store.clear();
    await this.refresh();
  }

  /** Starts syncing on `online`, on return to the app, and now. */
  start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const onOnline = () => {
      this.failures = 0;
      void this.flush();
    };
    const onVisible = () => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') void this.flush();
    };
    target.addEventListener('online', onOnline);
    target.addEventListener('visibilitychange', onVisible);
    void this.flush();
    return () => {
      target.removeEventListener('online', onOnline);
      target.removeEventListener('visibilitychange', onVisible);
      clearTimeout(this.timer);
    };
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How deep `payloadUserErrors` looks into a payload (results[i].userErrors is 2 levels down). */
const USER_ERRORS_MAX_DEPTH = 6;

const isUserError = (value: unknown): value is UserError =>
  !!value && typeof value === 'object' && typeof (value as UserError).code === 'string' && typeof (value as UserError).message === 'string';

/**
 * Every refusal in a mutation's payload, wherever the payload keeps it: its own `userErrors`, and
 * those of nested results (recordTrackingEvents answers per event: `results[i].userErrors`; a
 * batch of rows the same way), in document order. An action whose payload holds any of them was
 * refused (in part): the waiting screen shows them, a replay nobody waits for becomes a conflict.
 */
export function payloadUserErrors(payload: unknown): UserError[] {
  const found: UserError[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > USER_ERRORS_MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const entry of value) walk(entry, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'userErrors' && Array.isArray(child)) found.push(...child.filter(isUserError));
      else walk(child, depth + 1);
    }
  };
  walk(payload, 0);
  return found;
}

/** A confirmation replayed later that found too little stock put the order on hold: say so. */
function shortageNotices(payload: Record<string, unknown> | null): UserError[] {
  const shortages = payload?.shortages;
  if (!Array.isArray(shortages) || shortages.length === 0) return [];
  return shortages.map((s: { line?: { sku?: string }; requested?: number; available?: number }) => ({
    code: 'SHORTAGE',
    field: null,
    message: `${s.line?.sku ?? '?'}: ${s.available ?? 0}/${s.requested ?? 0}`,
  }));
}

const SEND_TIMEOUT_MS = 20_000;

/** Sends an outbox item through the urql client (so the document cache refreshes affected queries). */
export function clientSender(client: Client, timeoutMs = SEND_TIMEOUT_MS): (item: OutboxItem) => Promise<SendResult> {
  return async (item) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'network', message: 'timeout' }), timeoutMs);
    });
    const request = client
      .mutation(item.query, item.variables, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result): SendResult => {
        if (result.error) {
          if (hasUnauthenticatedError(result.error.graphQLErrors)) return { kind: 'auth', message: result.error.message };
          // Rate limited (HTTP 429): the server is fine, just busy: keep the item and retry later.
          const status = (result.error.response as { status?: number } | undefined)?.status;
          if (status === 429 || result.error.graphQLErrors.some((e) => e.extensions?.code === 'RATE_LIMITED')) {
            return { kind: 'network', message: result.error.message };
          }
          if (!result.data && isConnectionError(result.error)) return { kind: 'network', message: result.error.message };
          if (!result.data?.[item.op]) {
            const code = result.error.graphQLErrors.find((e) => typeof e.extensions?.code === 'string')?.extensions.code as string | undefined;
            return { kind: 'error', message: result.error.message, code };
          }
        }
        return { kind: 'ok', payload: (result.data?.[item.op] as Record<string, unknown> | null) ?? null };
      })
      .catch((error: unknown): SendResult => ({ kind: 'network', message: String(error) }));
    try {
      return await Promise.race([request, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

const OutboxContext = createContext<Outbox>();
export const OutboxProvider = OutboxContext.Provider;

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox() must be used inside <OutboxProvider>');
  return outbox;
}
