// A page's media session (mediasoup-client) over the debate's socket: loads the device
// from `media:capabilities`, receives what selection.ts picks (the program feed, or
// everything), publishes what the page's intent says (sender.ts), keeps the room current
// from the media:* pushes, and rebuilds itself when the server says its transports are
// gone (`media:reset`), when a request shows they are, when ICE fails, or when the
// socket comes back after the server's grace period. Rebuilds are bounded (a few
// retries with growing delays); the state says plainly what is going on.
import type { Device, types } from 'mediasoup-client';
import type { Role } from '../view-types.ts';
import { SESSION_ERRORS, type MediaProblem } from './errors.ts';
import { browserTracks, type AcquireTracks } from './local-tracks.ts';
import type { PublishIntent } from './publish-rules.ts';
import { Receiver, type ReceivedStats, type ReceivedTrack } from './receiver.ts';
import { applyRoomPush, EMPTY_ROOM, roomFromCapabilities, type RoomState } from './room-state.ts';
import { toConsume, wantedProducers, type ConsumeScope } from './selection.ts';
import { Sender, type PublishState, type SentStats } from './sender.ts';
import type { MediaLink, MediaPushes } from './signaling.ts';
import { ask, codeOf, RECOVERABLE_CODES, transportAlive, wireTransport, type TrackedTransport } from './transports.ts';

export type MediaStatus = 'idle' | 'connecting' | 'ready' | 'unavailable' | 'unsupported' | 'failed';

export interface MediaSnapshot {
  status: MediaStatus;
  problem: MediaProblem | null;
  room: RoomState;
  /** Live consumers (paused ones included: not wanted now). */
  received: ReceivedTrack[];
  audioOnly: boolean;
  publish: PublishState;
  /** Rebuilds so far (reset, lost transports, reconnection after the grace period). */
  rebuilds: number;
}

export interface MediaSessionOptions {
  link: MediaLink;
  self: { role: Role; participantId: string | null };
  scope: ConsumeScope;
  audioOnly?: boolean;
  /** Tests pass a device on mediasoup-client's FakeHandler. */
  createDevice?: () => Device | Promise<Device>;
  acquire?: AcquireTracks;
  retryDelaysMs?: readonly number[];
}

export interface MediaStats {
  status: MediaStatus;
  received: ReceivedStats[];
  sent: SentStats[];
  marks: Record<string, number>;
}

const DEFAULT_RETRY_MS = [300, 1000, 2000, 4000, 8000] as const;

// mediasoup-client is a third of the page's script: loaded apart, from the moment a
// session exists, it no longer delays the page's first render and socket; it is there
// by the time the server answers the first media requests.
let mediasoupClient: Promise<typeof import('mediasoup-client')> | null = null;
const loadMediasoupClient = () => (mediasoupClient ??= import('mediasoup-client'));
const browserDevice = async (): Promise<Device> => new (await loadMediasoupClient()).Device();

export class MediaSession {
  readonly #o: MediaSessionOptions;
  readonly #sender: Sender;
  readonly #listeners = new Set<(s: MediaSnapshot) => void>();
  readonly #offs: (() => void)[] = [];
  /** performance.now() of milestones (start, ready, first frame), for diagnostics and the benchmark. */
  readonly marks: Record<string, number> = {};
  #gen = 0;
  #active = false;
  #closed = false;
  #status: MediaStatus = 'idle';
  #problem: MediaProblem | null = null;
  #room: RoomState = EMPTY_ROOM;
  #audioOnly: boolean;
  #receiver: Receiver | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #rebuilds = 0;
  #snapshot: MediaSnapshot;

  constructor(o: MediaSessionOptions) {
    this.#o = o;
    this.#audioOnly = o.audioOnly ?? false;
    this.#sender = new Sender(o.link, o.acquire ?? browserTracks, { changed: () => this.#emit(), lost: (c) => this.#lost(c) });
    this.#snapshot = this.#build();
    if (!o.createDevice) void loadMediasoupClient().catch(() => undefined); // #establish reports it
    this.#listen();
    // When the page's code got here (the socket was just opened): splits the join time.
    this.mark('created');
    if (o.link.connected) this.mark('connected');
  }

  get snapshot(): MediaSnapshot {
    return this.#snapshot;
  }

  get link(): MediaLink {
    return this.#o.link;
  }

