// The browser's media session against a real Tribune server and the real mediasoup worker,
// with mediasoup-client's FakeHandler in place of a browser's WebRTC stack (signaling,
// transports, producers and consumers are real on the server; no RTP flows). Covers:
// receiving the program (not oneself, audio only), publishing under the server's floor
// rules, rebuilding after media:reset, and reconnections before and after the grace period.
import { randomUUID } from 'node:crypto';
import { Device, FakeHandler, testFakeParameters } from 'mediasoup-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, join, liveDebate, startMediaApp, until, type TestApp, type TestClient } from '../../helpers/server.ts';
import { MediaSession } from '../../../src/lib/media/session.ts';
import { socketLink } from '../../../src/lib/media/signaling.ts';
import type { AcquireTracks } from '../../../src/lib/media/local-tracks.ts';
import { DebateConnection } from '../../../src/lib/socket.ts';
import { decodeClaims } from '../../../src/lib/session.ts';

const GRACE_MS = 1500;
let t: TestApp;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  t = await startMediaApp(44_400, { MEDIA_PARTICIPANT_GRACE_MS: String(GRACE_MS) });
}, 60_000);
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) c();
  await t?.close();
});

/** The least a MediaStreamTrack must do for mediasoup-client's Producer. */
class FakeTrack extends EventTarget {
  readonly id = randomUUID();
  readonly label = 'fake';
  enabled = true;
  muted = false;
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop(): void {
    this.readyState = 'ended';
  }
  clone(): FakeTrack {
    return new FakeTrack(this.kind);
  }
  getSettings(): Record<string, unknown> {
    return {};
  }
}

const acquired: FakeTrack[] = [];
const fakeTracks: AcquireTracks = async (want) => {
  const make = (kind: 'audio' | 'video') => {
    const track = new FakeTrack(kind);
    acquired.push(track);
    return track as unknown as MediaStreamTrack;
  };
  return { audio: want.audio ? make('audio') : null, video: want.video ? make('video') : null, problem: null };
};

interface Opened {
  conn: DebateConnection;
  session: MediaSession;
  participantId: string;
}

async function open(token: string, o: { audioOnly?: boolean } = {}): Promise<Opened> {
  const claims = decodeClaims(token)!;
  const conn = new DebateConnection({
    token,
    url: t.baseUrl,
    transports: ['websocket'],
    viewer: { role: claims.role, participantId: claims.sub },
    resyncClockEveryMs: 0,
  });
  await until('the snapshot', () => conn.store.view);
  const session = new MediaSession({
    link: socketLink(conn.socket),
    self: { role: claims.role, participantId: claims.sub },
    scope: 'program',
    audioOnly: o.audioOnly ?? false,
    createDevice: () => new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) }),
    acquire: fakeTracks,
    retryDelaysMs: [50, 200, 500, 1000],
  });
  cleanups.push(() => {
    session.close();
    conn.close();
  });
  session.start();
  await until('the session to be ready', () => session.snapshot.status === 'ready');
  return { conn, session, participantId: claims.sub };
}

const kinds = (s: MediaSession) => s.snapshot.received.map((r) => r.kind).sort();
const camera = { source: 'camera' as const, audio: true, video: true };

async function debate() {
  const d = await liveDebate(t);
  const mod = await connect(t, d.moderatorToken);
  cleanups.push(() => mod.close());
  return { ...d, mod };
}

async function citizen(debateId: string, name: string): Promise<{ token: string; participantId: string; socket: TestClient }> {
  const j = await join(t, debateId, { displayName: name });
  const socket = await connect(t, j.token);
  cleanups.push(() => socket.close());
  return { ...j, socket };
}

