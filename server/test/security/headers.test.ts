// Issue 10 item 4 and the error-code half of item 6 on a real server: the security
// headers on a page, an asset and a JSON route (CSP with the inline script's hash and no
// 'unsafe-inline', no framing, nosniff, Permissions-Policy, Referrer-Policy), HSTS only
// when the public address is HTTPS, and every error's status following its code.
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ERROR_STATUS, type ErrorCode } from '../../src/errors.ts';

const INLINE = "(function(){document.documentElement.dataset.ok='1';})();";
const INDEX = `<!doctype html><html lang="fr"><head><script>${INLINE}</script><script type="module" src="/assets/main-abc123.js"></script></head><body></body></html>`;

function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers (issue 10, item 4)', () => {
  let dir: string;
  let t: TestApp;
  let secure: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tribune-headers-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'main-abc123.js'), 'console.log("tribune")');
    t = await startTestApp({ env: { CLIENT_DIR: dir, MEDIA_ENABLED: 'false' } });
    secure = await startTestApp({ env: { CLIENT_DIR: dir, MEDIA_ENABLED: 'false', PUBLIC_URL: 'https://debats.example.fr' } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await secure?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const common = (res: Response, what: string) => {
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), what).toBe('DENY');
    expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(res.headers.get('permissions-policy'), what).toContain('camera=(self)');
    expect(res.headers.get('permissions-policy'), what).toContain('microphone=(self)');
    const d = csp(res);
    expect(d.get('default-src'), what).toEqual(["'self'"]);
    expect(d.get('frame-ancestors'), what).toEqual(["'none'"]);
    expect(d.get('object-src'), what).toEqual(["'none'"]);
    expect(res.headers.get('content-security-policy'), what).not.toContain('unsafe-inline');
    expect(res.headers.get('content-security-policy'), what).not.toContain('unsafe-eval');
  };

  it('on a page: a CSP that allows its inline script by hash only', async () => {
    const res = await fetch(`${t.baseUrl}/d/deb_1`);
    expect(res.status).toBe(200);
    common(res, 'page');
    const hash = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`;
    expect(csp(res).get('script-src')).toEqual(["'self'", hash]);
    expect(csp(res).get('connect-src')).toEqual(["'self'"]);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('on an asset and on JSON routes (a 200, a 401 and a 404)', async () => {
    common(await fetch(`${t.baseUrl}/assets/main-abc123.js`), 'asset');
    for (const path of ['/api/public/debates', '/api/debates', '/api/nope']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
      common(res, path);
    }
  });

  it('sends HSTS (and upgrades requests) when the public address is HTTPS', async () => {
    for (const path of ['/', '/api/public/debates']) {
      const res = await fetch(`${secure.baseUrl}${path}`);
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=63072000; includeSubDomains');
      expect(csp(res).has('upgrade-insecure-requests'), path).toBe(true);
    }
  });

  it('answers every error with the status of its code', async () => {
    const cases: [string, RequestInit?][] = [
      ['/assets/'],
      ['/assets/nope.js'],
      ['/api/nope'],
      ['/api/debates'],
      ['/api/debates', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }],
      ['/api/debates/deb_1/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"displayName":' }],
      ['/api/debates/deb_1/join', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' }],
      ['/api/debates/deb_1/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(70_000)}"` }],
    ];
    for (const [path, init] of cases) {
      const res = await fetch(`${t.baseUrl}${path}`, init);
      const body = (await res.json()) as { error: { code: ErrorCode } };
      expect(res.status, `${path}: ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[body.error.code], `${init?.method ?? 'GET'} ${path} ${body.error.code}`).toBe(res.status);
    }
  });
});
