import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Brand colour: header background, theme_color, icon background (scripts/generate-icons.mjs). */
const THEME_COLOR = '#1e3a8a';
/** The API is served on the same origin in production (apps/api serves dist/); proxied in dev. */
const API_ORIGIN = process.env.ORDERLY_API_ORIGIN ?? 'http://localhost:4000';

export default defineConfig({
  root,
  plugins: [
    solid(),
    VitePWA({
      strategies: 'generateSW',
      // 'prompt': a new SW waits until the user taps "Update" (components/UpdateToast.tsx), so a
      // reload never happens in the middle of picking/packing. Registration is done in src/index.tsx.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Orderly',
        short_name: 'Orderly',
        description: 'Orderly: pick, pack, ship / 拣货、打包、发货 / сборка, упаковка, отгрузка',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Icons, favicon and the manifest are added via includeAssets / the manifest icons.
        globPatterns: ['**/*.{js,css,html}'],
        navigateFallback: 'index.html',
        // API endpoints are never answered with the app shell (e.g. opening GraphiQL at /graphql).
        navigateFallbackDenylist: [/^\/graphql(?:[/?#]|$)/, /^\/health(?:[/?#]|$)/],
        cleanupOutdatedCaches: true,
        // No runtime caching of /graphql: the app keeps its own saved responses (src/offline/) and
        // mutations go through its outbox, so the service worker never answers data requests.
        // The barcode decoder's wasm (~950 kB, only for camera scanning) is not precached: it is
        // cached on first use, then the camera works offline too.
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.startsWith('/assets/') && url.pathname.endsWith('.wasm'),
            handler: 'CacheFirst',
            options: { cacheName: 'orderly-wasm', expiration: { maxEntries: 4 } },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/graphql': { target: API_ORIGIN, changeOrigin: true, ws: true },
      '/health': { target: API_ORIGIN, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: API_ORIGIN, changeOrigin: true, ws: true },
      '/health': { target: API_ORIGIN, changeOrigin: true },
    },
  },
});
