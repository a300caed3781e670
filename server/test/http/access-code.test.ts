// REST: the access code of a `code` debate. It is read aloud and copied from the
// projector, so case and surrounding blanks do not count; the room display is shown it
// (to print it beside the QR code), the public is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, liveDebate } from '../helpers/clients.ts';

describe('access code', () => {
  let t: TestApp;
  let debateId: string;
  beforeAll(async () => {
    t = await startTestApp();
    ({ debateId } = await liveDebate(t, { modalities: { joinPolicy: 'code', accessCode: 'Velo-2026' } }));
  });
  afterAll(async () => {
    await t.close();
  });

  const joinWith = (accessCode: string) => http(t, 'POST', `/api/debates/${debateId}/join`, { body: { displayName: 'Camille', accessCode } });

  it('accepts the code whatever its case and surrounding blanks, nothing else', async () => {
    for (const code of ['Velo-2026', 'velo-2026', 'VELO-2026', '  vElO-2026 ']) {
      const res = await joinWith(code);
      expect(res.status, code).toBe(201);
    }
    for (const code of ['velo2026', 'velo-2027', '']) {
      const res = await joinWith(code);
      expect(res.status, code).not.toBe(201);
    }
    expect((await joinWith('velo 2026')).body.error.code).toBe('INVALID_ACCESS_CODE');
  });

  it('shows the code to the room display and staff, not to the public', async () => {
    const display = await admin(t, 'POST', `/api/debates/${debateId}/tokens/display`);
    expect(display.status).toBe(200);
    const seen = await http(t, 'GET', `/api/debates/${debateId}`, { token: display.body.token });
    expect(seen.body.debate.modalities.accessCode).toBe('Velo-2026');
    expect((await admin(t, 'GET', `/api/debates/${debateId}`)).body.debate.modalities.accessCode).toBe('Velo-2026');
    const pub = await http(t, 'GET', `/api/debates/${debateId}`);
    expect(pub.body.debate.modalities.accessCode).toBeUndefined();
    const citizen = (await joinWith('velo-2026')).body.token as string;
    const asCitizen = await http(t, 'GET', `/api/debates/${debateId}`, { token: citizen });
    expect(asCitizen.body.debate.modalities.accessCode).toBeUndefined();
  });
});
