import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const root = fileURLToPath(new URL('.', import.meta.url));

// Standalone: `cd apps/web && npx vitest run`. The root vitest config uses this file as project "web".
// No PWA plugin here: tests never import `virtual:pwa-register` (only src/index.tsx does).
export default defineConfig({
  root,
  plugins: [solid()],
  test: {
    name: 'web',
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: [fileURLToPath(new URL('./src/test/setup.ts', import.meta.url))],
    // Date/time assertions are written for UTC.
    env: { TZ: 'UTC' },
    // Under the full suite's load (two cores, every project at once) a screen can take seconds.
    testTimeout: 20_000,
    // Solid libraries ship JSX / need the browser build of solid-js: always run them through Vite.
    // (vite-plugin-solid detects these from this package.json, but not when the config is used via
    // `extends` from the repo root, where the root package.json is crawled instead.)
    server: { deps: { inline: [/[\\/]@solidjs[\\/]/, /[\\/]@urql[\\/]solid[\\/]/, /[\\/]@solid-primitives[\\/]/] } },
  },
});
