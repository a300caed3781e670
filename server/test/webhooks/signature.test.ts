// Standard Webhooks signing (the scheme's own example vector), verification with its
// timestamp tolerance, and the SSRF guard's address classes and connection-time check.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BlockedAddressError, isBlockedAddress, postJson } from '../../src/webhooks/outbound.ts';
import { generateSecret, sign, signedHeaders, verifySignature } from '../../src/webhooks/signature.ts';

describe('Standard Webhooks signatures', () => {
  it('matches the example of the specification', () => {
    expect(sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('verifies its own headers, refuses a changed body, another secret, an old timestamp', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const h = signedHeaders(secret, 'msg_1', 1_800_000_000, '{"a":1}');
    const headers = { id: h['webhook-id']!, timestamp: h['webhook-timestamp']!, signature: h['webhook-signature']! };
    expect(verifySignature(secret, headers, '{"a":1}', 1_800_000_010)).toBe(true);
    expect(verifySignature(secret, { ...headers, signature: `v1,bogus ${headers.signature}` }, '{"a":1}', 1_800_000_010)).toBe(true);
    expect(verifySignature(secret, headers, '{"a":2}', 1_800_000_010)).toBe(false);
    expect(verifySignature(generateSecret(), headers, '{"a":1}', 1_800_000_010)).toBe(false);
    expect(verifySignature(secret, headers, '{"a":1}', 1_800_000_301)).toBe(false);
  });
});

describe('the SSRF guard', () => {
  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect(isBlockedAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '2a00:1450:4007:80e::200e', '8.8.8.8']) expect(isBlockedAddress(a), a).toBe(false);
  });

  it('refuses at connection time a name that resolves to loopback, and a literal one', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const opts = { headers: {}, timeoutMs: 2000, allowPrivate: false };
      await expect(postJson(`http://localhost:${port}/hook`, '{}', opts)).rejects.toBeInstanceOf(BlockedAddressError);
      await expect(postJson(`http://127.0.0.1:${port}/hook`, '{}', opts)).rejects.toBeInstanceOf(BlockedAddressError);
      await expect(postJson(`http://[::ffff:127.0.0.1]:${port}/hook`, '{}', opts)).rejects.toBeInstanceOf(BlockedAddressError);
      expect(hits).toBe(0);
      expect(await postJson(`http://localhost:${port}/hook`, '{}', { ...opts, allowPrivate: true })).toEqual({ status: 200 });
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});
