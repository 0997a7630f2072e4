import { openDB, type IDBPDatabase } from 'idb';
import type { UserError } from '../graphql/types';

export type OutboxStatus = 'pending' | 'conflict' | 'failed';

/** A mutation waiting to be sent (or that needs a person's attention after it was sent). */
export interface OutboxItem {
  /** Queue position (IndexedDB auto-increment key): items are sent in this order. */
  seq?: number;
  /** The idempotency key: generated once per user action, sent with every attempt. */
  key: string;
  /** Mutation field, e.g. "placeHold": names the action in the UI and finds the payload. */
  op: string;
  /** The GraphQL document as text, so a replay needs nothing else (the page may not be loaded). */
  query: string;
  /** Variables, including idempotencyKey and expectedVersion. */
  variables: Record<string, unknown>;
  /** What the action is about, for the UI ("#1042", "P1042-1", "#12") and version chaining. */
  entity?: { type: 'Order' | 'Product' | 'PickList' | 'Parcel' | 'Manifest' | 'PurchaseOrder' | 'Review'; id: string; label: string };
  /**
   * What the screen needs to show the action before the API has answered (optimistic state), e.g.
   * a scan's task and units. Never sent to the API.
   */
  meta?: Record<string, unknown>;
  /**
   * Queued behind another action on the same order while offline: its expectedVersion is replaced
   * by the version the previous action produced, once that one has gone through.
   */
  chainVersion?: boolean;
  status: OutboxStatus;
  createdAt: string;
  attempts: number;
  /** Last failure (network or server message), for the sync screen. */
  lastError?: string;
  /** The API's refusal (conflict) or an outcome to look at (e.g. stock shortages). */
  userErrors?: UserError[];
  resolvedAt?: string;
}

export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  add(item: OutboxItem): Promise<number>;
  put(item: OutboxItem): Promise<void>;
  delete(seq: number): Promise<void>;
  clear(): Promise<void>;
}

const STORE = 'outbox';

/** The outbox in IndexedDB (survives reloads, app restarts and a night offline). */
export function indexedDbOutboxStore(name = 'orderly-outbox'): OutboxStore {
  let db: Promise<IDBPDatabase> | undefined;
  const open = () =>
    (db ??= openDB(name, 1, {
      upgrade(database) {
        database.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      },
    }));
  return {
    async all() {
      return (await (await open()).getAll(STORE)) as OutboxItem[];
    },
    async add(item) {
      const { seq: _ignored, ...rest } = item;
      return (await (await open()).add(STORE, rest)) as number;
    },
    async put(item) {
      await (await open()).put(STORE, item);
    },
    async delete(seq) {
      await (await open()).delete(STORE, seq);
    },
    async clear() {
      await (await open()).clear(STORE);
    },
  };
}

/** In memory (no IndexedDB: very old browsers, private modes that refuse it). */
export function memoryOutboxStore(): OutboxStore {
  const items = new Map<number, OutboxItem>();
  let next = 1;
  return {
    all: async () => [...items.values()].map((i) => structuredClone(i)),
    add: async (item) => {
      const seq = next++;
      items.set(seq, { ...structuredClone(item), seq });
      return seq;
    },
    put: async (item) => void items.set(item.seq!, structuredClone(item)),
    delete: async (seq) => void items.delete(seq),
    clear: async () => items.clear(),
  };
}

/**
 * IndexedDB, or memory when the browser refuses it (some private modes, storage policies): the
 * outbox then still works for this session instead of failing every action.
 */
export function fallbackOutboxStore(primary: OutboxStore, fallback: OutboxStore = memoryOutboxStore()): OutboxStore {
  let current: OutboxStore = primary;
  const run = async <T>(op: (store: OutboxStore) => Promise<T>): Promise<T> => {
    try {
      return await op(current);
    } catch (error) {
      if (current === fallback) throw error;
      console.warn('Outbox: IndexedDB unavailable, keeping changes in memory', error);
      current = fallback;
      return op(current);
    }
  };
  return {
    all: () => run((s) => s.all()),
    add: (item) => run((s) => s.add(item)),
    put: (item) => run((s) => s.put(item)),
    delete: (seq) => run((s) => s.delete(seq)),
    clear: () => run((s) => s.clear()),
  };
}
