// The sending half of a session: the local microphone and camera, one send transport
// (opened on first use and kept: a citizen may get the floor again, and a participant
// has only a few transports), a producer per kind. `setIntent` says what should be on
// the wire; the work is serialized, and an intent that changed while a step awaited
// makes the rest of that step moot. Local tracks survive a rebuild of the transports
// (`detach` / `attach`) so a reset does not ask for the camera again.
import type { Device, types } from 'mediasoup-client';
import { AUDIO_CODEC_OPTIONS, VIDEO_CODEC_OPTIONS, videoEncodings } from './encodings.ts';
import type { MediaProblem } from './errors.ts';
import type { AcquireTracks } from './local-tracks.ts';
import { sameIntent, sourceOf, type PublishIntent } from './publish-rules.ts';
import type { MediaLink } from './signaling.ts';
import { sumRtpStats } from './rtp-stats.ts';
import { codeOf, openTransport, RECOVERABLE_CODES, type TrackedTransport } from './transports.ts';

type Kind = 'audio' | 'video';

export interface PublishState {
  status: 'off' | 'starting' | 'on' | 'failed';
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  micMuted: boolean;
  /** The server holds one of our producers paused (floor paused, deadline passed, moderator). */
  held: boolean;
  producerIds: string[];
  problem: MediaProblem | null;
}

export interface SenderHooks {
  changed(): void;
  lost(code: string): void;
}

export interface SentStats {
  producerId: string;
  kind: Kind;
  packetsSent: number;
  bytesSent: number;
  framesEncoded: number;
}

