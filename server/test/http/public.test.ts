// REST: health probes, the public list with its archive search, the iCalendar feeds,
// the OpenAPI document, and the generic refusals (unknown route, malformed JSON).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, modalities } from '../helpers/clients.ts';

describe('REST public surface', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const make = async (key: string, title: string, start: string, steps: string[], extra: Record<string, unknown> = {}) => {
      const res = await admin(t, 'POST', '/api/debates', {
        title,
        modalities: modalities({ scheduledStart: start, plannedDurationMinutes: 90 }),
        ...extra,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.debate.id;
      for (const step of steps) expect((await admin(t, 'POST', `/api/debates/${ids[key]}/${step}`)).status).toBe(200);
    };
    await make('draft', 'Brouillon secret', '2026-12-01T10:00:00Z', []);
    await make('late', 'Transports en commun', '2026-12-20T18:00:00Z', ['announce'], {
      description: 'Lignes de bus et TRAM de nuit',
      location: 'Hôtel de ville, salle du conseil',
    });
    await make('early', 'Bibliothèques', '2026-12-05T17:30:00+01:00', ['announce', 'start']);
    await make('past', 'Plan climat', '2026-11-01T18:00:00Z', ['announce', 'start', 'end', 'archive']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the health probes', async () => {
    expect(await http(t, 'GET', '/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(await http(t, 'GET', '/readyz')).toEqual({ status: 200, body: { ok: true } });
  });

  it('lists announced, live and past debates by scheduled start, never drafts', async () => {
    const res = await http(t, 'GET', '/api/public/debates');
    expect(res.status).toBe(200);
    const mine = res.body.debates.filter((d: any) => Object.values(ids).includes(d.id)).map((d: any) => d.id);
    expect(mine).toEqual([ids.past, ids.early, ids.late]);
    const late = res.body.debates.find((d: any) => d.id === ids.late);
    expect(late.links.join).toMatch(new RegExp(`/d/${ids.late}$`));
    expect(late.links.ics).toMatch(new RegExp(`/api/debates/${ids.late}/calendar\\.ics$`));
    expect(res.body.debates.some((d: any) => d.status === 'draft')).toBe(false);
  });

  it('searches titles and descriptions case-insensitively, and filters by status', async () => {
    const byDescription = await http(t, 'GET', '/api/public/debates?q=tram');
    expect(byDescription.body.debates.map((d: any) => d.id)).toEqual([ids.late]);
    const byTitle = await http(t, 'GET', `/api/public/debates?q=${encodeURIComponent('CLIMAT')}`);
    expect(byTitle.body.debates.map((d: any) => d.id)).toEqual([ids.past]);
    const draftHidden = await http(t, 'GET', '/api/public/debates?q=Brouillon');
    expect(draftHidden.body.debates).toEqual([]);
    const archived = await http(t, 'GET', '/api/public/debates?status=archived');
    expect(archived.body.debates.map((d: any) => d.id)).toEqual([ids.past]);
    const askDrafts = await http(t, 'GET', '/api/public/debates?status=draft');
    expect(askDrafts.status).toBe(400);
    expect(askDrafts.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('serves a calendar feed of scheduled and live debates', async () => {
    const res = await fetch(`${t.baseUrl}/api/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain(`UID:debate-${ids.late}@tribune`);
    expect(unfolded).toContain(`UID:debate-${ids.early}@tribune`);
    expect(unfolded).not.toContain(ids.past);
    expect(unfolded).not.toContain(ids.draft);
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    // 17:30 at +01:00 is 16:30 UTC; 90 minutes later.
    expect(unfolded).toContain('DTSTART:20261205T163000Z');
    expect(unfolded).toContain('DTEND:20261205T180000Z');
  });

  it("serves one debate's calendar entry, stable across requests", async () => {
    const get = () => fetch(`${t.baseUrl}/api/debates/${ids.late}/calendar.ics`);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(unfolded).toContain('DTSTART:20261220T180000Z');
    expect(unfolded).toContain('DTEND:20261220T193000Z');
    expect(unfolded).toContain('SUMMARY:Transports en commun');
    expect(unfolded).toContain('LOCATION:Hôtel de ville\\, salle du conseil');
    expect(unfolded).toMatch(new RegExp(`URL[^:]*:http://localhost:\\d+/d/${ids.late}`));
    expect(await (await get()).text()).toBe(ics);

    const draft = await http(t, 'GET', `/api/debates/${ids.draft}/calendar.ics`);
    expect(draft.status).toBe(404);
    expect(draft.body.error.code).toBe('DEBATE_NOT_FOUND');
  });

  it('publishes every route in the OpenAPI document', async () => {
    const res = await http(t, 'GET', '/docs/json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, any>>;
    const expected: [string, string][] = [
      ['/healthz', 'get'],
      ['/readyz', 'get'],
      ['/api/debates', 'post'],
      ['/api/debates', 'get'],
      ['/api/debates/{id}', 'get'],
      ['/api/debates/{id}', 'patch'],
      ['/api/debates/{id}/announce', 'post'],
      ['/api/debates/{id}/start', 'post'],
      ['/api/debates/{id}/end', 'post'],
      ['/api/debates/{id}/archive', 'post'],
      ['/api/public/debates', 'get'],
      ['/api/calendar.ics', 'get'],
      ['/api/debates/{id}/calendar.ics', 'get'],
      ['/api/debates/{id}/tokens/moderator', 'post'],
      ['/api/debates/{id}/tokens/display', 'post'],
      ['/api/debates/{id}/invitations', 'post'],
      ['/api/debates/{id}/join', 'post'],
      ['/api/debates/{id}/timeline', 'get'],
      ['/api/debates/{id}/verify', 'get'],
      ['/api/debates/{id}/report', 'get'],
      ['/api/debates/{id}/polls/{pollId}/audit', 'get'],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeTruthy();
    const create = paths['/api/debates']!.post;
    expect(create.requestBody.content['application/json'].schema.properties.modalities).toBeTruthy();
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/debates/{id}/join']!.post.security).toBeUndefined();
  });

  it('answers unknown routes and malformed JSON with a coded error', async () => {
    const missing = await http(t, 'GET', '/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const malformed = await http(t, 'POST', `/api/debates/${ids.late}/join`, { raw: '{"displayName": "Eve"' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const poisoned = await http(t, 'POST', `/api/debates/${ids.late}/join`, {
      raw: '{"displayName":"Eve","__proto__":{"admin":true}}',
    });
    expect(poisoned.status).toBe(400);
    expect((await http(t, 'GET', '/healthz')).status).toBe(200);
  });

  // Last: it closes the database under the running app.
  it('reports not ready (503) once the database is gone, while staying alive', async () => {
    await t.app.services.database.close();
    const ready = await http(t, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('UNAVAILABLE');
    expect((await http(t, 'GET', '/healthz')).status).toBe(200);
  });
});
