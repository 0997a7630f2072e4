// The HTTP side of authentication: the request's credential becomes the context's viewer, and
// cookies set by resolvers (login, logout) become Set-Cookie headers on the response.
import type { Db } from '@orderly/schema';
import type { Plugin } from 'graphql-yoga';
import { type Context, createContext, type RequestInfo } from '../../context.ts';
import { authenticate } from './auth.service.ts';
import { config } from '../../core/config.ts';

const cookiesByRequest = new WeakMap<Request, string[]>();

export interface HttpAuthOptions {
  /** Force the Secure cookie flag (default: when NODE_ENV=production or the request came over https). */
  secureCookies?: boolean;
  /** Believe X-Forwarded-For / -Proto / -Host (only behind a proxy that sets them; env TRUST_PROXY=on). */
  trustProxy?: boolean;
}

function clientAddress(request: Request, serverContext: { req?: { socket?: { remoteAddress?: string } } }, trustProxy: boolean) {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return serverContext.req?.socket?.remoteAddress ?? 'unknown';
}

/** Builds the GraphQL context of one request: who is calling, and how to answer them. */
export async function requestContext(db: Db, request: Request, serverContext: object, options: HttpAuthOptions = {}): Promise<Context & { request: Request }> {
  const trustProxy = options.trustProxy ?? config.TRUST_PROXY;
  // X-Forwarded-Proto is anybody's to send: only a proxy we trust makes it mean "https".
  const https = request.url.startsWith('https:') || (trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0].trim() === 'https');
  const secure = options.secureCookies ?? (config.NODE_ENV === 'production' || https);
  const http: RequestInfo = {
    setCookie: (cookie) => {
      const list = cookiesByRequest.get(request) ?? [];
      list.push(cookie);
      cookiesByRequest.set(request, list);
    },
    secure,
    userAgent: request.headers.get('user-agent'),
    clientAddress: clientAddress(request, serverContext as never, trustProxy),
  };
  const ctx = createContext(db, null, http);
  ctx.viewer = await authenticate(db, request.headers, ctx.now);
  return Object.assign(ctx, { request });
}

export function useResponseCookies(): Plugin {
  return {
    onResponse({ request, response }) {
      for (const cookie of cookiesByRequest.get(request) ?? []) response.headers.append('set-cookie', cookie);
    },
  };
}
