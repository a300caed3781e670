// The active speaker: real RTP (Opus packets carrying the ssrc-audio-level header
// extension) sent over UDP to a plain transport producer; the AudioLevelObserver names
// the loudest publisher and every client gets media:active-speaker, then null on silence.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { cast, pushesOf, startMediaApp, waitForPush, type Cast } from './server-helpers.ts';

const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** One RTP packet: PT 100, a one-byte header extension (id 1) with voice activity and `levelDb` (0 = loudest). */
function rtpPacket(ssrc: number, seq: number, levelDb: number): Buffer {
  const b = Buffer.alloc(12 + 8 + 20);
  b[0] = 0x90; // V=2, X=1
  b[1] = 100;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE((seq * 960) >>> 0, 4);
  b.writeUInt32BE(ssrc, 8);
  b.writeUInt16BE(0xbede, 12);
  b.writeUInt16BE(1, 14); // one 32-bit word of extensions
  b[16] = (1 << 4) | 0; // id 1, one byte of data
  b[17] = 0x80 | levelDb;
  b[20] = 0xfc; // an Opus TOC byte; the rest is silence-ish payload
  return b;
}

describe('active speaker', () => {
  let t: TestApp;
  let k: Cast;
  let udp: Socket;

  beforeAll(async () => {
    t = await startMediaApp(48_200);
    k = await cast(t);
    udp = createSocket('udp4');
  });
  afterAll(async () => {
    udp?.close();
    k?.close();
    await t?.close();
  });

  it('names the loudest publisher, then null when they fall silent', async () => {
    // A plain-RTP publisher (an encoder, as the in-room feed may be), through the room API.
    const session = await t.app.media!.openSession(k.debateId);
    const who = k.moderator.participantId;
    session.enter(who, 'moderator');
    const plain = await session.mediasoupRoom.createPlainTransport(who);
    const ssrc = 0x1234_5678;
    await session.produce(who, {
      transportId: plain.id,
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 }],
        headerExtensions: [{ uri: AUDIO_LEVEL_URI, id: 1 }],
        encodings: [{ ssrc }],
        rtcp: { cname: 'encoder' },
      },
      appData: { source: 'mic' },
    });

    let seq = 0;
    const sender = setInterval(() => udp.send(rtpPacket(ssrc, (seq += 1), 10), plain.port, plain.ip), 20);
    try {
      for (const c of k.all) expect(await waitForPush(c, 'media:active-speaker', (p) => p.participantId === who)).toEqual({ participantId: who });
    } finally {
      clearInterval(sender);
    }
    expect((await k.viewer.ok('media:capabilities', {})).activeSpeaker).toBe(who);
    await waitForPush(k.viewer, 'media:active-speaker', (p) => p.participantId === null);
    // Throttled: one push per change, not one per packet or per interval.
    const pushes = pushesOf(k.viewer, 'media:active-speaker');
    expect(pushes).toEqual([{ participantId: who }, { participantId: null }]);
    expect(seq).toBeGreaterThan(20);
  });
});
