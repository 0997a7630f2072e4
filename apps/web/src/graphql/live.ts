import { createContext, createEffect, on, onCleanup, useContext } from 'solid-js';
import { stringifyDocument, type TypedDocumentNode } from '@urql/core';
import { online } from '../offline/network';
import { GRAPHQL_ENDPOINT, persistedHash, persistedQueryExtension } from './client';

/**
 * Live updates: GraphQL subscriptions over SSE, the way the API serves them (graphql-yoga,
 * "distinct connections": POST /graphql with `Accept: text/event-stream`, one HTTP stream per
 * subscription, `event: next` / `event: complete` messages). A small fetch-based client (EventSource
 * cannot POST): it reconnects with backoff and tells the screen when it has (re)connected, because
 * changes made while disconnected are not replayed — the screen refetches what it shows then.
 */
export interface LiveHandlers<T> {
  /** A message (the subscription's data). */
  onData: (data: T) => void;
  /** The stream is open again after a drop: refetch what the screen shows. Not called for the first connection. */
  onReconnect?: () => void;
}

export interface LiveClient {
  subscribe<T, V extends Record<string, unknown>>(document: TypedDocumentNode<T, V> | string, variables: V, handlers: LiveHandlers<T>): () => void;
}

const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Reads `event:` / `data:` blocks of an SSE stream. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: string, data: string) => void, signal: AbortSignal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length || event === 'complete') onEvent(event, data.join('\n'));
    }
  }
}

export function createLiveClient(options: { url?: string; fetch?: typeof fetch; isOnline?: () => boolean } = {}): LiveClient {
  const url = options.url ?? GRAPHQL_ENDPOINT;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const isOnline = options.isOnline ?? online;
  return {
    subscribe(document, variables, handlers) {
      const query = typeof document === 'string' ? document : stringifyDocument(document);
      const operationName = /subscription\s+(\w+)/.exec(query)?.[1];
      // Persisted: the hash of the API's copy of the document instead of the text (see client.ts).
      const hash = persistedHash(document);
      const body = JSON.stringify(hash ? { extensions: persistedQueryExtension(hash), variables, operationName } : { query, variables, operationName });
      let stopped = false;
      let controller: AbortController | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;
      let connectedBefore = false;

      const retry = () => {
        if (stopped) return;
        const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** failures);
        failures += 1;
        timer = setTimeout(connect, delay);
      };
      const onOnline = () => {
        if (stopped || controller) return;
        clearTimeout(timer);
        failures = 0;
        void connect();
      };

      async function connect() {
        timer = undefined;
        if (stopped) return;
        if (!isOnline()) return; // the `online` event connects
        const abort = new AbortController();
        controller = abort;
        try {
          const response = await doFetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
            body,
            signal: abort.signal,
          });
          if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
            throw new Error(`live: HTTP ${response.status}`);
          }
          if (connectedBefore) handlers.onReconnect?.();
          connectedBefore = true;
          failures = 0;
          let refused = false;
          await readEvents(
            response.body,
            (event, data) => {
              if (event !== 'next' || !data) return;
              const message = JSON.parse(data) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
              if (message.errors?.length) {
                // UNAUTHENTICATED / FORBIDDEN: the stream ends; try again later (after signing in).
                refused = true;
                return;
              }
              if (message.data) handlers.onData(message.data as never);
            },
            abort.signal,
          );
          if (refused) failures = Math.max(failures, 4);
        } catch {
          // network error, aborted, or refused: retried below unless stopped
        } finally {
          if (controller === abort) controller = undefined;
        }
        retry();
      }

      if (typeof window !== 'undefined') window.addEventListener('online', onOnline);
      void connect();
      return () => {
        stopped = true;
        clearTimeout(timer);
        controller?.abort();
        if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
      };
    },
  };
}

const LiveContext = createContext<LiveClient>();
export const LiveProvider = LiveContext.Provider;

/**
 * Keeps a screen current: on every message of the subscription (and after a reconnect) `refetch`
 * runs, debounced so that a burst of changes costs one request. It gets the last message (null
 * after a reconnect), so a screen can skip refetching what it already shows — its own actions
 * come back as messages too, and reads cost rate-limit budget. Without a live client (tests, or an
 * API without subscriptions) it does nothing.
 */
export function createLiveRefetch<T, V extends Record<string, unknown>>(
  document: TypedDocumentNode<T, V> | string,
  variables: () => V | null,
  refetch: (data: T | null) => void,
  debounceMs = 300,
) {
  const live = useContext(LiveContext);
  if (!live) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: T | null = null;
  const schedule = (data: T | null) => {
    last = data;
    clearTimeout(timer);
    timer = setTimeout(() => refetch(last), debounceMs);
  };
  createEffect(
    on(
      () => JSON.stringify(variables()),
      (key) => {
        const vars = variables();
        if (!vars) return;
        const stop = live.subscribe(document, vars, { onData: schedule, onReconnect: () => schedule(null) });
        onCleanup(() => {
          stop();
          clearTimeout(timer);
        });
        return key;
      },
    ),
  );
}
