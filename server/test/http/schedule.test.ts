// REST: an organizer cancels, postpones and duplicates debates. Each change is an event
// in the log (debate:cancelled, debate:postponed; the copy's debate:created names its
// source), the debate row and the calendar entry follow, and what may not happen is
// refused: cancelling a draft or a live debate, postponing to the same start, acting
// without the admin token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, liveDebate } from '../helpers/clients.ts';

describe('cancel, postpone, duplicate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const timeline = async (id: string) => (await admin(t, 'GET', `/api/debates/${id}/timeline`)).body.events as { type: string; payload: any }[];
  const ics = async (id: string) => (await (await fetch(`${t.baseUrl}/api/debates/${id}/calendar.ics`)).text()).replace(/\r\n[ \t]/g, '');

  it('postpones an announced debate: a public event, the new start everywhere, the old one kept', async () => {
    const { debateId } = await liveDebate(t, { start: false, modalities: { scheduledStart: '2099-12-03T18:30:00+01:00' } });
    const res = await admin(t, 'POST', `/api/debates/${debateId}/postpone`, { scheduledStart: '2099-12-10T19:00:00+01:00', reason: 'Salle indisponible' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.debate).toMatchObject({
      status: 'scheduled',
      modalities: { scheduledStart: '2099-12-10T19:00:00+01:00' },
      postponedFrom: '2099-12-03T18:30:00+01:00',
      postponeReason: 'Salle indisponible',
    });
    const pub = await http(t, 'GET', `/api/debates/${debateId}`);
    expect(pub.body.debate.modalities.scheduledStart).toBe('2099-12-10T19:00:00+01:00');
    const events = await timeline(debateId);
    expect(events.at(-1)).toMatchObject({
      type: 'debate:postponed',
      payload: { from: '2099-12-03T18:30:00+01:00', to: '2099-12-10T19:00:00+01:00', reason: 'Salle indisponible' },
    });
    expect(await ics(debateId)).toContain('DTSTART:20991210T180000Z');
    const live = await t.app.services.registry.get(debateId);
    expect(live.state.modalities.scheduledStart).toBe('2099-12-10T19:00:00+01:00');

    const same = await admin(t, 'POST', `/api/debates/${debateId}/postpone`, { scheduledStart: '2099-12-10T18:00:00Z' });
    expect(same.status).toBe(400);
    expect(same.body.error.code).toBe('VALIDATION_FAILED');
    const bad = await admin(t, 'POST', `/api/debates/${debateId}/postpone`, { scheduledStart: 'mardi prochain' });
    expect(bad.status).toBe(400);
    const anonymous = await http(t, 'POST', `/api/debates/${debateId}/postpone`, { body: { scheduledStart: '2099-12-11T18:00:00Z' } });
    expect(anonymous.status).toBe(401);
  });

  it('cancels an announced debate for good, with its reason, and strikes it from calendars', async () => {
    const { debateId } = await liveDebate(t, { start: false, title: 'Réunion annulée', modalities: { scheduledStart: '2099-11-03T18:30:00+01:00' } });
    const res = await admin(t, 'POST', `/api/debates/${debateId}/cancel`, { reason: 'Alerte météo' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.debate).toMatchObject({ status: 'cancelled', cancelReason: 'Alerte météo' });
    expect(res.body.debate.cancelledAt).toEqual(expect.any(Number));
    expect((await timeline(debateId)).at(-1)).toMatchObject({ type: 'debate:cancelled', payload: { reason: 'Alerte météo' } });

    const entry = await ics(debateId);
    expect(entry).toContain('STATUS:CANCELLED');
    expect(entry).toContain('Débat annulé. Alerte météo');
    const feed = (await (await fetch(`${t.baseUrl}/api/calendar.ics`)).text()).replace(/\r\n[ \t]/g, '');
    expect(feed).toContain(`UID:debate-${debateId}@tribune`);
    const listed = await http(t, 'GET', '/api/public/debates?status=cancelled');
    expect(listed.body.debates.map((d: { id: string }) => d.id)).toContain(debateId);

    for (const action of ['start', 'cancel'] as const) {
      const again = await admin(t, 'POST', `/api/debates/${debateId}/${action}`);
      expect(again.status, action).toBe(409);
      expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
    }
    const postpone = await admin(t, 'POST', `/api/debates/${debateId}/postpone`, { scheduledStart: '2099-12-11T18:00:00Z' });
    expect(postpone.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'cancelled', action: 'postpone' } });
  });

  it('refuses to cancel a draft or a live debate', async () => {
    const created = await admin(t, 'POST', '/api/debates', { title: 'Brouillon', modalities: (await import('../helpers/clients.ts')).modalities() });
    const draft = await admin(t, 'POST', `/api/debates/${created.body.debate.id}/cancel`);
    expect(draft.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'draft', action: 'cancel' } });
    const { debateId } = await liveDebate(t);
    const live = await admin(t, 'POST', `/api/debates/${debateId}/cancel`, { reason: 'x' });
    expect(live.status).toBe(409);
    expect(live.body.error.details).toEqual({ from: 'live', action: 'cancel' });
    const unknown = await admin(t, 'POST', `/api/debates/${debateId}/cancel`, { reason: 'x', extra: 1 });
    expect(unknown.status).toBe(400);
  });

  it('duplicates a debate as a new draft naming its source', async () => {
    const { debateId } = await liveDebate(t, { title: 'Plan vélo', modalities: { joinPolicy: 'code', accessCode: 'velo-2026' } });
    const res = await admin(t, 'POST', `/api/debates/${debateId}/duplicate`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const copy = res.body.debate;
    expect(copy.id).not.toBe(debateId);
    expect(copy).toMatchObject({ title: 'Plan vélo', status: 'draft', modalities: { accessCode: 'velo-2026', joinPolicy: 'code' } });
    const created = (await timeline(copy.id))[0]!;
    expect(created).toMatchObject({ type: 'debate:created', payload: { duplicatedFrom: debateId, title: 'Plan vélo' } });
    expect((await http(t, 'GET', `/api/debates/${copy.id}`)).status).toBe(404);
    expect((await admin(t, 'POST', '/api/debates/nope_nope_nop/duplicate')).status).toBe(404);
  });
});
