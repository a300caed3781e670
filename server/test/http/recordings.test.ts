// REST: a recording file as @fastify/static sends it, without media (a row and a file
// written the way the recorder leaves them): whole file, one byte range, 416 past the
// end, HEAD, ETag and Last-Modified with 304, If-Range; and the archive's access rules
// (still being written, another debate's, a draft's, a missing file, outside the
// recordings directory). The same file served from a real recording: media/recording-wiring.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishRecording, insertRecording } from '../../src/db/recordings-repo.ts';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, join as joinDebate, liveDebate, modalities } from '../helpers/clients.ts';

describe('REST recording files', () => {
  let t: TestApp;
  let debateId: string;
  const bytes = randomBytes(5000);
  const path = (id: string, debate = debateId) => `/api/debates/${debate}/recordings/${id}/file`;
  const get = (id: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${t.baseUrl}${path(id)}`, { method, headers });
  // What a browser sends to revalidate. Given conditional headers alone, fetch() adds
  // `Cache-Control: no-cache` (an end-to-end reload, which must not answer 304).
  const revalidate = (id: string, headers: Record<string, string>) => get(id, { 'cache-control': 'max-age=0', ...headers });

  /** A recording row as the recorder leaves it, and its file; `finished: false` keeps it 'recording'. */
  async function recording(id: string, o: { file?: Buffer | null; filePath?: string; audioOnly?: boolean; finished?: boolean; debate?: string } = {}) {
    const debate = o.debate ?? debateId;
    const filePath = o.filePath ?? `recordings/${debate}/${id}.webm`;
    const tracks = o.audioOnly
      ? [{ kind: 'audio' as const, mimeType: 'audio/opus' }]
      : [{ kind: 'audio' as const, mimeType: 'audio/opus' }, { kind: 'video' as const, mimeType: 'video/VP8' }];
    await insertRecording(t.app.database, { id, debateId: debate, label: 'program', tracks, filePath, startedAt: Date.now() - 60_000 });
    const file = o.file === undefined ? bytes : o.file;
    if (file) {
      await mkdir(join(t.config.dataDir, 'recordings', debate), { recursive: true });
      await writeFile(join(t.config.dataDir, ...filePath.split('/')), file);
    }
    if (o.finished !== false) {
      await finishRecording(t.app.database, id, { status: 'complete', endedAt: Date.now(), sizeBytes: file?.length ?? null, durationMs: 59_000 });
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { MEDIA_ENABLED: 'false' } });
    debateId = (await liveDebate(t)).debateId;
    await recording('rec_full');
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends the whole file, one byte range, a suffix, and 416 for a range it cannot serve', async () => {
    const whole = await get('rec_full');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(Number(whole.headers.get('content-length'))).toBe(bytes.length);
    expect(whole.headers.get('cache-control')).toBeNull();
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await get('rec_full', { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${bytes.length}`);
    expect(part.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);

    const suffix = await get('rec_full', { range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);

    // Several ranges or another unit: ignored, the whole file.
    for (const range of ['bytes=0-1,5-9', 'items=0-1']) {
      const ignored = await get('rec_full', { range });
      expect(ignored.status, range).toBe(200);
      expect(Number(ignored.headers.get('content-length')), range).toBe(bytes.length);
      await ignored.arrayBuffer();
    }

    // No byte of it can be served: past the end, or not a range at all.
    for (const range of [`bytes=${bytes.length}-`, 'bytes=-0', 'bytes=9-3', 'bytes=abc']) {
      const refused = await get('rec_full', { range });
      expect(refused.status, range).toBe(416);
      expect(refused.headers.get('content-range'), range).toBe(`bytes */${bytes.length}`);
      expect(((await refused.json()) as { error: { code: string } }).error.code, range).toBe('RANGE_NOT_SATISFIABLE');
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get('rec_full', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(bytes.length);
    expect(head.headers.get('content-type')).toBe('video/webm');
    expect(head.headers.get('etag')).toBeTruthy();
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const range = await get('rec_full', { range: 'bytes=0-9' }, 'HEAD');
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes 0-9/${bytes.length}`);
  });

  it('tags the file (ETag, Last-Modified) and answers 304 to a client holding it', async () => {
    const first = await get('rec_full');
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();

    const byTag = await revalidate('rec_full', { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect((await byTag.arrayBuffer()).byteLength).toBe(0);
    expect((await revalidate('rec_full', { 'if-modified-since': lastModified })).status).toBe(304);
    // A reload asks for the file again, whatever the client holds.
    const reload = await get('rec_full', { 'if-none-match': etag, 'cache-control': 'no-cache' });
    expect(reload.status).toBe(200);
    await reload.arrayBuffer();

    const otherTag = await revalidate('rec_full', { 'if-none-match': '"something-else"' });
    expect(otherTag.status).toBe(200);
    expect(Buffer.from(await otherTag.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('honours If-Range: the range while the file is unchanged, the whole file once it changed', async () => {
    await recording('rec_ifrange');
    const first = await get('rec_ifrange');
    await first.arrayBuffer();
    const lastModified = first.headers.get('last-modified')!;
    const etag = first.headers.get('etag')!;

    const fresh = await get('rec_ifrange', { range: 'bytes=0-99', 'if-range': lastModified });
    expect(fresh.status).toBe(206);
    expect(Buffer.from(await fresh.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);

    const otherTag = await get('rec_ifrange', { range: 'bytes=0-99', 'if-range': '"another-version"' });
    expect(otherTag.status).toBe(200);
    expect(Number(otherTag.headers.get('content-length'))).toBe(bytes.length);
    await otherTag.arrayBuffer();

    // The file changes (a later mtime): the client's validator is stale, it gets the whole new file.
    const later = new Date(Date.parse(lastModified) + 60_000);
    await utimes(join(t.config.dataDir, 'recordings', debateId, 'rec_ifrange.webm'), later, later);
    const stale = await get('rec_ifrange', { range: 'bytes=0-99', 'if-range': lastModified });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('etag')).not.toBe(etag);
    expect(Buffer.from(await stale.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('tells a browser what the file holds (audio only: audio/webm)', async () => {
    await recording('rec_audio', { audioOnly: true });
    const res = await get('rec_audio');
    expect(res.headers.get('content-type')).toBe('audio/webm');
    await res.arrayBuffer();
  });

  it("keeps the archive's rules: written, this debate's, visible, present, under the recordings", async () => {
    await recording('rec_busy', { finished: false });
    const busy = await http(t, 'GET', path('rec_busy'));
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('CONFLICT');

    expect((await http(t, 'GET', path('rec_nope'))).body.error.code).toBe('NOT_FOUND');

    await recording('rec_gone', { file: null });
    const gone = await http(t, 'GET', path('rec_gone'));
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('missing') });

    await writeFile(join(t.config.dataDir, 'secrets-copy.json'), '{}');
    await recording('rec_escape', { file: null, filePath: 'recordings/../secrets-copy.json' });
    expect((await http(t, 'GET', path('rec_escape'))).body.error.code).toBe('NOT_FOUND');

    // Another debate's recording is not found through this one.
    const other = await liveDebate(t, { title: 'Autre' });
    await recording('rec_other', { debate: other.debateId });
    expect((await http(t, 'GET', path('rec_other'))).body.error.code).toBe('NOT_FOUND');
    expect((await http(t, 'GET', path('rec_other', other.debateId))).status).toBe(200);

    // A draft's recordings exist for staff only; a token of another debate is refused.
    const draft = await admin(t, 'POST', '/api/debates', { title: 'Brouillon', modalities: modalities() });
    const draftId = draft.body.debate.id as string;
    await recording('rec_draft', { debate: draftId });
    expect((await http(t, 'GET', path('rec_draft', draftId))).body.error.code).toBe('DEBATE_NOT_FOUND');
    expect((await http(t, 'GET', path('rec_draft', draftId), { token: ADMIN_TOKEN })).status).toBe(200);
    const citizen = await joinDebate(t, debateId, { displayName: 'Camille' });
    expect((await http(t, 'GET', path('rec_draft', draftId), { token: citizen.token })).body.error.code).toBe('WRONG_DEBATE');
    expect((await http(t, 'GET', path('rec_full'), { token: citizen.token })).status).toBe(200);
  });
});
