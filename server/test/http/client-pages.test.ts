// The browser client served by Tribune: page paths answer index.html (never cached),
// hashed assets are served with a long cache, and the API keeps its own 404s. Without a
// build, page paths answer 503 with a code that names the missing step.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const INDEX = '<!doctype html><html lang="fr"><body><div id="app"></div></body></html>';

describe('client pages', () => {
  let dir: string;
  let t: TestApp;
  let bare: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tribune-client-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'main-abc123.js'), 'console.log("tribune")');
    t = await startTestApp({ env: { CLIENT_DIR: dir, MEDIA_ENABLED: 'false' } });
    bare = await startTestApp({ env: { CLIENT_DIR: join(dir, 'missing'), MEDIA_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t.close();
    await bare.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['/', '/admin', '/archive', '/archive/deb_1', '/d/deb_1', '/display/deb_1', '/moderate/deb_1'])(
    'answers %s with the SPA page',
    async (path) => {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toBe(INDEX);
    },
  );

  it('serves hashed assets with a long cache', async () => {
    const res = await fetch(`${t.baseUrl}/assets/main-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('tribune');
  });

  it('answers unknown files and API routes with a JSON 404', async () => {
    for (const path of ['/assets/nope.js', '/api/nope', '/../../etc/passwd']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('NOT_FOUND');
    }
  });

  it('keeps the API working beside the pages', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('says how to build the client when it is missing', async () => {
    const res = await fetch(`${bare.baseUrl}/d/deb_1`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(body.error.message).toContain('npm run client:build');
  });
});
