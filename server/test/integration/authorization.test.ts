// The authorization matrix: every socket event x every role. An event sent by a role
// that may not send it is refused FORBIDDEN; an allowed role is never refused
// FORBIDDEN (it may still get a domain refusal, such as NOT_IN_QUEUE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { buildHandlerTable } from '../../src/realtime/handlers.ts';

type Role = 'moderator' | 'speaker' | 'participant' | 'display' | 'captioner';
const MOD: Role[] = ['moderator'];
const CITIZENS: Role[] = ['participant', 'speaker'];
const ALL: Role[] = ['moderator', 'speaker', 'participant', 'display', 'captioner'];

// The expected matrix, written out independently of the server's table.
const MATRIX: Record<string, { roles: Role[]; payload: unknown }> = {
  'time:sync': { roles: ALL, payload: { t0: 1 } },
  'state:resync': { roles: ALL, payload: {} },
  'queue:raise': { roles: CITIZENS, payload: { mode: 'oral' } },
  'queue:lower': { roles: CITIZENS, payload: {} },
  'queue:move': { roles: MOD, payload: { participantId: 'nobody', position: 0 } },
  'queue:remove': { roles: MOD, payload: { participantId: 'nobody' } },
  'queue:prioritize': { roles: MOD, payload: { participantId: 'nobody' } },
  'floor:grant': { roles: MOD, payload: { participantId: 'nobody' } },
  'floor:pause': { roles: MOD, payload: {} },
  'floor:resume': { roles: MOD, payload: {} },
  'floor:extend': { roles: MOD, payload: { seconds: 10 } },
  'floor:end': { roles: ['moderator', 'participant', 'speaker'], payload: {} },
  'agenda:advance': { roles: MOD, payload: {} },
  'debate:start': { roles: MOD, payload: {} },
  'debate:end': { roles: MOD, payload: {} },
  'poll:create': {
    roles: MOD,
    payload: { question: 'Q ?', kind: 'single', options: ['a', 'b'], anonymous: true, visibility: 'live', autoCloseSeconds: null },
  },
  'poll:propose': {
    roles: CITIZENS,
    payload: { question: 'Q ?', kind: 'single', options: ['a', 'b'], anonymous: true, visibility: 'live', autoCloseSeconds: null },
  },
  'poll:approve': { roles: MOD, payload: { pollId: 'nopoll' } },
  'poll:reject': { roles: MOD, payload: { pollId: 'nopoll' } },
  'poll:open': { roles: MOD, payload: { pollId: 'nopoll' } },
  'poll:close': { roles: MOD, payload: { pollId: 'nopoll' } },
  'poll:vote': { roles: CITIZENS, payload: { pollId: 'nopoll', choices: [0] } },
  'question:ask': { roles: CITIZENS, payload: { text: 'Une question ?' } },
  'question:upvote': { roles: CITIZENS, payload: { questionId: 'noq' } },
  'question:approve': { roles: MOD, payload: { questionId: 'noq' } },
  'question:hide': { roles: MOD, payload: { questionId: 'noq' } },
  'question:answer': { roles: MOD, payload: { questionId: 'noq' } },
  'contribution:submit': { roles: CITIZENS, payload: { text: 'Une contribution.' } },
  'contribution:read': { roles: MOD, payload: { contributionId: 'noc' } },
  'contribution:dismiss': { roles: MOD, payload: { contributionId: 'noc' } },
  'screen:show-question': { roles: MOD, payload: { questionId: null } },
  'screen:hide-poll': { roles: MOD, payload: { pollId: 'nopoll' } },
  'caption:write': { roles: ['captioner'], payload: { text: 'Bonsoir.' } },
  'caption:display': { roles: MOD, payload: { on: false } },
};

describe('authorization matrix', () => {
  let t: TestApp;
  const clients: Record<Role, TestClient> = {} as any;
  let debateId = '';

  beforeAll(async () => {
    t = await startTestApp({ env: { SOCKET_RATE_BURST: '1000', SOCKET_RATE_PER_SEC: '1000' } });
    const d = await liveDebate(t);
    debateId = d.debateId;
    const invitation = await http(t, 'POST', `/api/debates/${debateId}/invitations`, {
      token: d.moderatorToken,
      body: { kind: 'speaker', guestId: 'alice' },
    });
    expect(invitation.status, JSON.stringify(invitation.body)).toBe(201);
    const speaker = await join(t, debateId, { invitation: invitation.body.code });
    const participant = await join(t, debateId, { displayName: 'Camille' });
    const display = await admin(t, 'POST', `/api/debates/${debateId}/tokens/display`);
    expect(display.status).toBe(200);
    clients.moderator = await connect(t, d.moderatorToken);
    clients.speaker = await connect(t, speaker.token);
    clients.participant = await connect(t, participant.token);
    clients.display = await connect(t, display.body.token);
    const captioner = await admin(t, 'POST', `/api/debates/${debateId}/tokens/captioner`);
    expect(captioner.status).toBe(200);
    clients.captioner = await connect(t, captioner.body.token);
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) c.close();
    await t.close();
  });

  it('covers every event the server accepts', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(buildHandlerTable()).sort());
  });

  // debate:end last: it changes the debate for everything after it.
  const ordered = Object.keys(MATRIX).sort((a, b) => Number(a === 'debate:end') - Number(b === 'debate:end'));
  for (const event of ordered) {
    it(`${event}: allowed for ${MATRIX[event]!.roles.join(', ')}, forbidden for the others`, async () => {
      const { roles, payload } = MATRIX[event]!;
      for (const role of ALL) {
        if (event === 'debate:end' && role === 'moderator') continue; // checked below
        const ack = await clients[role].emit(event, payload);
        const code = ack.ok ? null : ack.error.code;
        if (roles.includes(role)) expect(code, `${role} ${event}`).not.toBe('FORBIDDEN');
        else expect(code, `${role} ${event}`).toBe('FORBIDDEN');
      }
    });
  }

  it('moderator may end the debate', async () => {
    await clients.moderator.ok('debate:end', {});
  });

  it('REST: admin-only and moderator routes refuse other roles', async () => {
    const participant = await join(t, debateId, { displayName: 'Eve' }).catch(() => null);
    // The debate has ended: joining is refused; use a fresh debate for the REST matrix.
    expect(participant).toBeNull();
    const d = await liveDebate(t);
    const p = await join(t, d.debateId, { displayName: 'Eve' });
    const cases: [string, string, unknown?][] = [
      ['POST', '/api/debates', { title: 'x', modalities: {} }],
      ['PATCH', `/api/debates/${d.debateId}`, { title: 'x' }],
      ['GET', '/api/debates'],
      ['POST', `/api/debates/${d.debateId}/archive`],
      ['POST', `/api/debates/${d.debateId}/tokens/moderator`],
      ['POST', `/api/debates/${d.debateId}/tokens/display`],
      ['POST', `/api/debates/${d.debateId}/invitations`, { kind: 'participant' }],
    ];
    for (const [method, path, body] of cases) {
      const anonymous = await http(t, method, path, { body });
      expect(anonymous.status, `anonymous ${method} ${path}`).toBe(401);
      const asParticipant = await http(t, method, path, { body, token: p.token });
      expect(asParticipant.status, `participant ${method} ${path}`).toBe(403);
    }
    // A moderator token of another debate is refused for this one.
    const other = await liveDebate(t);
    const wrong = await http(t, 'POST', `/api/debates/${d.debateId}/tokens/display`, { token: other.moderatorToken });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('WRONG_DEBATE');
  });
});