describe('MediaSession against a real server', () => {
  it('receives the program only: not its own publications, no video under audio only, and follows the program', async () => {
    const d = await debate();
    const moderator = await open(d.moderatorToken);
    const viewer = await open((await citizen(d.debateId, 'Camille')).token);
    const listener = await open((await citizen(d.debateId, 'Dominique')).token, { audioOnly: true });

    moderator.session.setPublishing(camera);
    const room = () => t.app.media!.session(d.debateId)!.mediasoupRoom;
    await until('two producers on the server', () => room().producers().length === 2);
    await until('the publisher to see itself on', () => moderator.session.snapshot.publish.status === 'on');
    expect(moderator.session.snapshot.publish.held).toBe(false);
    // Not on air (nobody has the floor, no room feed): nothing to receive.
    await new Promise((r) => setTimeout(r, 200));
    expect(viewer.session.snapshot.received).toEqual([]);

    await d.mod.ok('media:program:set', { participantId: moderator.participantId });
    await until('the viewer to receive audio and video', () => kinds(viewer.session).join() === 'audio,video');
    await until('the listener to receive the audio only', () => kinds(listener.session).join() === 'audio');
    // The publisher never receives itself.
    expect(moderator.session.snapshot.received).toEqual([]);
    // Each consumer was resumed on the server (created paused, resumed once wired).
    for (const r of viewer.session.snapshot.received) {
      await until('the consumer resumed on the server', () => !room().consumerState(viewer.participantId, r.consumerId).paused);
      expect(room().consumerState(viewer.participantId, r.consumerId).producerPaused).toBe(false);
    }

    // Leaving "audio only" brings the picture; going back pauses it here and on the
    // server, which then stops sending it (the point of audio only on a poor connection).
    listener.session.setAudioOnly(false);
    await until('the listener to receive video too', () => kinds(listener.session).join() === 'audio,video');
    const video = listener.session.snapshot.received.find((r) => r.kind === 'video')!;
    await until('the video consumer resumed on the server', () => !room().consumerState(listener.participantId, video.consumerId).paused);
    listener.session.setAudioOnly(true);
    expect(listener.session.snapshot.received.find((r) => r.kind === 'video')?.paused).toBe(true);
    await until('the video consumer paused on the server', () => room().consumerState(listener.participantId, video.consumerId).paused);
    const audio = listener.session.snapshot.received.find((r) => r.kind === 'audio')!;
    expect(room().consumerState(listener.participantId, audio.consumerId).paused).toBe(false);

    // A page that goes away gives its transport back at once (not after the grace period).
    listener.session.close();
    await until('the listener\'s consumers gone from the server', () => {
      try {
        room().consumerState(listener.participantId, audio.consumerId);
        return false;
      } catch {
        return true;
      }
    });

    // The publisher stops: its producers close on the server and at the viewers.
    moderator.session.setPublishing(null);
    await until('no producer on the server', () => room().producers().length === 0);
    await until('the viewer to drop its consumers', () => viewer.session.snapshot.received.length === 0);
    await until('the local tracks stopped', () => acquired.every((tr) => tr.readyState === 'ended'));
  });

  it('a citizen publishes only with the floor in oral mode; the server closes it at the end of the turn and the page does not insist', async () => {
    const d = await debate();
    const c = await citizen(d.debateId, 'Camille');
    const speaker = await open(c.token);
    const room = () => t.app.media!.session(d.debateId)!.mediasoupRoom;

    speaker.session.setPublishing(camera);
    await until('the refusal', () => speaker.session.snapshot.publish.status === 'failed');
    expect(speaker.session.snapshot.publish.problem).toEqual({ code: 'MEDIA_NOT_ALLOWED' });
    expect(room().producers()).toEqual([]);

    await c.socket.ok('queue:raise', { mode: 'oral', group: 'pour' });
    await d.mod.ok('floor:grant', { participantId: c.participantId, seconds: 60 });
    speaker.session.retryPublishing(camera);
    await until('two producers', () => speaker.session.snapshot.publish.producerIds.length === 2);
    expect(room().producers().map((p) => [p.participantId, p.paused])).toEqual([
      [c.participantId, false],
      [c.participantId, false],
    ]);

    await d.mod.ok('floor:pause', {});
    await until('the page to know it is held', () => speaker.session.snapshot.publish.held);
    await d.mod.ok('floor:end', {});
    await until('the producers closed by the server', () => speaker.session.snapshot.publish.producerIds.length === 0);
    // The intent is still set (the page has not re-rendered yet): no new attempt.
    await new Promise((r) => setTimeout(r, 300));
    expect(room().producers()).toEqual([]);
    expect(speaker.session.snapshot.publish.status).toBe('off');
  });

  it('rebuilds after media:reset (worker killed): the publisher publishes again and the viewer receives it', async () => {
    const d = await debate();
    const moderator = await open(d.moderatorToken);
    const viewer = await open((await citizen(d.debateId, 'Camille')).token);
    moderator.session.setPublishing(camera);
    await d.mod.ok('media:program:set', { participantId: moderator.participantId });
    await until('the viewer to receive', () => viewer.session.snapshot.received.length === 2);
    const before = moderator.session.snapshot.publish.producerIds;

    const media = t.app.media!;
    const victim = media.pool.workerOf(media.session(d.debateId)!.mediasoupRoom.router!)!;
    process.kill(victim.pid, 'SIGKILL');

    await until('new producers', () => {
      const ids = moderator.session.snapshot.publish.producerIds;
      return ids.length === 2 && !ids.some((id) => before.includes(id));
    }, 20_000);
    const now = moderator.session.snapshot.publish.producerIds;
    await until('the viewer to receive the new ones', () => {
      const got = viewer.session.snapshot.received.map((r) => r.producerId);
      return got.length === 2 && now.every((id) => got.includes(id));
    }, 20_000);
    expect(moderator.session.snapshot.rebuilds).toBeGreaterThanOrEqual(1);
    expect(viewer.session.snapshot.rebuilds).toBeGreaterThanOrEqual(1);
    expect(viewer.session.snapshot.status).toBe('ready');
  }, 40_000);

  it('a brief disconnection keeps the transports; one longer than the grace period rebuilds them', async () => {
    const d = await debate();
    const moderator = await open(d.moderatorToken);
    const c = await citizen(d.debateId, 'Camille');
    // The page's own socket must be the participant's only one for the grace period to run.
    c.socket.close();
    const viewer = await open(c.token);
    moderator.session.setPublishing(camera);
    await d.mod.ok('media:program:set', { participantId: moderator.participantId });
    await until('the viewer to receive', () => viewer.session.snapshot.received.length === 2);
    const consumers = viewer.session.snapshot.received.map((r) => r.consumerId).sort();

    viewer.conn.socket.disconnect();
    viewer.conn.socket.connect();
    await until('the socket back', () => viewer.conn.socket.connected);
    await new Promise((r) => setTimeout(r, 300));
    expect(viewer.session.snapshot.rebuilds).toBe(0);
    expect(viewer.session.snapshot.received.map((r) => r.consumerId).sort()).toEqual(consumers);
    // A resume that the disconnection may have swallowed was sent again.
    const room = () => t.app.media!.session(d.debateId)!.mediasoupRoom;
    for (const id of consumers) await until('the consumer running', () => !room().consumerState(viewer.participantId, id).paused);

    viewer.conn.socket.disconnect();
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));
    viewer.conn.socket.connect();
    await until('a rebuild', () => viewer.session.snapshot.rebuilds === 1);
    await until('new consumers', () => {
      const ids = viewer.session.snapshot.received.map((r) => r.consumerId);
      return ids.length === 2 && !ids.some((id) => consumers.includes(id));
    });
    expect(viewer.session.snapshot.status).toBe('ready');
  }, 30_000);
});
