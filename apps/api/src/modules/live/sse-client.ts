// A minimal client for GraphQL over SSE ("distinct connections" mode, what yoga serves on
// /graphql with Accept: text/event-stream): tests read a stream message by message.

/** An SSE stream of GraphQL results, read message by message. */
export interface EventStream {
  next(timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
  response: Response;
}

export function readEventStream(response: Response): EventStream {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queue: any[] = [];
  const pending: { waiting: ((value: any) => void) | null } = { waiting: null };
  let ended = false;
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (event === 'next' && data) {
            const message = JSON.parse(data);
            const waiting = pending.waiting;
            pending.waiting = null;
            if (waiting) waiting(message);
            else queue.push(message);
          }
          if (event === 'complete') ended = true;
        }
      }
    } catch {
      // closed
    }
    ended = true;
    pending.waiting?.(null);
  })();
  return {
    response,
    next(timeoutMs = 5_000) {
      if (queue.length) return Promise.resolve(queue.shift());
      if (ended) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.waiting = null;
          reject(new Error(`no message within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.waiting = (value) => {
          clearTimeout(timer);
          resolve(value);
        };
      });
    },
    async close() {
      await reader.cancel().catch(() => {});
    },
  };
}
