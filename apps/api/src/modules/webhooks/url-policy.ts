// Where webhooks may go. An integrator chooses the URL, so without rules a webhook could make the
// API server call into its own network (SSRF: the database, cloud metadata at 169.254.169.254, an
// admin panel on localhost). In production, private, loopback and link-local addresses are refused
// — when the subscription is saved (literal addresses, localhost) and again when each request
// connects (every address a host name resolves to, so DNS cannot point a public name inward).
// Development and tests allow them (a receiver on 127.0.0.1).
import dns from 'node:dns';
import net from 'node:net';
import { type Config, config } from '../../core/config.ts';

export interface UrlPolicy {
  /** Private/loopback/link-local targets allowed (WEBHOOK_ALLOW_PRIVATE; default: on outside production). */
  allowPrivate: boolean;
  /** Only https URLs (WEBHOOK_REQUIRE_HTTPS; default: on in production). */
  requireHttps: boolean;
  /** Host names and addresses/CIDR ranges allowed even when private (WEBHOOK_ALLOWED_HOSTS, comma-separated). */
  allowedHosts: readonly string[];
}

export function urlPolicyFromEnv(settings: Config = config): UrlPolicy {
  return {
    allowPrivate: settings.WEBHOOK_ALLOW_PRIVATE,
    requireHttps: settings.WEBHOOK_REQUIRE_HTTPS,
    allowedHosts: settings.WEBHOOK_ALLOWED_HOSTS.map((h) => h.toLowerCase()),
  };
}

/** Addresses no webhook may reach unless allowed: RFC 1918, loopback, link-local, CGNAT, ULA, multicast, reserved. */
const privateRanges = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv6');
}

/** `::ffff:10.0.0.1` (an IPv4 address written as IPv6) is checked as the IPv4 address it is. */
function normalizeAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  const version = net.isIP(bare);
  return version ? { address: bare, family: version === 4 ? 'ipv4' : 'ipv6' } : null;
}

export function isPrivateAddress(address: string): boolean {
  const ip = normalizeAddress(address);
  if (!ip) return false;
  if (ip.family === 'ipv6' && /^::ffff:/i.test(ip.address)) return true; // other mapped forms (hex): refuse
  return privateRanges.check(ip.address, ip.family);
}

function allowList(policy: UrlPolicy) {
  const names = new Set<string>();
  const ranges = new net.BlockList();
  for (const entry of policy.allowedHosts) {
    const [network, prefix] = entry.split('/');
    const ip = normalizeAddress(network);
    if (!ip) names.add(entry);
    else if (prefix !== undefined) ranges.addSubnet(ip.address, Number(prefix), ip.family);
    else ranges.addAddress(ip.address, ip.family);
  }
  return {
    hasName: (host: string) => names.has(host.toLowerCase()),
    hasAddress: (address: string) => {
      const ip = normalizeAddress(address);
      return !!ip && ranges.check(ip.address, ip.family);
    },
  };
}

/** May a request to `address` (which `host` resolved to) go out under this policy? */
export function addressAllowed(policy: UrlPolicy, host: string, address: string): boolean {
  if (policy.allowPrivate || !isPrivateAddress(address)) return true;
  const allowed = allowList(policy);
  return allowed.hasName(host) || allowed.hasAddress(address);
}

const localNames = (host: string) => host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.localdomain';

/**
 * Checks a webhook URL when it is saved: http(s), no credentials in it, and (unless allowed) not
 * a private or loopback address. Returns the normalised URL or the reason it is refused.
 */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): { ok: true; url: string } | { ok: false; reason: string } {
  const text = raw.trim();
  if (text.length > 2000) return { ok: false, reason: 'The URL is too long (at most 2000 characters)' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'Not a valid URL: give an absolute http(s) URL, e.g. https://erp.example.com/orderly/webhooks' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'Webhook URLs must use https (or http)' };
  if (policy.requireHttps && url.protocol !== 'https:') return { ok: false, reason: 'Webhook URLs must use https' };
  if (url.username || url.password) return { ok: false, reason: 'Do not put credentials in the URL: verify the X-Orderly-Signature header instead' };
  if (url.hash) return { ok: false, reason: 'Webhook URLs cannot have a #fragment' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) return { ok: false, reason: 'The URL has no host' };
  if (!policy.allowPrivate) {
    const allowed = allowList(policy);
    const refused = net.isIP(host) || /^::ffff:/i.test(host) ? isPrivateAddress(host) && !allowed.hasAddress(host) : localNames(host) && !allowed.hasName(host);
    if (refused) return { ok: false, reason: `${host} is a private or loopback address; webhooks must go to a public address` };
  }
  return { ok: true, url: url.toString() };
}

export class PrivateAddressError extends Error {
  readonly code = 'EWEBHOOKPRIVATE';
}

/**
 * A `lookup` for http(s).request that refuses private addresses at connection time (so a name
 * that resolves inward, or is re-pointed after it was checked, is refused too).
 */
export function guardedLookup(policy: UrlPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !addressAllowed(policy, hostname, a.address));
      if (refused) return callback(new PrivateAddressError(`refused: ${hostname} resolves to ${refused.address}, a private address`), '', 0);
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
