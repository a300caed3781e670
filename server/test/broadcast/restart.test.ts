// The moderator's broadcast choice across a server restart (real server, real mediasoup
// worker and FFmpeg, PGlite or PostgreSQL): the last `broadcast:enabled` / `disabled` of
// the log wins over BROADCAST_AUTOSTART in both directions, in the console's state and in
// what the broadcast does once the program has media again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { http } from '../helpers/clients.ts';
import type { RtpSource } from '../media/rtp-source.ts';
import { cast, grantFloor, mediaClient, startMediaApp, waitForPush, type Cast, type MediaClient } from '../media/server-helpers.ts';
import { broadcastPush, pidsWith, speakerSource } from './helpers.ts';

/** The same people on the restarted server (tokens outlive a restart: same JWT secret). */
async function rejoin(t: TestApp, k: Cast): Promise<Cast> {
  const again = async (c: MediaClient) => mediaClient(t, (c.socket.auth as { token: string }).token, c.participantId);
  const c = {
    debateId: k.debateId,
    moderator: await again(k.moderator),
    speaker: await again(k.speaker),
    citizen: await again(k.citizen),
    viewer: await again(k.viewer),
    display: await again(k.display),
  };
  const all = [c.moderator, c.speaker, c.citizen, c.viewer, c.display];
  return { ...c, all, close: () => all.forEach((x) => x.close()) };
}

async function broadcastEvents(t: TestApp, debateId: string): Promise<{ seq: number; type: string; reason: string | null }[]> {
  const events = (await http(t, 'GET', `/api/debates/${debateId}/timeline?limit=1000`)).body.events;
  return events.filter((e: any) => e.type.startsWith('broadcast:')).map((e: any) => ({ seq: e.seq, type: e.type, reason: e.payload.reason ?? null }));
}

function suite(name: string, rtcMinPort: number, autoStart: boolean) {
  describe(name, { timeout: 90_000 }, () => {
    let t: TestApp;
    let k: Cast;
    const sources: RtpSource[] = [];

    beforeAll(async () => {
      t = await startMediaApp(rtcMinPort, { BROADCAST_AUTOSTART: String(autoStart) });
      k = await cast(t);
    });
    afterAll(async () => {
      for (const s of sources) s.stop();
      k?.close();
      await t?.close();
    });

    async function restart(): Promise<number> {
      for (const s of sources.splice(0)) s.stop();
      k.close();
      t = await t.restart();
      k = await rejoin(t, k);
      return (await broadcastEvents(t, k.debateId)).at(-1)?.seq ?? 0;
    }

    it(`keeps the moderator's ${autoStart ? 'stop' : 'start'} over BROADCAST_AUTOSTART=${autoStart} after a restart`, async () => {
      expect(await k.moderator.ok('media:broadcast:state', {})).toMatchObject({ wanted: autoStart, live: false });
      const chosen = !autoStart;
      expect(await k.moderator.ok('media:broadcast', { action: chosen ? 'start' : 'stop' })).toMatchObject({ wanted: chosen, live: false });
      await k.moderator.waitForEvent(chosen ? 'broadcast:enabled' : 'broadcast:disabled');

      const before = await restart();
      // Read from the log, before any media (no session on this node yet) and for anyone.
      expect(await k.moderator.ok('media:broadcast:state', {})).toMatchObject({ wanted: chosen, live: false });
      expect(await k.viewer.ok('media:broadcast:state', {})).toMatchObject({ wanted: chosen, live: false });

      await grantFloor(k, k.speaker);
      sources.push(await speakerSource(t, k.debateId, k.speaker, 'speaker', { pattern: 'testsrc', size: '320x240', freq: 440 }));
      if (chosen) {
        // Wanted again: it starts by itself once the program has media.
        expect(await broadcastPush(k.viewer, (p) => p.live)).toMatchObject({ wanted: true, live: true });
        const started = await k.moderator.waitForEvent('broadcast:started', (e) => e.seq > before, 30_000);
        expect(started.actor).toEqual({ kind: 'system' });
        expect((await broadcastEvents(t, k.debateId)).filter((e) => e.seq > before).map((e) => e.type)).toEqual(['broadcast:started']);
      } else {
        // The program has media (the recorder, on by default, started a file) ...
        await waitForPush(k.moderator, 'media:recording', (p) => p.recording, 30_000);
        expect(await k.moderator.ok('media:broadcast:state', {})).toMatchObject({ wanted: false, live: false });
        // ... and the broadcast waited for the moderator: their start is logged before any
        // encoder run (the session's passes run in order, the media's first one included).
        expect(await k.moderator.ok('media:broadcast', { action: 'start' })).toMatchObject({ wanted: true });
        await k.moderator.waitForEvent('broadcast:started', (e) => e.seq > before, 30_000);
        expect((await broadcastEvents(t, k.debateId)).filter((e) => e.seq > before).map((e) => e.type)).toEqual(['broadcast:enabled', 'broadcast:started']);
      }
      expect((await http(t, 'GET', `/api/debates/${k.debateId}/verify`)).body).toMatchObject({ ok: true });
    });

    it('leaves no encoder behind at shutdown', async () => {
      for (const s of sources.splice(0)) s.stop();
      k.close();
      t = await t.restart();
      expect(await pidsWith(`broadcast/${k.debateId}`)).toEqual([]);
      const last = (await broadcastEvents(t, k.debateId)).at(-1);
      expect(last).toMatchObject({ type: 'broadcast:stopped', reason: 'shutdown' });
      k = await rejoin(t, k);
    });
  });
}

suite('broadcast started by the moderator, then a restart', 49_400, false);
suite('broadcast stopped by the moderator, then a restart', 49_600, true);
