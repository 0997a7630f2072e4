import { createSignal } from 'solid-js';

/** navigator.onLine as a signal (the browser's view: "no network" is reliable, "online" is a hint). */
const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine !== false);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setOnline(true));
  window.addEventListener('offline', () => setOnline(false));
}

export { online, setOnline };
