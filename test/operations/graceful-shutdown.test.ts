// SIGTERM under load on the real server process, behind a stand-in for a load balancer that follows
// /ready: every request is answered 200 — those in flight at the signal, and those the balancer still
// sent before it saw /ready turn 503 (served during SHUTDOWN_DRAIN_SECONDS, each with `Connection:
// close`, also on keep-alive connections) — none refused or reset; a live stream ends with an SSE
// retry hint, and the process exits 0.
// Also: /metrics on its internal port only (METRICS_PORT), never the PWA's HTML on the public one.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { demoLogins, loginToken } from '../support/api-auth.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** Requests of this test by result: { 200: n, ECONNRESET: m, … }. */
const summary = (list: Outcome[]) => list.reduce<Record<string, number>>((counts, o) => ({ ...counts, [o.result]: (counts[o.result] ?? 0) + 1 }), {});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Outcome {
  started: number;
  ended: number;
  /** The HTTP status, or the socket error's code when there was no answer. */
  result: number | string;
  /** The answer's Connection header. */
  connection?: string;
  keepAlive: boolean;
}

/**
 * One request: on a connection of its own (`agent: false`, so each outcome belongs to one
 * connection), or on a keep-alive agent's connection as a balancer's upstream pool sends them.
 */
function request(url: string, options: { method?: string; token?: string; body?: string; agent: http.Agent | false }): Promise<Outcome> {
  const started = performance.now();
  const keepAlive = options.agent !== false;
  return new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => resolve({ started, ended: performance.now(), result: error.code ?? 'error', keepAlive });
    const headers = { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
    const sent = http.request(url, { method: options.method ?? 'POST', agent: options.agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ started, ended: performance.now(), result: response.statusCode!, connection: response.headers.connection, keepAlive }));
      response.on('error', failed);
    });
    sent.on('error', failed);
    sent.end(options.body);
  });
}

describe('graceful shutdown', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let metricsPort: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    metricsPort = await freePort();
    server = await startServer(database.url, {
      METRICS_PORT: String(metricsPort),
      // Long enough for the balancer below (probes every 100 ms, out after two failures) to take it out.
      SHUTDOWN_DRAIN_SECONDS: '2',
      SHUTDOWN_TIMEOUT_SECONDS: '20',
      LOG_LEVEL: 'info',
      // The load below is one caller: it is about shutting down, not its budget.
      RATE_LIMIT_CAPACITY: '100000000',
      RATE_LIMIT_RESTORE_PER_SECOND: '100000000',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('serves /metrics on the internal port only', async () => {
    const publicMetrics = await fetch(`${server.url}/metrics`);
    expect(publicMetrics.status).toBe(404);
    expect(publicMetrics.headers.get('content-type')).toBe('text/plain');
    const internal = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(internal.status).toBe(200);
    expect(await internal.text()).toMatch(/^orderly_database_up 1$/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
  });

  it('serves on until the balancer has taken it out, answers everything it read, ends streams with a retry hint, exits 0', async () => {
    const token = await loginToken(server.url, demoLogins.admin);
    const graphql = `${server.url}/graphql`;

    const stream = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription { orderChanged { eventType } }' }),
    });
    expect(stream.status).toBe(200);
    const streamText = (async () => {
      let text = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of stream.body!) text += decoder.decode(chunk, { stream: true });
        return { text, ended: 'cleanly' };
      } catch (error) {
        return { text, ended: String(error) };
      }
    })();

    // The balancer: probes /ready every 100 ms on a connection of its own and takes the instance
    // out of rotation after two failed probes in a row (as balancers do), then sends it nothing more.
    let inRotation = true;
    let firstFailedAt = Infinity;
    const probes: Outcome[] = [];
    const balancer = (async () => {
      while (inRotation) {
        const probe = await request(`${server.url}/ready`, { method: 'GET', agent: false });
        probes.push(probe);
        if (probe.result === 200) firstFailedAt = Infinity;
        else if (firstFailedAt === Infinity) firstFailedAt = probe.ended;
        else inRotation = false;
        if (inRotation) await sleep(100);
      }
    })();

    // Reads of some milliseconds each, sent back to back by 12 clients while the instance is in
    // rotation: 8 on connections of their own, 4 on keep-alive connections.
    const body = JSON.stringify({ query: '{ orders(first: 20) { edges { node { id number status lines { sku quantity } } } } }' });
    const outcomes: Outcome[] = [];
    const agents = Array.from({ length: 4 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const client = async (agent: http.Agent | false) => {
      while (inRotation) outcomes.push(await request(graphql, { token, body, agent }));
    };
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    const clients = [...Array.from({ length: 8 }, () => client(false)), ...agents.map(client)];
    await sleep(1500);
    const sigtermAt = performance.now();
    server.process.kill('SIGTERM');
    await Promise.all([balancer, ...clients]);
    expect(await exited).toBe(0);
    for (const agent of agents) agent.destroy();

    const inFlight = outcomes.filter((o) => o.started < sigtermAt && o.ended > sigtermAt);
    const afterProbe = outcomes.filter((o) => o.started > firstFailedAt);
    console.log(`requests: ${outcomes.length}; in flight at SIGTERM ${inFlight.length}, sent after /ready turned 503 ${afterProbe.length}:`, summary(outcomes));
    // The balancer saw the instance ready, then 503 (never a refused or reset probe).
    expect(probes.at(0)?.result).toBe(200);
    expect(probes.slice(-2).map((p) => p.result)).toEqual([503, 503]);
    // Every request was answered in full — in flight at the signal or sent after it, none refused or
    // reset: the listener closed only once the balancer had stopped sending.
    expect(summary(outcomes)).toEqual({ 200: outcomes.length });
    const lines = server.output().split('\n');
    const shuttingDown = JSON.parse(lines.find((line) => line.includes('"msg":"shutting down"'))!) as { inFlight: number; drainMs: number };
    // The server was answering requests when the signal arrived (the stream is one of them)…
    expect(shuttingDown.inFlight).toBeGreaterThan(1);
    expect(shuttingDown.drainMs).toBe(2000);
    // …and as many answers arrived as it logged.
    const served = lines.filter((line) => line.includes('"msg":"graphql request"') && line.includes('"type":"query"'));
    expect(served).toHaveLength(outcomes.length);
    // Requests still sent after /ready turned 503 were served, each closing its connection,
    // keep-alive ones included (so the balancer's pool lets go of this instance connection by connection).
    expect(afterProbe.filter((o) => o.keepAlive).length).toBeGreaterThan(0);
    expect(afterProbe.every((o) => o.connection === 'close')).toBe(true);
    expect(outcomes.filter((o) => o.keepAlive && o.ended < sigtermAt).every((o) => o.connection === 'keep-alive')).toBe(true);

    const { text, ended } = await streamText;
    expect(ended).toBe('cleanly');
    expect(text).toMatch(/^retry: \d+$/m);
    expect(server.output()).toMatch(/"requestsDone":true,"workDone":true,.*"msg":"stopped"/);
  });
});
