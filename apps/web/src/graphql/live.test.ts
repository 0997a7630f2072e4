import { describe, expect, it, vi } from 'vitest';
import { createLiveClient } from './live';

/** An SSE response whose body the test writes to. */
function sseResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

describe('live updates over SSE', () => {
  it('POSTs the subscription with Accept: text/event-stream, hands over each message, reconnects and says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const streams: ReturnType<typeof sseResponse>[] = [];
      const requests: RequestInit[] = [];
      const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
        requests.push(init!);
        const stream = sseResponse();
        streams.push(stream);
        return stream.response;
      });
      const live = createLiveClient({ url: '/graphql', fetch: fetchMock as typeof fetch, isOnline: () => true });
      const onData = vi.fn();
      const onReconnect = vi.fn();
      const stop = live.subscribe('subscription OrderChanged($id: ID) { orderChanged(id: $id) { eventType } }', { id: 'T3JkZXI6MQ==' }, { onData, onReconnect });

      await vi.waitFor(() => expect(streams).toHaveLength(1));
      expect(requests[0].method).toBe('POST');
      expect((requests[0].headers as Record<string, string>).accept).toBe('text/event-stream');
      expect(JSON.parse(String(requests[0].body))).toMatchObject({ operationName: 'OrderChanged', variables: { id: 'T3JkZXI6MQ==' } });

      // A keep-alive comment, then a message split over two chunks.
      streams[0].send(':\n\n');
      streams[0].send('event: next\ndata: {"data":{"orderChanged":{"eventType":"ORDER_STAT');
      streams[0].send('US_CHANGED"}}}\n\n');
      await vi.waitFor(() => expect(onData).toHaveBeenCalledWith({ orderChanged: { eventType: 'ORDER_STATUS_CHANGED' } }));
      expect(onReconnect).not.toHaveBeenCalled();

      // The server goes away: back after the backoff, and the screen is told to refetch.
      streams[0].end();
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.waitFor(() => expect(streams).toHaveLength(2));
      await vi.waitFor(() => expect(onReconnect).toHaveBeenCalledTimes(1));

      // Unsubscribed: the stream is cancelled (nothing more is read) and not reopened.
      stop();
      try {
        streams[1].send('event: next\ndata: {"data":{"orderChanged":{"eventType":"SHIPMENT_CREATED"}}}\n\n');
      } catch {
        // cancelled by the client
      }
      await vi.advanceTimersByTimeAsync(5_000);
      expect(onData).toHaveBeenCalledTimes(1);
      expect(streams).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
