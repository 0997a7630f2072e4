// Cross-site request forgery. A browser attaches the session cookie to every request to us, also
// to one a foreign page starts (a form POST, an <img> GET), and such "simple" requests skip the
// CORS preflight. So a request that relies on the cookie (or on nothing: login) must
//   1. come from this site or an allowed origin (CORS_ORIGINS) when the browser names one, and
//   2. be one a foreign page cannot send without a preflight: a JSON body, or any request carrying
//      the `x-graphql-yoga-csrf` header (the PWA's GET reads and multipart uploads send it) —
//      graphql-yoga's CSRF prevention plugin.
// Requests with `Authorization: Bearer …` (session tokens, API keys) are not checked: no browser
// adds that header on its own, and a foreign page cannot without passing CORS.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { bearerCredential } from './auth.service.ts';

export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export interface CsrfOptions {
  /** Origins of other sites allowed to call the API from a browser (CORS_ORIGINS). */
  corsOrigins: readonly string[];
  /** Take the public host from X-Forwarded-Host (TRUST_PROXY). */
  trustProxy: boolean;
}

/**
 * Same origin as the API: the browser says so itself (Sec-Fetch-Site, which pages cannot set, and
 * which stays right behind proxies that rewrite Host), or the Origin's host is the one the request
 * was sent to. The scheme is not compared: behind a TLS-terminating proxy the API sees http.
 */
function sameOrigin(request: Request, origin: string, trustProxy: boolean): boolean {
  if (request.headers.get('sec-fetch-site') === 'same-origin') return true;
  const host = (trustProxy && request.headers.get('x-forwarded-host')?.split(',')[0].trim()) || new URL(request.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, privacy redirects) or garbage
  }
}

export function useCsrfProtection(options: CsrfOptions): Plugin {
  const allowed = new Set(options.corsOrigins);
  const csrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      const { request } = payload;
      if (bearerCredential(request.headers)) return;
      const origin = request.headers.get('origin');
      if (origin !== null && !allowed.has(origin) && !sameOrigin(request, origin, options.trustProxy)) {
        throw createGraphQLError('Cross-origin request refused: this origin may not call the API with cookies (CORS_ORIGINS lists the allowed ones)', {
          extensions: { code: 'FORBIDDEN_ORIGIN', http: { status: 403 } },
        });
      }
      return csrf.onRequestParse!(payload);
    },
  };
}
