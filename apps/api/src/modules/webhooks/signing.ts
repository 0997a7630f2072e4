// Webhook signatures (Stripe's scheme): X-Orderly-Signature: t=<unix seconds>,v1=<hex>, where
// v1 = HMAC-SHA256(key = the subscription's secret as UTF-8 text, message = "<t>.<raw body>").
// Receivers recompute it over the exact bytes they received (before parsing the JSON), compare in
// constant time, and reject timestamps older than a few minutes (replays).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-orderly-signature';
export const secretPrefix = 'whsec_';

/** 256 random bits: `whsec_<43 base64url characters>`. */
export const newWebhookSecret = () => `${secretPrefix}${randomBytes(32).toString('base64url')}`;

export function computeSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The X-Orderly-Signature header value for a body sent at `timestamp` (unix seconds). */
export const signatureHeaderValue = (secret: string, timestamp: number, body: string | Buffer) => `t=${timestamp},v1=${computeSignature(secret, timestamp, body)}`;

/**
 * What a receiver does (exported for integrators' tests and ours): true when the header carries a
 * v1 signature of `body` by `secret` made within `toleranceSeconds` of `now`.
 */
export function verifyWebhookSignature(params: {
  secret: string;
  header: string | null | undefined;
  body: string | Buffer;
  toleranceSeconds?: number;
  now?: Date;
}): boolean {
  const { secret, header, body } = params;
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t)) return false;
  const nowSeconds = Math.floor((params.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - t) > (params.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(computeSignature(secret, t, body), 'hex');
  return parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
