// One person, one participant: the device credential a join answers brings every tab and
// reload back as the same participant (one queue entry, one ballot, their own questions);
// a transfer code moves it to another device once; credentials are revocable and die with
// the debate. Speaker invitations let the same guest back in; participant invitations
// (binding votes) stay single use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, connectRefused, http, liveDebate } from '../helpers/clients.ts';

describe('rejoining as the same participant', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const joinRes = (debateId: string, body: unknown) => http(t, 'POST', `/api/debates/${debateId}/join`, { body });
  const rejoin = (debateId: string, body: unknown) => http(t, 'POST', `/api/debates/${debateId}/rejoin`, { body });

  it('two tabs with one credential are one participant: one queue entry, one ballot, own questions', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const first = await joinRes(debateId, { displayName: 'Camille' });
    expect(first.status).toBe(201);
    expect(first.body.credential).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The second tab (or a reload after the token is gone) trades the credential.
    const second = await rejoin(debateId, { credential: first.body.credential });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ participantId: first.body.participantId, role: 'participant', name: 'Camille', credential: first.body.credential });
    expect(t.app.tokens.verify(second.body.token).sub).toBe(first.body.participantId);

    const mod = await connect(t, moderatorToken);
    const tab1 = await connect(t, first.body.token);
    const tab2 = await connect(t, second.body.token);
    try {
      await tab1.ok('queue:raise', { mode: 'oral' });
      expect(await tab2.refused('queue:raise', { mode: 'oral' })).toBe('ALREADY_IN_QUEUE');
      const { pollId } = await mod.ok('poll:create', {
        question: 'Piétonniser ?', kind: 'single', options: ['Oui', 'Non'], anonymous: true, visibility: 'live', autoCloseSeconds: null, openNow: true,
      });
      await tab1.waitForEvent('poll:opened', (e) => e.payload.pollId === pollId);
      await tab1.ok('poll:vote', { pollId, choices: [0] });
      await tab2.ok('poll:vote', { pollId, choices: [1] });
      const closed = await mod.ok('poll:close', { pollId });
      expect(closed.results.totalBallots).toBe(1);
      expect(closed.results.counts).toEqual([0, 1]);
      const { questionId } = await tab1.ok('question:ask', { text: 'Et les livraisons ?' });
      const again = await connect(t, (await rejoin(debateId, { credential: first.body.credential })).body.token);
      try {
        const mine = again.snapshot.state.questions.questions.find((q: any) => q.id === questionId);
        expect(mine).toBeTruthy();
        expect(again.snapshot.state.turns.queue.map((e: any) => e.participantId)).toEqual([first.body.participantId]);
      } finally {
        again.close();
      }
    } finally {
      for (const c of [mod, tab1, tab2]) c.close();
    }
  });

  it('a transfer code moves the participant to another device once, ignoring case and spaces', async () => {
    const { debateId } = await liveDebate(t);
    const phone = await joinRes(debateId, { displayName: 'Noé' });
    const anonymous = await http(t, 'POST', `/api/debates/${debateId}/rejoin/transfer`);
    expect(anonymous.status).toBe(401);
    const code = await http(t, 'POST', `/api/debates/${debateId}/rejoin/transfer`, { token: phone.body.token });
    expect(code.status, JSON.stringify(code.body)).toBe(201);
    expect(code.body.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const typed = `${code.body.code.slice(0, 4).toLowerCase()} ${code.body.code.slice(4)}`;
    const laptop = await rejoin(debateId, { transferCode: typed });
    expect(laptop.status, JSON.stringify(laptop.body)).toBe(200);
    expect(laptop.body.participantId).toBe(phone.body.participantId);
    expect(laptop.body.credential).not.toBe(phone.body.credential);
    // The laptop's own credential works from now on; the code does not work twice.
    expect((await rejoin(debateId, { credential: laptop.body.credential })).body.participantId).toBe(phone.body.participantId);
    const twice = await rejoin(debateId, { transferCode: code.body.code });
    expect(twice.status).toBe(403);
    expect(twice.body.error.code).toBe('REJOIN_REFUSED');
  });

  it('moving means moving: the old device loses its credential, its token and its open socket', async () => {
    const { debateId } = await liveDebate(t);
    const phone = await joinRes(debateId, { displayName: 'Inès' });
    const phoneSocket = await connect(t, phone.body.token);
    try {
      const code = await http(t, 'POST', `/api/debates/${debateId}/rejoin/transfer`, { token: phone.body.token });
      const closed = new Promise<string>((resolve) => phoneSocket.socket.once('disconnect', (reason) => resolve(reason)));
      const laptop = await rejoin(debateId, { transferCode: code.body.code });
      expect(laptop.status, JSON.stringify(laptop.body)).toBe(200);
      expect(await closed).toBe('io server disconnect');
      // The phone can neither come back with its credential nor use the token it holds.
      expect((await rejoin(debateId, { credential: phone.body.credential })).body.error.code).toBe('REJOIN_REFUSED');
      expect(await connectRefused(t, { token: phone.body.token })).toBe('TOKEN_REVOKED');
      const rest = await http(t, 'POST', `/api/debates/${debateId}/rejoin/transfer`, { token: phone.body.token });
      expect(rest.status).toBe(401);
      expect(rest.body.error.code).toBe('TOKEN_REVOKED');
      // The laptop is the participant now.
      const lap = await connect(t, laptop.body.token);
      try {
        expect(t.app.tokens.verify(laptop.body.token).sub).toBe(phone.body.participantId);
        await lap.ok('queue:raise', { mode: 'oral' });
      } finally {
        lap.close();
      }
    } finally {
      phoneSocket.close();
    }
  });

  it("a moderator's revocation cuts the tokens already issued and the sockets already open", async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const p = await joinRes(debateId, { displayName: 'Yanis' });
    const tab2 = await rejoin(debateId, { credential: p.body.credential });
    const s1 = await connect(t, p.body.token);
    const s2 = await connect(t, tab2.body.token);
    try {
      const gone = [s1, s2].map((c) => new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason))));
      const revoked = await http(t, 'DELETE', `/api/debates/${debateId}/participants/${p.body.participantId}/rejoin`, { token: moderatorToken });
      expect(revoked.body).toEqual({ participantId: p.body.participantId, revoked: true });
      expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
      for (const token of [p.body.token, tab2.body.token]) {
        expect(await connectRefused(t, { token })).toBe('TOKEN_REVOKED');
        expect((await http(t, 'POST', `/api/debates/${debateId}/rejoin/transfer`, { token })).body.error.code).toBe('TOKEN_REVOKED');
      }
    } finally {
      s1.close();
      s2.close();
    }
  });

  it('refuses unknown, malformed, revoked and ended-debate credentials', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const p = await joinRes(debateId, { displayName: 'Lou' });
    expect((await rejoin(debateId, { credential: 'x'.repeat(32) })).body.error.code).toBe('REJOIN_REFUSED');
    expect((await rejoin(debateId, { credential: p.body.credential, transferCode: 'ABCDEFGH' })).status).toBe(400);
    expect((await rejoin(debateId, {})).status).toBe(400);
    const other = await liveDebate(t);
    expect((await rejoin(other.debateId, { credential: p.body.credential })).body.error.code).toBe('REJOIN_REFUSED');

    const byCitizen = await http(t, 'DELETE', `/api/debates/${debateId}/participants/${p.body.participantId}/rejoin`, { token: p.body.token });
    expect(byCitizen.status).toBe(403);
    const revoked = await http(t, 'DELETE', `/api/debates/${debateId}/participants/${p.body.participantId}/rejoin`, { token: moderatorToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ participantId: p.body.participantId, revoked: true });
    expect((await rejoin(debateId, { credential: p.body.credential })).body.error.code).toBe('REJOIN_REFUSED');

    const q = await joinRes(debateId, { displayName: 'Sacha' });
    await admin(t, 'POST', `/api/debates/${debateId}/end`);
    const ended = await rejoin(debateId, { credential: q.body.credential });
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('DEBATE_NOT_LIVE');
  });

  it('a speaker invitation lets the same guest back in; a participant invitation stays single use', async () => {
    const { debateId } = await liveDebate(t, { modalities: { joinPolicy: 'invite' } });
    const speaker = await admin(t, 'POST', `/api/debates/${debateId}/invitations`, { kind: 'speaker', guestId: 'alice' });
    const a = await joinRes(debateId, { invitation: speaker.body.code });
    const b = await joinRes(debateId, { invitation: speaker.body.code });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ participantId: 'guest_alice', role: 'speaker' });
    expect(t.app.tokens.verify(b.body.token)).toMatchObject({ sub: 'guest_alice', guestId: 'alice', invitationId: speaker.body.invitationId });
    // The guest's credential rejoins as the guest.
    const back = await rejoin(debateId, { credential: a.body.credential });
    expect(back.body).toMatchObject({ participantId: 'guest_alice', role: 'speaker', name: 'Alice Martin' });
    expect(t.app.tokens.verify(back.body.token)).toMatchObject({ guestId: 'alice' });

    const ballot = await admin(t, 'POST', `/api/debates/${debateId}/invitations`, { kind: 'participant', displayName: 'Électrice' });
    expect((await joinRes(debateId, { invitation: ballot.body.code })).status).toBe(201);
    const reused = await joinRes(debateId, { invitation: ballot.body.code });
    expect(reused.status).toBe(403);
    expect(reused.body.error.code).toBe('INVALID_INVITATION');
  });
});
