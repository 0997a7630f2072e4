import { vi } from 'vitest';

/** jsdom has no blob: URLs and no tabs: records what the page opens (call in beforeEach). */
export function recordOpenedTabs(): string[] {
  const opened: string[] = [];
  let n = 0;
  URL.createObjectURL = vi.fn(() => `blob:label-${++n}`);
  URL.revokeObjectURL = vi.fn();
  window.open = vi.fn((url?: string | URL) => {
    opened.push(String(url));
    return {} as Window;
  }) as typeof window.open;
  return opened;
}
