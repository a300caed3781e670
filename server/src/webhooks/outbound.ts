// One POST to a webhook's URL, guarded against server-side request forgery: unless
// WEBHOOK_ALLOW_PRIVATE is set, the address the connection actually goes to (a literal,
// or what DNS answered, checked inside the socket's own lookup, so a name that resolves
// elsewhere a second time changes nothing) must not be loopback, private, link-local,
// carrier-grade NAT, multicast or reserved. No redirect is followed, the answer's body is
// drained and never stored, and an attempt gives up after a timeout.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** True when `address` (an IP literal) is one a webhook may not reach. */
export function isBlockedAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return BLOCKED.check(v4mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class BlockedAddressError extends Error {
  constructor(address: string) {
    super(`refused: ${address} is a private, loopback or reserved address`);
    this.name = 'BlockedAddressError';
  }
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const bad = addresses.find((a) => isBlockedAddress(a.address));
    if (bad) return callback(new BlockedAddressError(bad.address), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
};

export interface PostResult {
  status: number;
}

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** POSTs `body`; resolves with the status (any), rejects on a network error, a timeout or a refused address. */
export function postJson(url: string, body: string, opts: PostOptions): Promise<PostResult> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host) !== 0 && isBlockedAddress(host)) return Promise.reject(new BlockedAddressError(host));
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const options: RequestOptions = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Tribune-Webhooks/1', 'content-length': Buffer.byteLength(body), ...opts.headers },
    timeout: opts.timeoutMs,
    ...(opts.allowPrivate ? {} : { lookup: guardedLookup }),
  };
  return new Promise((resolve, reject) => {
    const req = request(u, options, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
