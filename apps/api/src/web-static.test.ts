// The PWA's files while apps/web/dist is rebuilt under a running server: a vanished file is a 404
// (an app route gets the new shell), new files are served, and the process does not crash.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebDist } from './web-static.ts';

function build(dir: string, asset: string, title: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>${title}</title><script src="/assets/${asset}"></script>`);
  fs.writeFileSync(path.join(dir, 'assets', asset), `console.log(${JSON.stringify(title)});`);
}

describe('serving apps/web/dist while it is rebuilt', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-dist-')), 'dist');
    build(dir, 'index-OLD11111.js', 'old');
    const serve = serveWebDist(dir);
    server = createServer((req, res) => serve(req, res, () => res.writeHead(404).end('Not found')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('serves the old build, then the new one: a vanished asset is a 404, app routes get the new shell', async () => {
    const old = await fetch(`${base}/assets/index-OLD11111.js`);
    expect(old.status).toBe(200);
    expect(old.headers.get('cache-control')).toContain('immutable');
    expect(await old.text()).toContain('old');

    build(dir, 'index-NEW22222.js', 'new');
    const gone = await fetch(`${base}/assets/index-OLD11111.js`);
    expect(gone.status).toBe(404);
    await gone.text();
    const fresh = await fetch(`${base}/assets/index-NEW22222.js`);
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('new');
    const shell = await fetch(`${base}/pick`);
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    expect(await shell.text()).toContain('index-NEW22222.js');
  });

  it('answers 404 while the folder is empty mid-build, and serves again afterwards', async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const midBuild = await fetch(`${base}/pick`);
    expect(midBuild.status).toBe(404);
    await midBuild.text();
    build(dir, 'index-THIRD333.js', 'third');
    expect(await (await fetch(`${base}/`)).text()).toContain('index-THIRD333.js');
  });
});
