import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, parseSecretKey, seal, SecretBoxError } from './secret-box.ts';

describe('secret box', () => {
  it('seals and opens, never keeps the clear text, and binds the value to its context and key', () => {
    const key = randomBytes(32);
    const sealed = seal('my-api-key-123', 'ozon-account:1001', key);
    expect(sealed).not.toContain('my-api-key-123');
    expect(sealed).not.toBe(seal('my-api-key-123', 'ozon-account:1001', key)); // fresh IV each time
    expect(open(sealed, 'ozon-account:1001', key)).toBe('my-api-key-123');
    expect(() => open(sealed, 'ozon-account:1002', key)).toThrow(SecretBoxError);
    expect(() => open(sealed, 'ozon-account:1001', randomBytes(32))).toThrow(SecretBoxError);
    const [v, iv, data, tag] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => open([v, iv, flipped.toString('base64url'), tag].join('.'), 'ozon-account:1001', key)).toThrow(SecretBoxError);
  });

  it('takes the key as hex or base64 and refuses other lengths', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(() => parseSecretKey('c2hvcnQ=')).toThrow(SecretBoxError);
  });

  it('uses the configured key by default', () => {
    expect(open(seal('x', 'ctx'), 'ctx')).toBe('x');
  });
});
