// Security headers on every answer (@fastify/helmet): a strict Content-Security-Policy
// that the built client satisfies (everything from this origin; the one inline script of
// index.html, written by client/preload-pages.ts, allowed by its hash, never
// 'unsafe-inline'), no framing, no referrer, nosniff on JSON as on assets, camera and
// microphone for this origin only, and HSTS when the public address is HTTPS.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DOCS_PREFIX } from './openapi.ts';

/** Features a page may use, for this origin only; every other listed one for nobody. */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()';

/** Two years, as HSTS preload lists ask. */
const HSTS_MAX_AGE = 63_072_000;

/** The CSP source of each inline `<script>` (without src) of an HTML page: `'sha256-…'`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '')) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function cspDirectives(opts: { scriptHashes: readonly string[]; https: boolean }): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...opts.scriptHashes],
    'style-src': ["'self'"],
    // The room display's QR code is an SVG data: image; recordings play from this origin.
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    // Socket.IO and the media signaling ride on this origin ('self' covers ws:/wss: to it).
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(opts.https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    const { clientDir, publicUrl } = app.config;
    const index = join(clientDir, 'index.html');
    const scriptHashes = existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
    const https = publicUrl?.startsWith('https://') ?? false;
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives({ scriptHashes, https }) },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Behind the TLS proxy the request itself is plain HTTP: the public address decides.
      strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onRequest', async (_req, reply) => {
      reply.header('permissions-policy', PERMISSIONS_POLICY);
    });
    // Swagger UI adds <style> elements at run time: its pages (and only they, which show
    // no user content) may use inline styles. Scripts stay 'self' there too.
    app.addHook('onSend', async (req, reply) => {
      if (req.url !== DOCS_PREFIX && !req.url.startsWith(`${DOCS_PREFIX}/`)) return;
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    });
  },
  { name: 'security-headers', dependencies: ['config'] },
);
