// Lightweight viewers created on the server side, on the debate's own router: per viewer
// one PlainTransport with SRTP (so each packet is encrypted per viewer, as for a browser
// on a WebRtcTransport) and two consumers of the program (audio + video). They send to a
// loopback UDP port where nothing listens: the worker pays the whole forwarding path
// (routing, SRTP, sendto), no process of this machine spends CPU receiving.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { types } from 'mediasoup';

export interface Viewer {
  transport: types.PlainTransport;
  consumers: types.Consumer[];
}

/** A UDP port of 127.0.0.1 that nothing listens on (bound once to pick it, then freed). */
export async function unusedUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export class ViewerFarm {
  readonly viewers: Viewer[] = [];

  constructor(
    private readonly router: types.Router,
    private readonly producerIds: string[],
    private readonly sinkPort: number,
  ) {}

  get consumerCount(): number {
    return this.viewers.reduce((n, v) => n + v.consumers.length, 0);
  }

  /** Adds `count` viewers, a few at a time (each is three requests to the worker). */
  async add(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) this.viewers.push(await this.#viewer());
  }

  async #viewer(): Promise<Viewer> {
    const transport = await this.router.createPlainTransport({
      listenIp: { ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: false,
      enableSrtp: true,
      srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
    });
    await transport.connect({
      ip: '127.0.0.1',
      port: this.sinkPort,
      srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: randomBytes(30).toString('base64') },
    });
    const consumers: types.Consumer[] = [];
    for (const producerId of this.producerIds) {
      consumers.push(await transport.consume({ producerId, rtpCapabilities: this.router.rtpCapabilities, paused: false }));
    }
    return { transport, consumers };
  }

  /** RTP packets per second one consumer of each kind sends (from a few viewers' stats). */
  async sendRates(sampleViewers = 5, ms = 1000): Promise<{ audio: number; video: number }> {
    const picked = this.viewers.slice(-sampleViewers);
    const count = async () => {
      const out = { audio: 0, video: 0 };
      for (const v of picked) {
        for (const c of v.consumers) {
          for (const s of (await c.getStats()) as { type: string; packetCount?: number }[]) {
            if (s.type === 'outbound-rtp') out[c.kind] += s.packetCount ?? 0;
          }
        }
      }
      return out;
    };
    const a = await count();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    const b = await count();
    const sec = (performance.now() - t0) / 1000;
    const n = Math.max(1, picked.length);
    return { audio: (b.audio - a.audio) / sec / n, video: (b.video - a.video) / sec / n };
  }

  close(): void {
    for (const v of this.viewers) v.transport.close();
    this.viewers.length = 0;
  }
}
