// Draining an HTTP server for a graceful shutdown (main.ts on SIGTERM), in two steps.
//
// 1. Winding down (`windDown`, for SHUTDOWN_DRAIN_SECONDS while /ready answers 503 so the load
//    balancer takes the instance out): everything is still served, but every response from now on
//    carries `Connection: close` and its socket closes after it — keep-alive connections (a
//    balancer's upstream pool) go one by one, each after an answer, never while the client may be
//    sending on them. Idle ones are left alone here: closing a socket the balancer is about to reuse
//    is exactly the reset this avoids (Node's keep-alive timeout still closes them).
// 2. Draining (`drain`): stop accepting, answer every request already sent (each with
//    `Connection: close`), end live streams with an SSE retry hint (clients reconnect — to another
//    instance behind the balancer), and cut whatever is still open when the time is up.
//
// Two things would reset requests that clients have already sent: closing the listening socket
// resets the connections still queued in the kernel (a busy event loop accepts them late), and
// Node's own `server.close()` destroys every connection without a request in progress, including
// ones whose request has arrived but not been read yet. So the listener stays open until the
// accept queue has been quiet for a moment (bounded), and sockets are followed here: only
// keep-alive sockets that answered something and wait idle are closed at once; a new connection
// gets `freshGraceMs` to deliver its request, which is then answered. A client that ignores /ready
// and connects just as the listener closes can still be refused or reset — unread, so safe to retry.
import net from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { liveStreams } from './metrics.ts';

/** What a stream is told before it closes: reconnect after about this long. */
export const streamRetryMs = 1000;
/** How long a connection accepted before the shutdown has to send its first request. */
const freshGraceMs = 5000;
/** The accept queue counts as empty after this long without a new connection… */
const acceptQuietMs = 100;
/** …and the listener closes after this long whatever comes in. */
const acceptMaxMs = 2000;

export interface Drainable {
  /** Requests being answered now (streams included). */
  readonly inFlight: number;
  /** Step 1: keep serving, closing each connection after its next response. */
  windDown(): void;
  /** Resolves true when every request finished within `timeoutMs`, false when some were cut. */
  drain(timeoutMs: number): Promise<boolean>;
}

interface SocketState {
  /** Responses finished on it so far. */
  served: number;
  busy: boolean;
}

const isStream = (req: IncomingMessage) => (req.headers.accept ?? '').includes('text/event-stream');

/** Follows the server's connections and requests from now on; call before it listens. */
export function trackRequests(server: Server): Drainable {
  const sockets = new Map<net.Socket, SocketState>();
  const open = new Set<ServerResponse>();
  const streams = new Set<ServerResponse>();
  /** Set by windDown: answers close their connection. */
  let windingDown = false;
  /** Set by drain: the listener is closing; every socket goes after its answer. */
  let draining = false;
  let settled: (() => void) | null = null;
  let lastConnectionAt = 0;
  const check = () => {
    if (draining && sockets.size === 0) settled?.();
  };

  server.on('connection', (socket: net.Socket) => {
    lastConnectionAt = performance.now();
    sockets.set(socket, { served: 0, busy: false });
    socket.once('close', () => {
      sockets.delete(socket);
      check();
    });
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = sockets.get(req.socket);
    if (state) state.busy = true;
    open.add(res);
    if (isStream(req)) {
      streams.add(res);
      liveStreams.inc();
    }
    if (windingDown) res.shouldKeepAlive = false;
    res.once('close', () => {
      open.delete(res);
      if (streams.delete(res)) liveStreams.dec();
      if (state) {
        state.busy = false;
        state.served += 1;
        // Answered during the drain: its socket closes (Connection: close), or now if its answer
        // began before the shutdown (keep-alive): then nothing is sent to this instance any more.
        if (draining) req.socket.end();
      }
    });
  });

  const windDown = () => {
    windingDown = true;
    for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
  };
  const endStream = (res: ServerResponse) => {
    // yoga may still be writing into it: a late write must not become an unhandled 'error'.
    res.on('error', () => {});
    if (res.headersSent && !res.writableEnded) res.write(`retry: ${streamRetryMs}\n\n`);
    res.end();
  };
  const closeIdle = (fresh: boolean) => {
    for (const [socket, state] of sockets) if (!state.busy && (fresh || state.served > 0)) socket.destroy();
  };

  return {
    get inFlight() {
      return open.size;
    },
    windDown,
    async drain(timeoutMs) {
      windDown();
      draining = true;
      for (const res of streams) endStream(res);
      closeIdle(false);
      const started = performance.now();
      // At least one quiet period from now: the queue is only read between callbacks like this one.
      lastConnectionAt = started;
      while (performance.now() - lastConnectionAt < acceptQuietMs && performance.now() - started < acceptMaxMs) {
        await new Promise((resolve) => setTimeout(resolve, acceptQuietMs / 4));
      }
      // Stop listening only (see the top of this file for why not http.Server#close).
      net.Server.prototype.close.call(server);
      closeIdle(false);
      const finished = await new Promise<boolean>((resolve) => {
        const graceTimer = setTimeout(() => closeIdle(true), Math.min(freshGraceMs, timeoutMs));
        const timer = setTimeout(() => resolve(false), timeoutMs);
        settled = () => {
          clearTimeout(graceTimer);
          clearTimeout(timer);
          resolve(true);
        };
        check();
      });
      for (const socket of sockets.keys()) socket.destroy();
      return finished;
    },
  };
}
