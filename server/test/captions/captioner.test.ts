// Human captioning and the transcript through the real server (PGlite or PostgreSQL):
// the moderator issues a captioner link, the captioner's lines go into the log as
// reference segments of the turn on the floor (the engine's of that turn are marked),
// the console switches the room display's captions, and after the debate the organizer
// corrects a segment with a new event (chain intact, original kept); the transcript and
// the WebVTT track of a recording follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { insertRecording } from '../../src/db/recordings-repo.ts';
import { draft } from '../../src/protocol/events/index.ts';

describe('the captioner, the room display switch and corrections', () => {
  let t: TestApp;
  let debateId: string;
  let moderatorToken: string;
  let mod: TestClient;
  let captioner: TestClient;
  let citizen: TestClient;
  let captionerId: string;
  let citizenId: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { MEDIA_ENABLED: 'false' } });
    ({ debateId, moderatorToken } = await liveDebate(t));
    mod = await connect(t, moderatorToken);
    const c = await join(t, debateId, { displayName: 'Camille' });
    citizen = await connect(t, c.token);
    citizenId = c.participantId;
    clients.push(mod, citizen);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await t?.close();
  });

  it('issues a captioner link to the moderator only, listed and renewable like the other staff links', async () => {
    const c = await join(t, debateId, { displayName: 'Intrus' });
    const refused = await http(t, 'POST', `/api/debates/${debateId}/tokens/captioner`, { token: c.token });
    expect(refused.status).toBe(403);
    const link = await http(t, 'POST', `/api/debates/${debateId}/tokens/captioner`, { token: moderatorToken, body: { displayName: 'Vélotypie Martin' } });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.participantId).toMatch(/^cpt_/);
    expect(t.app.tokens.verify(link.body.token)).toMatchObject({ role: 'captioner', debateId });
    captionerId = link.body.participantId;
    const renewed = await http(t, 'POST', `/api/debates/${debateId}/tokens/renew`, { token: link.body.token });
    expect(renewed.status).toBe(200);
    const links = await admin(t, 'GET', `/api/debates/${debateId}/staff-links`);
    expect(links.body.links.find((l: any) => l.participantId === captionerId)).toMatchObject({ role: 'captioner', displayName: 'Vélotypie Martin' });
    captioner = await connect(t, link.body.token);
    clients.push(captioner);
  });

  it('takes the captioner’s lines as reference segments of the turn on the floor; nobody else may write', async () => {
    await citizen.ok('queue:raise', { mode: 'oral', group: 'pour' });
    await mod.ok('floor:grant', { participantId: citizenId });
    const granted = await mod.waitForEvent('floor:granted');
    // An engine segment of the same turn, as the media layer appends it.
    const live = await t.app.registry.get(debateId);
    await live.appendSystemEvent(
      draft('caption:final', { segmentId: 'cap_engine1', start: Date.now() - 2000, end: Date.now() - 1000, text: 'the city counsel', speakerId: granted.payload.participantId, turnId: granted.payload.turnId, final: true, source: 'engine', engine: 'pocketsphinx/en-us' }),
    );
    await captioner.ok('caption:write', { text: '  Bonsoir à toutes et à tous.  ' });
    const line = await citizen.waitForEvent('caption:final', (e) => e.payload.source === 'captioner');
    expect(line.payload).toMatchObject({ text: 'Bonsoir à toutes et à tous.', speakerId: granted.payload.participantId, turnId: granted.payload.turnId, final: true });
    expect(line.payload.start).toBeGreaterThanOrEqual(granted.at);
    expect(line.actor).toMatchObject({ kind: 'participant', id: captionerId, role: 'captioner' });

    expect(await citizen.refused('caption:write', { text: 'moi aussi' })).toBe('FORBIDDEN');
    expect(await mod.refused('caption:write', { text: 'moi aussi' })).toBe('FORBIDDEN');
    expect(await captioner.refused('caption:write', { text: '' })).toBe('VALIDATION_FAILED');
    expect(await captioner.refused('caption:write', { text: 'a\u0000b' })).toBe('VALIDATION_FAILED');
    expect(await captioner.refused('floor:grant', {})).toBe('FORBIDDEN');

    const transcript = (await http(t, 'GET', `/api/debates/${debateId}/transcript`)).body.segments;
    expect(transcript.map((s: any) => [s.source, s.reference])).toEqual([['engine', false], ['captioner', true]]);
    expect(transcript[1]).toMatchObject({ speakerName: 'Camille', group: 'pour' });
  });

  it('switches the room display’s captions from the console (moderator only), in every snapshot', async () => {
    expect(citizen.snapshot.state.screen.captions).toBe(false);
    expect(await citizen.refused('caption:display', { on: true })).toBe('FORBIDDEN');
    await mod.ok('caption:display', { on: true });
    await citizen.waitForEvent('caption:display', (e) => e.payload.on === true);
    const again = await connect(t, moderatorToken);
    clients.push(again);
    expect(again.snapshot.state.screen.captions).toBe(true);
  });

  it('lets the organizer correct a segment once the debate is over: a new event, the original kept, the chain intact; the VTT follows', async () => {
    const segment = (await http(t, 'GET', `/api/debates/${debateId}/transcript`)).body.segments[1];
    const early = await admin(t, 'POST', `/api/debates/${debateId}/captions/${segment.segmentId}/corrections`, { text: 'Bonsoir à toutes et à tous !' });
    expect([early.status, early.body.error.code]).toEqual([409, 'DEBATE_LOCKED']);

    const startedAt = segment.start - 10_000;
    await insertRecording(t.app.services.database, { id: 'rec_cap', debateId, label: 'program', tracks: [{ kind: 'audio', mimeType: 'audio/opus' }], filePath: `recordings/${debateId}/rec_cap.webm`, startedAt });
    await mod.ok('floor:end', {});
    expect((await admin(t, 'POST', `/api/debates/${debateId}/end`)).status).toBe(200);

    const notStaff = await http(t, 'POST', `/api/debates/${debateId}/captions/${segment.segmentId}/corrections`, { token: captioner.socket.auth && (captioner.socket.auth as { token: string }).token, body: { text: 'x' } });
    expect(notStaff.status).toBe(403);
    const missing = await admin(t, 'POST', `/api/debates/${debateId}/captions/cap_nothing/corrections`, { text: 'x' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await admin(t, 'POST', `/api/debates/${debateId}/captions/${segment.segmentId}/corrections`, { text: '' });
    expect(bad.status).toBe(400);

    const fixed = await admin(t, 'POST', `/api/debates/${debateId}/captions/${segment.segmentId}/corrections`, { text: 'Bonsoir à toutes et à tous !' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect(fixed.body.correctsSeq).toBe(segment.seq);

    const log = await t.app.eventStore.load(debateId);
    expect(log.find((e) => e.seq === segment.seq)).toMatchObject({ type: 'caption:final', payload: { text: 'Bonsoir à toutes et à tous.' } });
    expect(log.find((e) => e.seq === fixed.body.seq)).toMatchObject({ type: 'caption:corrected', actor: { kind: 'admin' }, payload: { segmentId: segment.segmentId, correctsSeq: segment.seq } });
    expect((await http(t, 'GET', `/api/debates/${debateId}/verify`)).body.ok).toBe(true);

    const after = (await http(t, 'GET', `/api/debates/${debateId}/transcript`)).body.segments[1];
    expect(after).toMatchObject({ text: 'Bonsoir à toutes et à tous !', original: 'Bonsoir à toutes et à tous.', correctedSeq: fixed.body.seq });

    const vtt = await fetch(`${t.baseUrl}/api/debates/${debateId}/recordings/rec_cap/captions.vtt`);
    expect(vtt.status).toBe(200);
    expect(vtt.headers.get('content-type')).toMatch(/^text\/vtt/);
    const body = await vtt.text();
    expect(body.startsWith('WEBVTT\n')).toBe(true);
    expect(body).toContain('<v Camille>Bonsoir à toutes et à tous !');
    expect(body).not.toContain('city counsel'); // the engine's segment of a captioned turn is not the reference
    expect(body).toMatch(/\n00:00:\d\d\.\d{3} --> 00:00:\d\d\.\d{3}\n/);
    expect((await fetch(`${t.baseUrl}/api/debates/${debateId}/recordings/rec_nope/captions.vtt`)).status).toBe(404);
  });

  it('finds the debate by its transcript in the archive search, in French, with or without accents', async () => {
    for (const q of ['toutes', 'BONSOIR', 'a tous']) {
      const res = await http(t, 'GET', `/api/public/debates?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.matches[debateId], q).toEqual(['transcript']);
    }
    // The report (and so its JSON/CSV exports) carries the transcript too.
    const report = await http(t, 'GET', `/api/debates/${debateId}/report`);
    expect(report.body.transcript.map((x: any) => [x.source, x.reference, x.text])).toEqual([
      ['engine', false, 'the city counsel'],
      ['captioner', true, 'Bonsoir à toutes et à tous !'],
    ]);
    const none = await http(t, 'GET', `/api/public/debates?q=${encodeURIComponent('hippopotame')}`);
    expect(none.body.matches[debateId]).toBeUndefined();
  });
});
