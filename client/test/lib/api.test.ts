// REST calls from the client against a real server: answers and refusals in the ack
// shape the pages display, the join flow per join policy, and an unreachable server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDebate, startTestApp, type TestApp } from '../helpers/server.ts';
import { api } from '../../src/lib/api.ts';
import { errorMessage } from '../../src/lib/i18n.ts';
import { sessionFromToken } from '../../src/lib/session.ts';
import type { DebateDto, DebateReport, JoinResponse } from '../../src/lib/view-types.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('api()', () => {
  it('joins per the join policy and keeps a usable session', async () => {
    const { debateId } = await liveDebate(t, { modalities: { joinPolicy: 'code', accessCode: 'salle-2026' } });
    const opts = { baseUrl: t.baseUrl };
    const info = await api<{ debate: DebateDto }>('GET', `/api/debates/${debateId}`, opts);
    expect(info.ok && info.data.debate.modalities.joinPolicy).toBe('code');
    expect(info.ok && 'accessCode' in info.data.debate.modalities).toBe(false);

    const wrong = await api<JoinResponse>('POST', `/api/debates/${debateId}/join`, { ...opts, body: { displayName: 'Léa', accessCode: 'nope' } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_ACCESS_CODE' } });
    if (!wrong.ok) expect(errorMessage(wrong.error, 'fr')).toBe('Le code d’accès est incorrect.');

    const noName = await api<JoinResponse>('POST', `/api/debates/${debateId}/join`, { ...opts, body: { accessCode: 'salle-2026' } });
    expect(noName.ok).toBe(false);

    const ok = await api<JoinResponse>('POST', `/api/debates/${debateId}/join`, { ...opts, body: { displayName: 'Léa', accessCode: 'salle-2026' } });
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const session = sessionFromToken(ok.data.token, debateId);
    expect(session).toMatchObject({ participantId: ok.data.participantId, role: 'participant', name: 'Léa' });
  });

  it('maps refusals and an unreachable server to codes with sentences', async () => {
    const missing = await api<DebateReport>('GET', '/api/debates/nope/report', { baseUrl: t.baseUrl });
    expect(missing).toMatchObject({ ok: false, error: { code: 'DEBATE_NOT_FOUND' } });
    const offline = await api('GET', '/api/public/debates', { baseUrl: 'http://127.0.0.1:1' });
    expect(offline).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    if (!offline.ok) expect(errorMessage(offline.error, 'en')).toBe('Cannot reach the server. Check your connection.');
  });

  it('reads the report the archive page shows', async () => {
    const { debateId } = await liveDebate(t, { title: 'Archive test' });
    const report = await api<DebateReport>('GET', `/api/debates/${debateId}/report`, { baseUrl: t.baseUrl });
    expect(report.ok && report.data.debate.title).toBe('Archive test');
    const list = await api<{ debates: DebateDto[] }>('GET', '/api/public/debates?q=archive%20TEST', { baseUrl: t.baseUrl });
    expect(list.ok && list.data.debates.map((d) => d.id)).toContain(debateId);
  });
});
