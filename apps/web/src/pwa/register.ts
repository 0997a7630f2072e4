import { registerSW } from 'virtual:pwa-register';
import { setNeedRefresh, setOfflineReady, setUpdateHandler } from './state';

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/** Registers the generated service worker (build only; a no-op in `vite dev`). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => setNeedRefresh(true),
    onOfflineReady: () => setOfflineReady(true),
    onRegisteredSW(_url, registration) {
      // Long-running tabs on warehouse devices: look for a new version every hour.
      if (registration) setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_INTERVAL_MS);
    },
    onRegisterError: (error) => console.warn('Service worker registration failed', error),
  });
  setUpdateHandler(() => updateSW(true));
}
