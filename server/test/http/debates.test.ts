// REST: creating, editing, reading, listing debates and moving them through the
// lifecycle, with every refusal (401/403/404/409/400) and its code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, join, liveDebate, modalities } from '../helpers/clients.ts';

describe('REST debates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const create = async (body: Record<string, unknown> = {}) => {
    const res = await admin(t, 'POST', '/api/debates', { title: 'Le vélo en ville', modalities: modalities(), ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.debate;
  };

  it('creates a draft with defaults applied, timestamps in ms and links', async () => {
    const d = await create({ description: 'Pistes cyclables', location: 'Salle des fêtes' });
    expect(d).toMatchObject({
      title: 'Le vélo en ville',
      description: 'Pistes cyclables',
      location: 'Salle des fêtes',
      status: 'draft',
      announcedAt: null,
    });
    expect(d.modalities.joinPolicy).toBe('open');
    expect(d.modalities.queuePolicy).toBe('fifo');
    expect(typeof d.createdAt).toBe('number');
    expect(d.links.join).toBe(`${t.baseUrl.replace('127.0.0.1', 'localhost')}/d/${d.id}`);
    expect(d.links.ics).toMatch(new RegExp(`/api/debates/${d.id}/calendar\\.ics$`));
  });

  it('refuses creation without the admin token, and bad bodies with VALIDATION_FAILED', async () => {
    const body = { title: 'x', modalities: modalities() };
    const anonymous = await http(t, 'POST', '/api/debates', { body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const wrongAdmin = await http(t, 'POST', '/api/debates', { body, token: 'not-the-admin-token-at-all' });
    expect(wrongAdmin.status).toBe(401);
    expect(wrongAdmin.body.error.code).toBe('INVALID_TOKEN');
    const basic = await fetch(`${t.baseUrl}/api/debates`, { method: 'POST', headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);

    const { debateId } = await liveDebate(t);
    const p = await join(t, debateId);
    const asParticipant = await http(t, 'POST', '/api/debates', { body, token: p.token });
    expect(asParticipant.status).toBe(403);
    expect(asParticipant.body.error.code).toBe('FORBIDDEN');

    for (const bad of [
      { title: '', modalities: modalities() },
      { title: 'x'.repeat(201), modalities: modalities() },
      { title: 'ok', modalities: modalities({ joinPolicy: 'code' }) },
      { title: 'ok', modalities: modalities(), extra: 1 },
      { title: 'ok', description: 'x'.repeat(5001), modalities: modalities() },
      { title: 'ok' },
    ]) {
      const res = await admin(t, 'POST', '/api/debates', bad);
      expect(res.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('edits a draft and a scheduled debate, and refuses once live (DEBATE_LOCKED)', async () => {
    const d = await create();
    const renamed = await admin(t, 'PATCH', `/api/debates/${d.id}`, { title: 'Le vélo, encore', location: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body.debate).toMatchObject({ title: 'Le vélo, encore', location: null, status: 'draft' });

    await admin(t, 'POST', `/api/debates/${d.id}/announce`);
    const moved = await admin(t, 'PATCH', `/api/debates/${d.id}`, {
      modalities: modalities({ plannedDurationMinutes: 45, joinPolicy: 'code', accessCode: 'velo2026' }),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.debate.modalities.plannedDurationMinutes).toBe(45);
    // The row follows the log: a fresh read sees the change.
    const read = await admin(t, 'GET', `/api/debates/${d.id}`);
    expect(read.body.debate.modalities.accessCode).toBe('velo2026');

    await admin(t, 'POST', `/api/debates/${d.id}/start`);
    const locked = await admin(t, 'PATCH', `/api/debates/${d.id}`, { title: 'Trop tard' });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('DEBATE_LOCKED');

    const empty = await admin(t, 'PATCH', `/api/debates/${d.id}`, {});
    expect(empty.status).toBe(400);
    const unknown = await admin(t, 'PATCH', '/api/debates/nosuchdebate', { title: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DEBATE_NOT_FOUND');
  });

  it('hides drafts from the public and the access code from non-staff', async () => {
    const draft = await create({ modalities: modalities({ joinPolicy: 'code', accessCode: 'secret-code' }) });
    const anonymous = await http(t, 'GET', `/api/debates/${draft.id}`);
    expect(anonymous.status).toBe(404);
    expect(anonymous.body.error.code).toBe('DEBATE_NOT_FOUND');
    expect((await admin(t, 'GET', `/api/debates/${draft.id}`)).body.debate.modalities.accessCode).toBe('secret-code');

    await admin(t, 'POST', `/api/debates/${draft.id}/announce`);
    const pub = await http(t, 'GET', `/api/debates/${draft.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.debate.status).toBe('scheduled');
    expect(pub.body.debate.modalities.joinPolicy).toBe('code');
    expect(pub.body.debate.modalities).not.toHaveProperty('accessCode');
    expect(JSON.stringify(pub.body)).not.toContain('secret-code');

    const mod = await admin(t, 'POST', `/api/debates/${draft.id}/tokens/moderator`);
    const asMod = await http(t, 'GET', `/api/debates/${draft.id}`, { token: mod.body.token });
    expect(asMod.body.debate.modalities.accessCode).toBe('secret-code');
    const p = await join(t, draft.id, { displayName: 'Lou', accessCode: 'secret-code' });
    const asParticipant = await http(t, 'GET', `/api/debates/${draft.id}`, { token: p.token });
    expect(asParticipant.body.debate.modalities).not.toHaveProperty('accessCode');

    // A token of another debate is refused rather than silently ignored.
    const other = await liveDebate(t);
    const wrong = await http(t, 'GET', `/api/debates/${draft.id}`, { token: other.moderatorToken });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('WRONG_DEBATE');

    const badId = await http(t, 'GET', '/api/debates/not%20an%20id');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('runs the lifecycle and refuses illegal transitions with 409 ILLEGAL_TRANSITION', async () => {
    const d = await create();
    const early = await admin(t, 'POST', `/api/debates/${d.id}/start`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');

    const announced = await admin(t, 'POST', `/api/debates/${d.id}/announce`);
    expect(announced.body.debate).toMatchObject({ status: 'scheduled' });
    expect(typeof announced.body.debate.announcedAt).toBe('number');

    const mod = (await admin(t, 'POST', `/api/debates/${d.id}/tokens/moderator`)).body.token as string;
    const modStart = await http(t, 'POST', `/api/debates/${d.id}/start`, { token: mod });
    expect(modStart.status).toBe(200);
    expect(modStart.body.debate.status).toBe('live');
    expect(typeof modStart.body.debate.startedAt).toBe('number');

    // A moderator may start and end, not archive; a participant may do none of it.
    const p = await join(t, d.id);
    const byParticipant = await http(t, 'POST', `/api/debates/${d.id}/end`, { token: p.token });
    expect(byParticipant.status).toBe(403);
    expect(byParticipant.body.error.code).toBe('FORBIDDEN');
    // An empty JSON body on an action route is accepted.
    const res = await fetch(`${t.baseUrl}/api/debates/${d.id}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mod}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const modArchive = await http(t, 'POST', `/api/debates/${d.id}/archive`, { token: mod });
    expect(modArchive.status).toBe(403);
    const archived = await admin(t, 'POST', `/api/debates/${d.id}/archive`);
    expect(archived.body.debate).toMatchObject({ status: 'archived' });
    const again = await admin(t, 'POST', `/api/debates/${d.id}/archive`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');

    const other = await liveDebate(t);
    const foreign = await http(t, 'POST', `/api/debates/${d.id}/end`, { token: other.moderatorToken });
    expect(foreign.body.error.code).toBe('WRONG_DEBATE');
    const missing = await admin(t, 'POST', '/api/debates/nosuchdebate/announce');
    expect(missing.status).toBe(404);
  });

  it('lists every debate for the admin, filtered by status and text', async () => {
    const a = await create({ title: 'Eau potable et sécheresse', description: 'Nappes phréatiques' });
    const b = await create({ title: 'Cantine bio' });
    await admin(t, 'POST', `/api/debates/${b.id}/announce`);
    const all = await admin(t, 'GET', '/api/debates');
    const ids = all.body.debates.map((d: any) => d.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    const drafts = await admin(t, 'GET', '/api/debates?status=draft');
    expect(drafts.body.debates.every((d: any) => d.status === 'draft')).toBe(true);
    expect(drafts.body.debates.map((d: any) => d.id)).toContain(a.id);
    expect(drafts.body.debates.map((d: any) => d.id)).not.toContain(b.id);
    const search = await admin(t, 'GET', `/api/debates?q=${encodeURIComponent('PHRÉATIQUES')}`);
    expect(search.body.debates.map((d: any) => d.id)).toEqual([a.id]);
    expect((await admin(t, 'GET', '/api/debates?status=bogus')).status).toBe(400);
    expect((await http(t, 'GET', '/api/debates')).status).toBe(401);
  });
});
