// Compression and caching through the real HTTP server (createHttpServer on a socket): what a
// browser gets for /graphql, for the PWA's hashed assets, its page and service worker, and SSE.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createHttpServer } from './app.ts';
import { MIN_COMPRESSED_BYTES, preferredEncoding } from './http-compression.ts';
import { createTestClient } from './testing/graphql-client.ts';
import { createOrder } from './testing/fixtures.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (compressed or not). */
  raw: Buffer;
  /** The body decoded per Content-Encoding. */
  text: string;
}

describe('HTTP compression and caching', () => {
  let database: TestDatabase;
  let server: http.Server;
  let base: string;
  let token: string;
  let webDist: string;
  const bigScript = `console.log(${JSON.stringify('orderly '.repeat(2000))});\n`;

  beforeAll(async () => {
    database = await createTestDatabase();
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-web-'));
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'index.html'), `<!doctype html><title>Orderly</title>${'<!-- pad -->'.repeat(200)}`);
    fs.writeFileSync(path.join(webDist, 'sw.js'), `self.addEventListener('install', () => {});${' '.repeat(2000)}`);
    fs.writeFileSync(path.join(webDist, 'assets', 'index-Bx9_k2Qa.js'), bigScript);
    fs.writeFileSync(path.join(webDist, 'assets', 'tiny-C1d2e3f4.css'), 'body{margin:0}');
    fs.writeFileSync(path.join(webDist, 'assets', 'logo-D5e6f7g8.png'), Buffer.alloc(4096, 7));
    ({ server } = createHttpServer({ db: database.prisma, webDist, graphiql: false, rateLimit: false }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    token = (await createTestClient(database.prisma).ready).token!;
    for (let i = 0; i < 5; i++) await createOrder(database.prisma, { lineCount: 3 });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.drop();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  function request(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}${pathname}`, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const decoded = encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
          resolve({ status: res.statusCode!, headers: res.headers, raw, text: decoded.toString('utf8') });
        });
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  const graphql = (query: string, acceptEncoding?: string) =>
    request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
      body: JSON.stringify({ query }),
    });
  const bigQuery = `{ orders(first: 5) { edges { node { id number status shipBy itemCount total { minorUnits currency } lines { id sku name quantity unitPrice { minorUnits currency } } } } } }`;

  it('picks brotli, then gzip, as Accept-Encoding allows', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('gzip, br;q=0')).toBe('gzip');
    expect(preferredEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(preferredEncoding('identity')).toBeNull();
    expect(preferredEncoding(undefined)).toBeNull();
    expect(preferredEncoding('*')).toBe('br');
  });

  it('compresses GraphQL responses with brotli or gzip, and not for clients that do not ask', async () => {
    const plain = await graphql(bigQuery);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.length).toBeGreaterThan(MIN_COMPRESSED_BYTES);
    const data = JSON.parse(plain.text);
    expect(data.data.orders.edges).toHaveLength(5);

    const br = await graphql(bigQuery, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['content-length']).toBeUndefined();
    expect(JSON.parse(br.text)).toEqual(data);
    expect(br.raw.length).toBeLessThan(plain.raw.length / 2);

    const gzip = await graphql(bigQuery, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gzip.text)).toEqual(data);
  });

  it('sends tiny GraphQL responses as they are', async () => {
    const tiny = await graphql('{ __typename }', 'br, gzip');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(tiny.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('never compresses an event stream (SSE subscription)', async () => {
    const order = await createOrder(database.prisma);
    const id = Buffer.from(`Order:${order.id}`).toString('base64');
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const req = http.request(
        `${base}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'accept-encoding': 'br, gzip', authorization: `Bearer ${token}` } },
        (res) => {
          resolve(res.headers);
          res.destroy();
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query: `subscription($id: ID) { orderChanged(id: $id) { eventId } }`, variables: { id } }));
    });
    expect(headers['content-type']).toMatch(/text\/event-stream/);
    // yoga marks event streams "Content-Encoding: none" itself; they stay as they are.
    expect(headers['content-encoding'] ?? 'none').toBe('none');
  });

  it('caches hashed assets for a year and compresses them', async () => {
    const script = await request('/assets/index-Bx9_k2Qa.js', { headers: { 'accept-encoding': 'br' } });
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-encoding']).toBe('br');
    expect(script.text).toBe(bigScript);
    expect(script.raw.length).toBeLessThan(bigScript.length / 10);

    const gzip = await request('/assets/index-Bx9_k2Qa.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toBe(bigScript);

    const plain = await request('/assets/index-Bx9_k2Qa.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-length']).toBe(String(Buffer.byteLength(bigScript)));
    expect(plain.text).toBe(bigScript);

    const head = await request('/assets/index-Bx9_k2Qa.js', { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.raw.length).toBe(0);
  });

  it('leaves tiny files and images alone', async () => {
    const css = await request('/assets/tiny-C1d2e3f4.css', { headers: { 'accept-encoding': 'br' } });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.text).toBe('body{margin:0}');
    const png = await request('/assets/logo-D5e6f7g8.png', { headers: { 'accept-encoding': 'br' } });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.raw.length).toBe(4096);
  });

  it('has the page, client-side routes and the service worker revalidated on every load', async () => {
    for (const pathname of ['/', '/index.html', '/orders/123', '/sw.js']) {
      const response = await request(pathname, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status, pathname).toBe(200);
      expect(response.headers['cache-control'], pathname).toBe('no-cache');
      expect(response.headers['content-encoding'], pathname).toBe('gzip');
    }
    const missing = await request('/assets/missing-Zz9.js');
    expect(missing.status).toBe(404);
  });
});
