// One webhook HTTP attempt: POST the body, wait at most `timeoutMs` for the answer, keep its status
// and the start of its body (for the delivery log, with anything secret-looking redacted).
// Redirects are not followed (a 3xx is a failure: point the subscription at the final URL).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { addressAllowed, guardedLookup, type UrlPolicy } from './url-policy.ts';

export interface AttemptOutcome {
  statusCode: number | null;
  succeeded: boolean;
  error: string | null;
  responseSnippet: string | null;
  durationMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  policy: UrlPolicy;
  /** Bytes of the response body kept for the log. */
  snippetBytes?: number;
  /** Values that must never appear in the log (the secret, the signature). */
  redact?: readonly string[];
}

const userAgent = 'Orderly-Webhooks/1.0';

export function redactSnippet(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return (
    out
      .replace(/whsec_[A-Za-z0-9_-]+/g, '[redacted]')
      .replace(/v1=[0-9a-f]{64}/g, 'v1=[redacted]')
      .replace(/ork_[A-Za-z0-9_-]+/g, '[redacted]')
      // eslint-disable-next-line no-control-regex -- control characters are what this strips.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

/** Node's error codes say what happened without echoing anything the receiver sent. */
function describeError(error: NodeJS.ErrnoException, timeoutMs: number): string {
  if (error.message === 'timeout') return `timeout: no answer within ${timeoutMs} ms`;
  if (error.code === 'EWEBHOOKPRIVATE') return error.message;
  const text = error.code ? `${error.code}: ${error.message}` : error.message;
  return text.slice(0, 300);
}

export function postWebhook(target: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<AttemptOutcome> {
  const started = performance.now();
  const snippetBytes = options.snippetBytes ?? 1024;
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    // eslint-disable-next-line prefer-const -- finish() may run (and clear it) before the timer is set below.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: Omit<AttemptOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const fail = (error: NodeJS.ErrnoException) => finish({ statusCode: null, succeeded: false, error: describeError(error, options.timeoutMs), responseSnippet: null });

    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return fail(new Error('invalid URL'));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Literal addresses skip `lookup`, so they are checked here.
    if (net.isIP(host) && !addressAllowed(options.policy, host, host)) {
      return fail(Object.assign(new Error(`refused: ${host} is a private address`), { code: 'EWEBHOOKPRIVATE' }));
    }
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': userAgent },
      lookup: guardedLookup(options.policy),
      agent: false,
    });
    timer = setTimeout(() => request.destroy(new Error('timeout')), options.timeoutMs);
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () => {
        const statusCode = response.statusCode ?? null;
        const text = Buffer.concat(chunks).subarray(0, snippetBytes).toString('utf8');
        const succeeded = statusCode !== null && statusCode >= 200 && statusCode < 300;
        finish({
          statusCode,
          succeeded,
          error: succeeded ? null : `HTTP ${statusCode}${statusCode && statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed)' : ''}`,
          responseSnippet: text ? redactSnippet(text, options.redact ?? []) : null,
        });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        if (kept < snippetBytes) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        if (kept >= snippetBytes) done(); // enough for the log: do not read a huge body
      });
      response.on('end', done);
      response.on('error', done);
      response.on('aborted', done);
    });
    request.end(body);
  });
}
