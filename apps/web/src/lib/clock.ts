import { createSignal, onCleanup, type Accessor } from 'solid-js';

/** Current time, refreshed every `intervalMs` (relative times like "in 3 hours" stay current). */
export function createNow(intervalMs = 30_000): Accessor<Date> {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
