/**
 * The last responses of the floor's queries, saved in localStorage so that recently viewed orders,
 * the queue and stock stay readable offline. Small and synchronous (first paint offline shows data
 * at once); bounded: the least recently saved entries are dropped beyond MAX_ENTRIES or when the
 * storage quota is hit. Only the data is stored, never credentials.
 */
const PREFIX = 'orderly.cache.v1:';
const INDEX_KEY = 'orderly.cache.v1.index';
export const MAX_ENTRIES = 60;

export interface SavedResponse {
  savedAt: string;
  data: unknown;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readIndex(store: Storage): string[] {
  try {
    const parsed = JSON.parse(store.getItem(INDEX_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

export function saveResponse(key: string, data: unknown, now = new Date()): void {
  const store = storage();
  if (!store) return;
  const value = JSON.stringify({ savedAt: now.toISOString(), data } satisfies SavedResponse);
  let index = readIndex(store).filter((k) => k !== key);
  index.push(key);
  while (index.length > MAX_ENTRIES) store.removeItem(PREFIX + index.shift()!);
  for (;;) {
    try {
      store.setItem(PREFIX + key, value);
      break;
    } catch {
      // quota: drop the oldest entry and try again; give up when nothing is left to drop
      const oldest = index.find((k) => k !== key);
      if (!oldest) return;
      store.removeItem(PREFIX + oldest);
      index = index.filter((k) => k !== oldest);
    }
  }
  try {
    store.setItem(INDEX_KEY, JSON.stringify(index));
  } catch {
    // the entry is saved; the index catches up next time
  }
}

export function loadResponse(key: string): SavedResponse | null {
  const raw = storage()?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as SavedResponse;
    return parsed && typeof parsed.savedAt === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export function savedResponseCount(): number {
  const store = storage();
  return store ? readIndex(store).length : 0;
}

/** Settings → "Clear offline data". */
export function clearSavedResponses(): void {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
  store.removeItem(INDEX_KEY);
}
