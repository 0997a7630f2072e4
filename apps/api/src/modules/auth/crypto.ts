// Passwords, session tokens and API keys. Only hashes are stored: scrypt (memory-hard, with its
// parameters and salt) for passwords, sha256 for the random tokens and keys (they carry 256 bits of
// entropy, so a fast hash is enough and lets us look them up by hash).
import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { config } from '../../core/config.ts';

export interface ScryptParams {
  /** CPU/memory cost (a power of two); memory ≈ 128 · N · r bytes (32 MiB at N = 2^15, r = 8). */
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt is N = 2^17 with r = 8; 2^15 keeps a login near 50–100 ms on our 2-core machines. */
export const defaultScryptParams: ScryptParams = {
  N: 2 ** config.PASSWORD_SCRYPT_LOG_N,
  r: 8,
  p: 1,
};
const keyLength = 32;

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N=32768,r=8,p=1$<salt base64>$<hash base64>`: everything needed to verify, never the password. */
export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time check of a password against a stored hash; malformed or disabled hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') {
    await dummyVerify(password);
    return false;
  }
  const params = Object.fromEntries(
    parts[1]
      .split(',')
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k, Number(v)]),
  ) as unknown as ScryptParams;
  if (![params.N, params.r, params.p].every((n) => Number.isInteger(n) && n > 0) || params.N > 2 ** 20) return false;
  const salt = Buffer.from(parts[2], 'base64');
  const expected = Buffer.from(parts[3], 'base64');
  const actual = await scryptAsync(password, salt, params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check, so unknown e-mails cannot be told apart by timing. */
export async function dummyVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('orderly-dummy-password');
  await verifyPassword(password, await dummyHash);
}

/** A password hash that matches nothing (accounts that must not log in with a password). */
export const disabledPasswordHash = '!disabled';

/** One-shot `hash` (no Hash object per call: this runs on every authenticated request). */
export const sha256 = (value: string) => hash('sha256', value, 'hex');

/** 256 random bits, base64url: the session token the cookie (or Authorization header) carries. */
export const newSessionToken = () => randomBytes(32).toString('base64url');

export const apiKeyPrefix = 'ork_';
/** `ork_<43 base64url characters>`; shown once at creation. */
export const newApiKey = () => `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`;
/** What lists show to recognise a key: `ork_` and the next 8 characters. */
export const apiKeyDisplayPrefix = (key: string) => key.slice(0, apiKeyPrefix.length + 8);
