// Response compression and caching for the one HTTP server (app.ts): brotli or gzip (node:zlib)
// for GraphQL responses and the PWA's files when the client accepts it, never for tiny bodies,
// event streams (SSE) or multipart responses; long-lived caching for Vite's hashed files only.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import zlib from 'node:zlib';

/** Bodies smaller than this go out as they are: compression would save less than it costs. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Text-like types only; text/event-stream (SSE) must reach the client event by event. */
const compressibleType = /^(?:text\/(?!event-stream)|application\/(?:json|graphql-response\+json|javascript|manifest\+json|xml|wasm)|image\/svg\+xml)/i;

/** The encoding to answer with for this Accept-Encoding: brotli, else gzip, else none. */
export function preferredEncoding(header: string | string[] | undefined): 'br' | 'gzip' | null {
  const weights = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    weights.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const weight = (name: string) => weights.get(name) ?? weights.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  return weight('gzip') > 0 ? 'gzip' : null;
}

/** Vite's content-hashed files (under /assets/, and workbox-<hash>.js): they never change. */
const hashedAsset = /^\/(?:assets\/.+|workbox-[\w-]+\.[a-z0-9]+)$/i;

/** sirv `setHeaders`: hashed files are cached for a year; everything else (index.html, sw.js, …) is revalidated. */
export function staticCacheHeaders(res: ServerResponse, pathname: string) {
  const immutable = hashedAsset.test(pathname) && /\.[a-z0-9]+$/i.test(pathname);
  res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}

function applyHeaders(res: ServerResponse, headers: unknown) {
  if (Array.isArray(headers)) {
    // [[name, value], …] or [name, value, name, value, …]
    if (Array.isArray(headers[0])) for (const [name, value] of headers as [string, string][]) res.setHeader(name, value);
    else for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) if (value !== undefined) res.setHeader(name, value);
  }
}

function addVary(res: ServerResponse) {
  const vary = String(res.getHeader('vary') ?? '');
  if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) res.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

const toBuffer = (chunk: unknown, encoding?: unknown): Buffer =>
  Buffer.isBuffer(chunk)
    ? chunk
    : chunk instanceof Uint8Array
      ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : Buffer.from(String(chunk), (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding);

/**
 * Compresses what is written to `res` from here on, when the request accepts br or gzip and the
 * response is a compressible type of at least MIN_COMPRESSED_BYTES (its Content-Length, or what
 * has been written by then when it has none). Works under any handler that uses writeHead /
 * setHeader / write / end (graphql-yoga, sirv).
 */
export function compressResponse(req: IncomingMessage, res: ServerResponse, threshold = MIN_COMPRESSED_BYTES): void {
  const encoding = req.method === 'HEAD' ? null : preferredEncoding(req.headers['accept-encoding']);
  // The originals, typed loosely (their overloads differ between @types/node versions).
  type Loose<R> = (this: ServerResponse, ...args: unknown[]) => R;
  const writeHead = res.writeHead as unknown as Loose<ServerResponse>;
  const write = res.write as unknown as Loose<boolean>;
  const end = res.end as unknown as Loose<ServerResponse>;
  let mode: 'undecided' | 'deferred' | 'plain' | 'compress' = 'undecided';
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let zip: zlib.BrotliCompress | zlib.Gzip | null = null;

  const sendHead = () => {
    if (!res.headersSent) writeHead.call(res, res.statusCode);
  };
  const startCompressing = (sizeHint?: number) => {
    mode = 'compress';
    res.removeHeader('content-length');
    res.setHeader('content-encoding', encoding!);
    zip =
      encoding === 'br'
        ? zlib.createBrotliCompress({
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, ...(sizeHint ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: sizeHint } : {}) },
          })
        : zlib.createGzip({ level: 6 });
    zip.on('data', (chunk: Buffer) => {
      if (!write.call(res, chunk)) zip!.pause();
    });
    res.on('drain', () => zip!.resume());
    zip.on('drain', () => res.emit('drain'));
    zip.on('end', () => end.call(res));
    zip.on('error', (error) => res.destroy(error));
    sendHead();
    if (pending.length) zip.write(Buffer.concat(pending));
    pending = [];
  };
  const decide = () => {
    if (mode !== 'undecided') return;
    const type = String(res.getHeader('content-type') ?? '');
    const status = res.statusCode;
    const compressible = compressibleType.test(type) && !res.getHeader('content-encoding') && status >= 200 && status !== 204 && status !== 206 && status !== 304;
    if (compressible) addVary(res);
    if (!compressible || !encoding || /no-transform/i.test(String(res.getHeader('cache-control') ?? ''))) {
      mode = 'plain';
      return sendHead();
    }
    const length = Number(res.getHeader('content-length') ?? Number.NaN);
    if (Number.isNaN(length)) {
      mode = 'deferred';
    } else if (length < threshold) {
      mode = 'plain';
      sendHead();
    } else {
      startCompressing(length);
    }
  };

  res.writeHead = function (statusCode: number, ...rest: unknown[]) {
    const [reason, headers] = typeof rest[0] === 'string' ? [rest[0], rest[1]] : [undefined, rest[0]];
    res.statusCode = statusCode;
    if (reason) res.statusMessage = reason;
    applyHeaders(res, headers);
    decide();
    return res;
  } as ServerResponse['writeHead'];

  res.write = function (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) {
    decide();
    if (mode === 'plain') return write.call(res, chunk, encodingOrCallback, callback);
    const done = (typeof encodingOrCallback === 'function' ? encodingOrCallback : callback) as ((error?: Error | null) => void) | undefined;
    const buffer = toBuffer(chunk, encodingOrCallback);
    if (mode === 'deferred') {
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= threshold) startCompressing();
      if (done) process.nextTick(done);
      return true;
    }
    return zip!.write(buffer, done);
  } as ServerResponse['write'];

  res.end = function (chunk?: unknown, encodingOrCallback?: unknown, callback?: unknown) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    else if (typeof encodingOrCallback === 'function') [callback, encodingOrCallback] = [encodingOrCallback, undefined];
    decide();
    if (mode === 'plain') return end.call(res, chunk, encodingOrCallback, callback);
    if (typeof callback === 'function') res.once('finish', callback as () => void);
    if (chunk != null) {
      const buffer = toBuffer(chunk, encodingOrCallback);
      pending.push(buffer);
      pendingBytes += buffer.length;
    }
    if (mode === 'deferred') {
      if (pendingBytes < threshold) {
        // The whole body is here and it is tiny: send it as it is.
        mode = 'plain';
        const body = Buffer.concat(pending);
        pending = [];
        res.setHeader('content-length', body.length);
        sendHead();
        return end.call(res, body);
      }
      startCompressing(pendingBytes);
    } else if (pending.length) {
      zip!.write(Buffer.concat(pending));
      pending = [];
    }
    zip!.end();
    return res;
  } as ServerResponse['end'];
}