export class Sender {
  #intent: PublishIntent | null = null;
  /** Bumped whenever the intent or the device changes: a step that awaited checks it. */
  #epoch = 0;
  #device: Device | null = null;
  #send: TrackedTransport | null = null;
  readonly #producers = new Map<Kind, types.Producer>();
  readonly #held = new Set<string>();
  #tracks: Record<Kind, MediaStreamTrack | null> = { audio: null, video: null };
  #micMuted = false;
  #status: PublishState['status'] = 'off';
  #problem: MediaProblem | null = null;
  /** Do not retry this intent by ourselves (refused, or closed by the server). */
  #blocked = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly link: MediaLink,
    private readonly acquire: AcquireTracks,
    private readonly hooks: SenderHooks,
  ) {}

  get state(): PublishState {
    return {
      status: this.#status,
      audio: this.#tracks.audio,
      video: this.#tracks.video,
      micMuted: this.#micMuted,
      held: [...this.#producers.values()].some((p) => this.#held.has(p.id)),
      producerIds: [...this.#producers.values()].map((p) => p.id),
      problem: this.#problem,
    };
  }

  /** The send transport, once opened (probed after a reconnection). */
  get transport(): TrackedTransport | null {
    return this.#send;
  }

  owns(producerId: string): boolean {
    return [...this.#producers.values()].some((p) => p.id === producerId);
  }

  setIntent(intent: PublishIntent | null, force = false): void {
    if (!force && sameIntent(intent, this.#intent)) return;
    this.#intent = intent;
    this.#epoch += 1;
    this.#blocked = false;
    this.#problem = null;
    this.#run();
  }

  /** Ready to send (a loaded device); publishes what the intent asks. */
  attach(device: Device): void {
    this.#device = device;
    this.#epoch += 1;
    this.#blocked = false;
    this.#run();
  }

  /** The transports are gone or going: forget them, keep the local tracks. */
  detach(): void {
    this.#epoch += 1;
    this.#device = null;
    for (const p of this.#producers.values()) p.close();
    this.#producers.clear();
    this.#held.clear();
    const send = this.#send?.transport;
    send?.close();
    // Not waited for: refused when the server already dropped it (reset, grace period over).
    if (send) void this.link.request('media:transport:close', { transportId: send.id });
    this.#send = null;
    if (this.#status === 'on') this.#status = this.#intent ? 'starting' : 'off';
    this.hooks.changed();
  }

  /** Try the current intent again (after a reconnection). */
  kick(): void {
    if (!this.#blocked) this.#run();
  }

  setMicMuted(muted: boolean): void {
    this.#micMuted = muted;
    const p = this.#producers.get('audio');
    if (p) {
      if (muted) p.pause();
      else p.resume();
    }
    this.hooks.changed();
  }

  /** A push about one of our producers: held by the server, or closed by it (end of the floor). */
  serverPaused(producerId: string, paused: boolean): void {
    if (paused) this.#held.add(producerId);
    else this.#held.delete(producerId);
    this.hooks.changed();
  }

  serverClosed(producerId: string): void {
    for (const [kind, p] of this.#producers) {
      if (p.id !== producerId) continue;
      p.close();
      this.#producers.delete(kind);
      // The server took the right to publish away: wait for the next intent.
      this.#blocked = true;
      if (this.#producers.size === 0 && this.#status === 'on') this.#status = 'off';
      this.hooks.changed();
    }
  }

  async stats(): Promise<SentStats[]> {
    const out: SentStats[] = [];
    for (const [kind, p] of [...this.#producers]) {
      if (p.closed) continue;
      out.push({ producerId: p.id, kind, ...sumRtpStats(await p.getStats(), 'outbound-rtp', ['packetsSent', 'bytesSent', 'framesEncoded']) });
    }
    return out;
  }

  /** Stop everything, tracks included (the page goes away). */
  close(): void {
    this.#intent = null;
    this.detach();
    this.#stopTracks(['audio', 'video']);
    this.#status = 'off';
  }

  #run(): void {
    // A step that throws (an injected device, a browser quirk) must not stall the ones after it.
    this.#chain = this.#chain.then(() => this.#sync()).catch((err: unknown) => this.#fail(codeOf(err)));
  }

  async #sync(): Promise<void> {
    const epoch = this.#epoch;
    const intent = this.#intent;
    const stale = () => epoch !== this.#epoch;
    if (!intent) return this.#unpublish(['audio', 'video']);
    if (this.#blocked) return;
    if (!intent.video) await this.#unpublish(['video']);
    if (stale()) return;
    if (this.#producers.size === 0) this.#setStatus('starting');
    const missing = { audio: intent.audio && !this.#tracks.audio, video: intent.video && !this.#tracks.video };
    if (missing.audio || missing.video) {
      const got = await this.acquire(missing);
      if (stale() || this.#intent === null) {
        for (const t of [got.audio, got.video]) if (t && !Object.values(this.#tracks).includes(t)) t.stop();
        return;
      }
      if (got.audio) this.#tracks.audio = got.audio;
      if (got.video) this.#tracks.video = got.video;
      this.#problem = got.problem ? { code: got.problem } : null;
      if (!this.#tracks.audio && !this.#tracks.video) return this.#fail(got.problem ?? 'MEDIA_DEVICE_FAILED');
    }
    const device = this.#device;
    if (!device) return this.hooks.changed();
    try {
      this.#send ??= await openTransport(this.link, device, 'send', {
        onProduced: (id, paused) => this.serverPaused(id, paused),
        onFailed: () => this.hooks.lost('MEDIA_CONNECTION_FAILED'),
      });
      for (const kind of ['audio', 'video'] as const) {
        if (stale()) return;
        const track = this.#tracks[kind];
        if (!track || !intent[kind] || this.#producers.has(kind) || !device.canProduce(kind)) continue;
        const producer = await this.#send.transport.produce({
          track,
          stopTracks: false,
          ...(kind === 'video' ? { encodings: videoEncodings(device.handlerName), codecOptions: VIDEO_CODEC_OPTIONS } : { codecOptions: AUDIO_CODEC_OPTIONS }),
          appData: { source: sourceOf(intent, kind) },
        });
        if (stale()) {
          producer.close();
          return;
        }
        this.#producers.set(kind, producer);
        if (kind === 'audio' && this.#micMuted) producer.pause();
        producer.on('trackended', () => {
          this.#problem = { code: 'MEDIA_DEVICE_FAILED' };
          this.hooks.changed();
        });
      }
      this.#setStatus(this.#producers.size > 0 ? 'on' : 'starting');
    } catch (err) {
      if (stale()) return;
      const code = codeOf(err);
      // Disconnected meanwhile: `kick` after the reconnection tries again.
      if (code === 'OFFLINE') return this.#setStatus('starting');
      if (RECOVERABLE_CODES.has(code)) {
        this.hooks.lost(code);
        return;
      }
      this.#fail(code);
    }
  }

  #fail(code: string): void {
    this.#blocked = true;
    this.#problem = { code };
    this.#setStatus('failed');
  }

  #setStatus(status: PublishState['status']): void {
    this.#status = status;
    this.hooks.changed();
  }

  async #unpublish(kinds: Kind[]): Promise<void> {
    const closing: types.Producer[] = [];
    for (const kind of kinds) {
      const p = this.#producers.get(kind);
      if (!p) continue;
      this.#producers.delete(kind);
      this.#held.delete(p.id);
      p.close();
      closing.push(p);
    }
    // The camera light goes off at once; then the server is told.
    this.#stopTracks(kinds);
    for (const p of closing) {
      const ack = await this.link.request('media:producer:close', { producerId: p.id });
      // Already closed by the server (end of a citizen's floor) is the usual case.
      if (!ack.ok && ack.error.code !== 'PRODUCER_NOT_FOUND' && ack.error.code !== 'OFFLINE') this.#problem = { code: ack.error.code };
    }
    if (this.#producers.size === 0 && !this.#intent) this.#status = 'off';
    this.hooks.changed();
  }

  #stopTracks(kinds: Kind[]): void {
    for (const kind of kinds) {
      this.#tracks[kind]?.stop();
      this.#tracks[kind] = null;
    }
  }
}
