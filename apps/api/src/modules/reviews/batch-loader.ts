// A request-scoped batch loader (the DataLoader idea in a few lines; no plugin in the builder): the
// keys every resolver of one execution step asks for are collected and loaded with one call, and
// each key's answer is kept for the rest of the request.

type Load<K, V> = (keys: readonly K[]) => Promise<Map<K, V>>;

export class BatchLoader<K, V> {
  private readonly cache = new Map<K, Promise<V>>();
  private queue: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];

  constructor(
    private readonly loadMany: Load<K, V>,
    private readonly missing: (key: K) => V,
  ) {}

  load(key: K): Promise<V> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V>((resolve, reject) => {
      if (!this.queue.length) {
        // After the promise jobs of this step (as DataLoader does): siblings in a list have all asked by then.
        void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
      }
      this.queue.push({ key, resolve, reject });
    });
    this.cache.set(key, promise);
    return promise;
  }

  private async dispatch() {
    const batch = this.queue;
    this.queue = [];
    try {
      const values = await this.loadMany(batch.map((b) => b.key));
      for (const b of batch) b.resolve(values.has(b.key) ? values.get(b.key)! : this.missing(b.key));
    } catch (error) {
      for (const b of batch) {
        this.cache.delete(b.key);
        b.reject(error);
      }
    }
  }
}

/** One loader per request (context) and purpose. */
export function perRequest<C extends object, K, V>(make: (ctx: C) => BatchLoader<K, V>): (ctx: C) => BatchLoader<K, V> {
  const loaders = new WeakMap<C, BatchLoader<K, V>>();
  return (ctx) => {
    let loader = loaders.get(ctx);
    if (!loader) loaders.set(ctx, (loader = make(ctx)));
    return loader;
  };
}
