// Secrets at rest (marketplace Api-Keys, later webhook secrets): AES-256-GCM with the key from
// ORDERLY_SECRET_KEY (core/config.ts). A sealed value is `v1.<iv>.<ciphertext>.<tag>` (base64url)
// and is bound to a context string (the row it belongs to, e.g. `ozon-account:<Client-Id>`) as
// additional authenticated data: a value copied to another row, or altered, does not open.
// Without ORDERLY_SECRET_KEY a fixed development key is used, except in production, where sealing
// and opening refuse to work.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { config } from './config.ts';

export class SecretBoxError extends Error {}

const developmentKey = createHash('sha256').update('orderly development secret key — not for production').digest();

/** The 32-byte key from a configured value (64 hex digits or base64). */
export function parseSecretKey(value: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new SecretBoxError('The secret key must be 32 bytes');
  return key;
}

function configuredKey(): Buffer {
  if (config.ORDERLY_SECRET_KEY) return parseSecretKey(config.ORDERLY_SECRET_KEY);
  if (config.NODE_ENV === 'production') throw new SecretBoxError('ORDERLY_SECRET_KEY is not set: secrets cannot be stored or read');
  return developmentKey;
}

/** Encrypts `plaintext` for `context`. */
export function seal(plaintext: string, context: string, key: Buffer = configuredKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, data, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Decrypts a value sealed for `context`; throws SecretBoxError when it was altered, moved or sealed with another key. */
export function open(sealed: string, context: string, key: Buffer = configuredKey()): string {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || data === undefined || !tag) throw new SecretBoxError('Not a sealed secret');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('The secret does not open with this key and context');
  }
}
