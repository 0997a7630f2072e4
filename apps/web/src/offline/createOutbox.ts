import type { Client } from '@urql/core';
import { Outbox, clientSender } from './outbox';
import { fallbackOutboxStore, indexedDbOutboxStore, memoryOutboxStore, type OutboxStore } from './outboxStore';
import { online } from './network';

/** The app's outbox: IndexedDB when available, sending through the urql client. */
export function createOutbox(client: Client, options: { store?: OutboxStore; dbName?: string; retryBaseMs?: number } = {}): Outbox {
  const store = options.store ?? (typeof indexedDB !== 'undefined' ? fallbackOutboxStore(indexedDbOutboxStore(options.dbName)) : memoryOutboxStore());
  return new Outbox({ store, send: clientSender(client), isOnline: online, retryBaseMs: options.retryBaseMs });
}
