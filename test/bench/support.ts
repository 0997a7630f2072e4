// What the benchmarks share: a pool of concurrent workers, latency figures, a free port
// (the order benchmarks' data: bench-orders.ts).
import net from 'node:net';

/** Runs `work` over `items` with `concurrency` of them in flight. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Prints one line of latency figures (ms) for `samples`. */
export const summary = (label: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  console.log(
    `${label.padEnd(44)} n=${samples.length}  mean=${(total / samples.length).toFixed(1)} ms  p50=${percentile(sorted, 50).toFixed(1)} ms  p95=${percentile(sorted, 95).toFixed(1)} ms  max=${sorted.at(-1)!.toFixed(1)} ms`,
  );
};

/** A TCP port free right now on 127.0.0.1 (for a server process given it as PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
