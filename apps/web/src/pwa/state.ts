import { createSignal } from 'solid-js';

// Service-worker state shared between the registration (src/pwa/register.ts, the only importer of
// `virtual:pwa-register`) and the UI (components/UpdateToast.tsx). No virtual module here, so
// components stay testable.

const [needRefresh, setNeedRefresh] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
let applyUpdate: () => Promise<void> = () => Promise.resolve();

/** True when a new version is installed and waiting. */
export { needRefresh, offlineReady, setNeedRefresh, setOfflineReady };

export function setUpdateHandler(handler: () => Promise<void>): void {
  applyUpdate = handler;
}

/** Activates the waiting service worker; the page reloads once it has taken control. */
export function updateApp(): Promise<void> {
  setNeedRefresh(false);
  return applyUpdate();
}

export function dismissUpdate(): void {
  setNeedRefresh(false);
}
