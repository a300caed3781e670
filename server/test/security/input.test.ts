// Issue 10 items 1-3 on a real server: every text field of the socket commands and REST
// bodies refuses NUL, lone surrogates and control characters with VALIDATION_FAILED / 400
// (and normalises to NFC); every client event refuses an absent, null or non-object
// payload before anything runs; calendar and header output is encoded for its format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, http, join, liveDebate, modalities, type TestClient } from '../helpers/clients.ts';
import { buildHandlerTable } from '../../src/realtime/handlers.ts';
import { debates } from '../../src/db/schema.ts';

const BAD_TEXT: Record<string, string> = {
  nul: 'a\u0000b',
  'lone high surrogate': 'x\ud800y',
  'lone low surrogate': 'x\udc00y',
  bell: 'a\u0007b',
  escape: 'a\u001b[31mb',
  'C1 control': 'a\u0085b',
  delete: 'a\u007fb',
};
/** Refused in single-line fields only. */
const LINE_BREAKS: Record<string, string> = { crlf: 'Titre\r\nBEGIN:VEVENT', lf: 'a\nb', tab: 'a\tb', 'line separator': 'a\u2028b' };

describe('input hardening (issue 10, items 1-3)', () => {
  let t: TestApp;
  let debateId = '';
  let moderatorToken = '';
  let mod: TestClient;
  let citizen: TestClient;
  let captioner: TestClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { SOCKET_RATE_BURST: '5000', SOCKET_RATE_PER_SEC: '5000', MEDIA_ENABLED: 'false' } });
    ({ debateId, moderatorToken } = await liveDebate(t, { modalities: { moderateQuestions: false } }));
    mod = await connect(t, moderatorToken);
    const joined = await join(t, debateId);
    citizen = await connect(t, joined.token);
    // caption:write is the captioner's only: it too must refuse a non-object payload first.
    const captionerLink = (await http(t, 'POST', `/api/debates/${debateId}/tokens/captioner`, { token: moderatorToken })).body as { token: string };
    captioner = await connect(t, captionerLink.token);
    // The citizen's arrival is logged (presence, batched): wait for it, so that "nothing
    // written" below compares sequence numbers that no late presence entry can move.
    await mod.waitForEvent('presence:changed', (e) =>
      e.payload.changes.some((c: { participantId: string; connected: boolean }) => c.participantId === joined.participantId && c.connected),
    );
  }, 120_000);
  afterAll(async () => {
    mod?.close();
    citizen?.close();
    captioner?.close();
    await t?.close();
  });

  const seqOf = async (c: TestClient) => ((await c.ok('state:resync', {})) as { seq: number }).seq;

  describe('every socket text field', () => {
    const poll = { question: 'Q ?', kind: 'single', options: ['Oui', 'Non'] };
    const fields: { event: string; who: 'mod' | 'citizen'; build: (s: string) => unknown; multiline?: boolean }[] = [
      { event: 'question:ask', who: 'citizen', build: (s) => ({ text: s }), multiline: true },
      { event: 'contribution:submit', who: 'citizen', build: (s) => ({ text: s }), multiline: true },
      { event: 'poll:propose', who: 'citizen', build: (s) => ({ ...poll, question: s }) },
      { event: 'poll:propose', who: 'citizen', build: (s) => ({ ...poll, options: [s, 'Non'] }) },
      { event: 'poll:create', who: 'mod', build: (s) => ({ ...poll, question: s }) },
      { event: 'poll:create', who: 'mod', build: (s) => ({ ...poll, options: ['Oui', s] }) },
      { event: 'poll:reject', who: 'mod', build: (s) => ({ pollId: 'p1', reason: s }) },
    ];
    for (const f of fields) {
      it(`${f.event}: refused with VALIDATION_FAILED, nothing written`, async () => {
        const c = f.who === 'mod' ? mod : citizen;
        const before = await seqOf(mod);
        const bad = { ...BAD_TEXT, ...(f.multiline ? {} : LINE_BREAKS) };
        for (const [what, s] of Object.entries(bad)) {
          const ack = await c.emit(f.event, f.build(s));
          expect(ack.ok ? 'accepted' : ack.error.code, `${f.event} ${what}`).toBe('VALIDATION_FAILED');
        }
        expect(await seqOf(mod)).toBe(before);
      });
    }

    it('normalises to NFC and keeps newlines and tabs where text spans lines', async () => {
      const asked = await citizen.ok('question:ask', { text: 'Cafe\u0301 ?\r\nDeuxième\tligne' });
      const e = await mod.waitForEvent('question:asked', (ev) => ev.payload.question.id === asked.questionId);
      expect(e.payload.question.text).toBe('Café ?\nDeuxième\tligne');
    });
  });

  describe('every REST text field', () => {
    const create = (over: Record<string, unknown>) => ({ title: 'Débat', modalities: modalities(), ...over });
    // A URL carries UTF-8: a lone surrogate has no encoding there (its bytes decode to U+FFFD).
    const query = (s: string) => encodeURIComponent(s);
    const cases: {
      what: string;
      send: (s: string) => Promise<{ status: number; body: any }>;
      multiline?: boolean;
      inUrl?: boolean;
    }[] = [
      { what: 'POST /api/debates title', send: (s) => admin(t, 'POST', '/api/debates', create({ title: s })) },
      { what: 'POST /api/debates description', send: (s) => admin(t, 'POST', '/api/debates', create({ description: s })), multiline: true },
      { what: 'POST /api/debates location', send: (s) => admin(t, 'POST', '/api/debates', create({ location: s })) },
      {
        what: 'POST /api/debates group name',
        send: (s) => admin(t, 'POST', '/api/debates', create({ modalities: modalities({ groups: [{ id: 'g', name: s }], guests: [] }) })),
      },
      {
        what: 'POST /api/debates guest name and affiliation',
        send: async (s) => {
          const a = await admin(t, 'POST', '/api/debates', create({ modalities: modalities({ guests: [{ id: 'x', name: s }] }) }));
          const b = await admin(t, 'POST', '/api/debates', create({ modalities: modalities({ guests: [{ id: 'x', name: 'X', affiliation: s }] }) }));
          return a.status === b.status ? a : { status: -1, body: { a: a.body, b: b.body } };
        },
      },
      {
        what: 'POST /api/debates access code',
        send: (s) => admin(t, 'POST', '/api/debates', create({ modalities: modalities({ joinPolicy: 'code', accessCode: `code-${s}-long` }) })),
      },
      { what: 'PATCH /api/debates/:id title', send: (s) => admin(t, 'PATCH', `/api/debates/${debateId}`, { title: s }) },
      { what: 'POST /join displayName', send: (s) => http(t, 'POST', `/api/debates/${debateId}/join`, { body: { displayName: s } }) },
      {
        what: 'POST /join accessCode',
        send: (s) => http(t, 'POST', `/api/debates/${debateId}/join`, { body: { displayName: 'Léa', accessCode: s } }),
      },
      { what: 'POST /join invitation', send: (s) => http(t, 'POST', `/api/debates/${debateId}/join`, { body: { invitation: s } }) },
      { what: 'POST /tokens/moderator displayName', send: (s) => admin(t, 'POST', `/api/debates/${debateId}/tokens/moderator`, { displayName: s }) },
      { what: 'POST /tokens/display displayName', send: (s) => admin(t, 'POST', `/api/debates/${debateId}/tokens/display`, { displayName: s }) },
      {
        what: 'POST /invitations displayName',
        send: (s) => admin(t, 'POST', `/api/debates/${debateId}/invitations`, { kind: 'participant', displayName: s }),
      },
      { what: 'GET /api/debates?q=', send: (s) => admin(t, 'GET', `/api/debates?q=${query(s)}`), inUrl: true },
      { what: 'GET /api/public/debates?q=', send: (s) => http(t, 'GET', `/api/public/debates?q=${query(s)}`), inUrl: true },
    ];
    for (const c of cases) {
      it(`${c.what}: 400 VALIDATION_FAILED`, async () => {
        const bad = { ...BAD_TEXT, ...(c.multiline ? {} : LINE_BREAKS) };
        for (const [what, s] of Object.entries(bad)) {
          if (c.inUrl && what.includes('surrogate')) continue;
          const res = await c.send(s);
          expect(res.status, `${c.what} ${what}: ${JSON.stringify(res.body)}`).toBe(400);
          expect(res.body.error.code, `${c.what} ${what}`).toBe('VALIDATION_FAILED');
        }
      });
    }

    it('stores names in NFC', async () => {
      const res = await http(t, 'POST', `/api/debates/${debateId}/join`, { body: { displayName: '  Zoe\u0308 ' } });
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('Zoë');
    });
  });

  describe('payloads that are not the documented object', () => {
    const NOT_OBJECTS: [string, unknown[]][] = [
      ['absent', []],
      ['null', [null]],
      ['an array', [[]]],
      ['a string', ['x']],
      ['a number', [0]],
      ['two payloads', [{}, {}]],
    ];

    it('are refused on every event before it runs (floor:grant would grant the queue head)', async () => {
      // A hand is raised: a floor:grant that ran on a default would give it the floor.
      await citizen.ok('queue:raise', { mode: 'oral' });
      const table = buildHandlerTable();
      const before = await seqOf(mod);
      for (const [event, handler] of Object.entries(table)) {
        const c = handler.roles.includes('moderator') ? mod : handler.roles.includes('captioner') && !handler.roles.includes('participant') ? captioner : citizen;
        for (const [what, args] of NOT_OBJECTS) {
          const ack = (await c.socket.timeout(10_000).emitWithAck(event, ...args)) as { ok: boolean; error?: { code: string } };
          expect(ack.ok ? 'accepted' : ack.error!.code, `${event} with ${what}`).toBe('VALIDATION_FAILED');
        }
      }
      expect(await seqOf(mod)).toBe(before);
      const snap = (await mod.ok('state:resync', {})) as { state: { turns: { floor: unknown } } };
      expect(snap.state.turns.floor).toBeNull();
      // `{}` is the documented empty payload and still works.
      await citizen.ok('queue:lower', {});
    });
  });

  describe('calendar and header encoding', () => {
    it('a title with CRLF cannot add calendar components, even one stored before validation', async () => {
      expect((await admin(t, 'POST', '/api/debates', { title: 'Titre\r\nBEGIN:VEVENT\r\nSUMMARY:injecté', modalities: modalities() })).status).toBe(400);
      const { debateId: id } = await liveDebate(t, { start: false });
      // A row written before this validation existed.
      await t.app.database.db.update(debates).set({ title: 'Titre\r\nBEGIN:VEVENT\r\nSUMMARY:injecté; a, b\\' }).where(eq(debates.id, id));
      const patched = await admin(t, 'PATCH', `/api/debates/${id}`, {
        description: 'Ligne 1\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:x',
        location: 'Salle; A, B',
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      await t.app.database.db.update(debates).set({ title: 'Titre\r\nBEGIN:VEVENT\r\nSUMMARY:injecté; a, b\\' }).where(eq(debates.id, id));
      const res = await fetch(`${t.baseUrl}/api/debates/${id}/calendar.ics`);
      expect(res.status).toBe(200);
      const ics = await res.text();
      expect(ics.match(/^BEGIN:VEVENT\r?$/gm)).toHaveLength(1);
      expect(ics.match(/^END:VEVENT\r?$/gm)).toHaveLength(1);
      expect(ics).not.toMatch(/^SUMMARY:injecté/m);
      expect(ics).toContain('X-WR-CALNAME:Titre\\nBEGIN:VEVENT\\nSUMMARY:injecté\\; a\\, b\\\\');
      // No bare CR or LF other than the line ends (CRLF) and folding.
      for (const line of ics.split('\r\n')) expect(line).not.toMatch(/[\r\n]/);
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="debate-${id}.ics"; filename*=UTF-8''debate-${id}.ics`);
    });
  });
});
