// The HTTP side of authentication: the request's credential becomes the context's viewer, and
// cookies set by resolvers (login, logout) become Set-Cookie headers on the response.
import type { Db } from '@orderly/schema';
import type { Plugin } from 'graphql-yoga';
import { type Context, createContext, type RequestInfo } from '../../context.ts';
import { authenticate } from './auth.service.ts';

const cookiesByRequest = new WeakMap<Request, string[]>();

export interface HttpAuthOptions {
  /** Force the Secure cookie flag (default: when NODE_ENV=production or the request came over https). */
  secureCookies?: boolean;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
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
  const url = new URL(request.url);
  const secure =
    options.secureCookies ?? (process.env.NODE_ENV === 'production' || url.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https');
  const http: RequestInfo = {
    setCookie: (cookie) => {
      const list = cookiesByRequest.get(request) ?? [];
      list.push(cookie);
      cookiesByRequest.set(request, list);
    },
    secure,
    userAgent: request.headers.get('user-agent'),
    clientAddress: clientAddress(request, serverContext as never, options.trustProxy ?? process.env.TRUST_PROXY === 'on'),
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