  subscribe(listener: (s: MediaSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The debate is live: open the media (idempotent). */
  start(): void {
    if (this.#active || this.#closed) return;
    this.#active = true;
    this.marks.start ??= now();
    void this.#establish();
  }

  /** The debate is not live (or the page leaves it): drop everything, local tracks included. */
  stop(): void {
    this.#active = false;
    this.#gen += 1;
    this.#clearRetry();
    this.#teardown();
    this.#sender.setIntent(null);
    this.#room = EMPTY_ROOM;
    this.#set('idle', null);
  }

  /** After a failure the page shows: try again from scratch. */
  restart(): void {
    if (!this.#active) return;
    this.#retries = 0;
    this.#rebuilds += 1;
    void this.#establish();
  }

  close(): void {
    this.stop();
    this.#closed = true;
    this.#sender.close();
    for (const off of this.#offs.splice(0)) off();
    this.#o.link.close();
    this.#listeners.clear();
  }

  setPublishing(intent: PublishIntent | null): void {
    this.#sender.setIntent(intent);
  }

  /** After a refusal (camera denied...): try the same intent again. */
  retryPublishing(intent: PublishIntent | null): void {
    this.#sender.setIntent(intent, true);
  }

  setMicMuted(muted: boolean): void {
    this.#sender.setMicMuted(muted);
  }

  setAudioOnly(audioOnly: boolean): void {
    this.#audioOnly = audioOnly;
    this.#reconcile();
    this.#emit();
  }

  mark(name: string): void {
    this.marks[name] ??= now();
  }

  async stats(): Promise<MediaStats> {
    const [received, sent] = await Promise.all([this.#receiver?.stats() ?? [], this.#sender.stats()]);
    return { status: this.#status, received, sent, marks: { ...this.marks } };
  }

  // ---- establishing and rebuilding ----------------------------------------------------

  async #establish(): Promise<void> {
    const gen = ++this.#gen;
    this.#clearRetry();
    this.#teardown();
    this.#set('connecting', this.#problem);
    if (!this.#o.link.connected) return; // onConnect comes back here
    try {
      // The receive transport does not depend on the capabilities: ask for both at once
      // (one round trip less before the first frame).
      const link = this.#o.link;
      const [caps, created] = await Promise.all([
        ask(link, 'media:capabilities', {}),
        this.#o.scope === 'none' ? null : ask(link, 'media:transport:create', { direction: 'recv' }),
      ]);
      if (gen !== this.#gen) return;
      this.mark('answered');
      const device = await (this.#o.createDevice ?? browserDevice)();
      await device.load({ routerRtpCapabilities: caps.rtpCapabilities as types.RtpCapabilities });
      if (gen !== this.#gen) return;
      this.mark('device');
      this.#room = roomFromCapabilities(caps);
      if (created) {
        const recv = wireTransport(link, device, created, { onFailed: () => this.#lost(SESSION_ERRORS.CONNECTION_FAILED) });
        this.#receiver = new Receiver(this.#o.link, device, recv, {
          changed: () => this.#emit(),
          lost: (code) => this.#lost(code),
          problem: (code) => this.#set(this.#status, { code }),
        });
      }
      this.#retries = 0;
      this.mark('ready');
      this.#set('ready', null);
      this.#reconcile();
      this.#sender.attach(device);
    } catch (err) {
      if (gen !== this.#gen) return;
      this.#failed(err);
    }
  }

  #failed(err: unknown): void {
    if ((err as Error | null)?.name === 'UnsupportedError') {
      this.#set('unsupported', { code: SESSION_ERRORS.UNSUPPORTED });
      return;
    }
    const code = codeOf(err);
    // MEDIA_ENABLED=false on this server: no video for this debate, nothing to retry.
    if (code === 'UNKNOWN_EVENT') return this.#set('unavailable', null);
    if (code === 'OFFLINE') return this.#set('connecting', null);
    if (!RECOVERABLE_CODES.has(code)) return this.#set('failed', { code });
    this.#retryLater({ code });
  }

  /** Something showed the server lost our media: rebuild (once per incident). */
  #lost(code: string): void {
    // A request cut by a disconnection proves nothing: the reconnection rechecks.
    if (code === 'OFFLINE') return;
    if (!this.#active || this.#retryTimer || this.#status === 'connecting') return;
    this.#retryLater({ code });
  }

  #retryLater(problem: MediaProblem): void {
    const delays = this.#o.retryDelaysMs ?? DEFAULT_RETRY_MS;
    if (this.#retries >= delays.length) return this.#set('failed', problem);
    const delay = delays[this.#retries]!;
    this.#retries += 1;
    this.#teardown();
    this.#set('connecting', problem);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#rebuilds += 1;
      if (this.#active) void this.#establish();
    }, delay);
  }

  /** After a reconnection: keep what the server still holds, rebuild otherwise. */
  async #recheck(): Promise<void> {
    const gen = this.#gen;
    const held = [this.#receiver?.recv, this.#sender.transport].filter((t): t is TrackedTransport => !!t);
    try {
      for (const t of held) {
        if ((await transportAlive(this.#o.link, t)) === false) {
          this.#rebuilds += 1;
          return void this.#establish();
        }
      }
      const caps = await ask(this.#o.link, 'media:capabilities', {});
      if (gen !== this.#gen) return;
      const ids = new Set(caps.producers.map((p) => p.producerId));
      if (this.#sender.state.producerIds.some((id) => !ids.has(id))) {
        this.#rebuilds += 1;
        return void this.#establish();
      }
      this.#room = roomFromCapabilities(caps);
      this.#receiver?.retain(ids);
      this.#receiver?.resumeAll();
      this.#reconcile();
      this.#sender.kick();
      this.#emit();
    } catch (err) {
      if (gen === this.#gen) this.#lost(codeOf(err));
    }
  }

  #teardown(): void {
    this.#receiver?.close();
    this.#receiver = null;
    this.#sender.detach();
  }

  #clearRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  // ---- the room -------------------------------------------------------------------------

  #listen(): void {
    const link = this.#o.link;
    const ready = () => this.#active && this.#status === 'ready';
    const room = <E extends Exclude<keyof MediaPushes, 'media:consumer:closed' | 'media:reset' | 'media:broadcast'>>(event: E) =>
      link.on(event, (payload: MediaPushes[E]) => {
        if (!ready()) return;
        this.#room = applyRoomPush(this.#room, event, payload);
        this.#onProducerPush(event, payload);
        this.#reconcile();
        this.#emit();
      });
    this.#offs.push(
      room('media:producer:new'),
      room('media:producer:closed'),
      room('media:producer:paused'),
      room('media:producer:resumed'),
      room('media:program'),
      room('media:active-speaker'),
      room('media:recording'),
      link.on('media:consumer:closed', ({ consumerId }) => this.#receiver?.drop({ consumerId })),
      link.on('media:reset', () => {
        if (!this.#active) return;
        this.#rebuilds += 1;
        void this.#establish();
      }),
      link.onConnect((first) => {
        this.mark('connected');
        if (!this.#active) return;
        if (first || this.#status !== 'ready') void this.#establish();
        else void this.#recheck();
      }),
    );
  }

  #onProducerPush(event: keyof MediaPushes, payload: unknown): void {
    const producerId =
      typeof payload === 'object' && payload !== null && 'producerId' in payload && typeof payload.producerId === 'string'
        ? payload.producerId
        : null;
    if (!producerId) return;
    if (event === 'media:producer:closed') {
      this.#receiver?.drop({ producerId });
      if (this.#sender.owns(producerId)) this.#sender.serverClosed(producerId);
    } else if (event === 'media:producer:paused' || event === 'media:producer:resumed') {
      if (this.#sender.owns(producerId)) this.#sender.serverPaused(producerId, event === 'media:producer:paused');
    }
  }

  #reconcile(): void {
    if (!this.#receiver) return;
    const input = { scope: this.#o.scope, self: this.#o.self.participantId, audioOnly: this.#audioOnly, ...this.#room };
    const wanted = new Set(wantedProducers(input).map((p) => p.producerId));
    this.#receiver.reconcile(toConsume(input, this.#receiver.known), wanted);
  }

  // ---- state ----------------------------------------------------------------------------

  #set(status: MediaStatus, problem: MediaProblem | null): void {
    this.#status = status;
    this.#problem = problem;
    this.#emit();
  }

  #build(): MediaSnapshot {
    return {
      status: this.#status,
      problem: this.#problem,
      room: this.#room,
      received: this.#receiver?.tracks ?? [],
      audioOnly: this.#audioOnly,
      publish: this.#sender.state,
      rebuilds: this.#rebuilds,
    };
  }

  #emit(): void {
    this.#snapshot = this.#build();
    for (const l of [...this.#listeners]) l(this.#snapshot);
  }
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}
