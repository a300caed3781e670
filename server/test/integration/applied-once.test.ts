// Commands applied once: a command sent again with its idempotency key (commandId) gets
// its first result and appends nothing, on the node that ran it and after a restart (the
// record is in the database, written with the events); the same key with another command
// is IDEMPOTENCY_KEY_REUSED; a malformed key is refused before anything runs. REST
// commands take the same keys in an Idempotency-Key header.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, join, liveDebate, type TestClient } from '../helpers/clients.ts';

describe('commands applied once (idempotency keys)', () => {
  let t: TestApp | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await t?.close();
    t = null;
  });

  it('a retried command returns its first result, even after a restart', async () => {
    t = await startTestApp();
    const { debateId, moderatorToken } = await liveDebate(t);
    const citizen = await join(t, debateId, { displayName: 'Ana' });
    const ana = await connect(t, citizen.token);
    const bea = await connect(t, (await join(t, debateId, { displayName: 'Bea' })).token);
    const mod = await connect(t, moderatorToken);
    clients.push(ana, bea, mod);

    const ask = { text: 'Quel budget pour les pistes cyclables ?', commandId: 'ask-0001-abcdef' };
    const first = await ana.ok('question:ask', ask);
    const again = await ana.ok('question:ask', ask);
    expect(again).toEqual(first);
    expect(await ana.refused('question:ask', { ...ask, text: 'Autre chose ?' })).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another sender with the same key is another command too.
    expect(await bea.refused('question:ask', ask)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ana.refused('question:ask', { text: 'Clé trop courte ?', commandId: 'short' })).toBe('VALIDATION_FAILED');

    const poll = await mod.ok('poll:create', {
      question: 'Prolonger la séance ?',
      kind: 'single',
      options: ['Oui', 'Non'],
      anonymous: true,
      visibility: 'live',
      autoCloseSeconds: null,
      openNow: true,
      commandId: 'create-poll-0001',
    });
    await ana.ok('poll:vote', { pollId: poll.pollId, choices: [0], seq: 1 });
    const closed = await mod.ok('poll:close', { pollId: poll.pollId, commandId: 'close-poll-0001' });
    expect(closed.results.counts).toEqual([1, 0]);

    // A restart: the records are in the database, the new copy finds them.
    for (const c of clients.splice(0)) c.close();
    t = await t.restart();
    const mod2 = await connect(t, moderatorToken);
    clients.push(mod2);
    const seq = mod2.snapshot.seq;
    expect(await mod2.ok('poll:close', { pollId: poll.pollId, commandId: 'close-poll-0001' })).toEqual(closed);
    expect(
      await mod2.ok('poll:create', {
        question: 'Prolonger la séance ?',
        kind: 'single',
        options: ['Oui', 'Non'],
        anonymous: true,
        visibility: 'live',
        autoCloseSeconds: null,
        openNow: true,
        commandId: 'create-poll-0001',
      }),
    ).toEqual(poll);
    const view = await mod2.ok('state:resync', {});
    expect(view.seq).toBe(seq);
    expect(view.state.questions.questions).toHaveLength(1);
 
    // REST commands take the same keys in an Idempotency-Key header.
    const end = (key: string | null) =>
      fetch(`${t!.baseUrl}/api/debates/${debateId}/end`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(key ? { 'idempotency-key': key } : {}) },
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    expect((await end('end-debate-0001')).status).toBe(200);
    expect(await end('end-debate-0001')).toMatchObject({ status: 200 }); // the first result, not ILLEGAL_TRANSITION
    expect((await end(null)).body.error.code).toBe('ILLEGAL_TRANSITION');
    expect((await end('bad key!')).body.error.code).toBe('VALIDATION_FAILED');
  }, 90_000); // two app starts on the embedded database
});
