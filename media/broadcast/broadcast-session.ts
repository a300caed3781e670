// One live debate's broadcast on this node: the HLS encoder following the program (the
// recorder's policy, media/recording/policy.ts: start once media flows, switch with the
// program, restart for a kind or codec the encoder lacks, back off after failures) and the
// RTMP pushes of its destinations, fed by the encoder through the feed hub. Passes run one
// at a time; every encoder run is `broadcast:started` → `broadcast:stopped` in the
// timeline, every change of a push's state a `broadcast:destination`. When the debate
// ends the playlist gets its EXT-X-ENDLIST.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../server/src/clock.ts';
import { isAppError } from '../../server/src/errors.ts';
import type { BroadcastState } from '../../server/src/protocol/broadcast.ts';
import type { BroadcastStopReason } from '../../server/src/protocol/events/broadcasts.ts';
import type { MediaLogger } from '../logger.ts';
import type { RecordingFeed } from '../recording/feed.ts';
import { afterFailure, backoffForFeed, decideRecording, NO_BACKOFF, programFeeds, type Backoff, type RecordingTimings } from '../recording/policy.ts';
import type { TimelineActor, TimelineEntry } from '../recording/ports.ts';
import type { SessionMedia } from '../recording/recording-session.ts';
import type { Encoder, StartEncoderOptions } from './encoder.ts';
import { FeedHub } from './feed-hub.ts';
import { PLAYLIST } from './hls-args.ts';
import { Pusher, type PushDestination } from './pusher.ts';
import type { PushStatus, PushTimings } from './push-policy.ts';

export interface BroadcastSessionOptions extends RecordingTimings {
  debateId: string;
  clock: Clock;
  log: MediaLogger;
  dir: string;
  playlistPath: string;
  /** The choice when the log has none (BROADCAST_AUTOSTART). */
  wanted: boolean;
  /** The debate's broadcast entries in the log: the moderator's last choice survives a restart. */
  entries: () => Promise<readonly TimelineEntry[]>;
  ffmpeg: string;
  pushTimings: PushTimings;
  media: () => SessionMedia | null;
  start: (o: Pick<StartEncoderOptions, 'router' | 'feed' | 'runId' | 'tsOffsetSeconds' | 'hubPort'>) => Promise<Encoder>;
  destinations: () => Promise<PushDestination[]>;
  append: (entry: TimelineEntry, by?: TimelineActor) => Promise<void>;
  push: (state: BroadcastState) => void;
}

/** The moderator's last choice in a debate's log (`broadcast:enabled` / `disabled`), or `fallback` without one. */
export function broadcastWantedInLog(entries: readonly TimelineEntry[], fallback: boolean): boolean {
  let wanted = fallback;
  for (const e of entries) {
    if (e.type === 'broadcast:enabled') wanted = true;
    else if (e.type === 'broadcast:disabled') wanted = false;
  }
  return wanted;
}

export class BroadcastSession {
  /** Settled once the log has been read (every pass waits for it: passes run in order). */
  readonly ready: Promise<void>;
  readonly #o: BroadcastSessionOptions;
  #wanted: boolean;
  #encoder: Encoder | null = null;
  #hub: FeedHub | null = null;
  #firstStart: number | null = null;
  #runs = 0;
  #liveSince: number | null = null;
  #backoff: Backoff = NO_BACKOFF;
  #timer: NodeJS.Timeout | null = null;
  #chain: Promise<unknown> = Promise.resolve();
  #queued = false;
  #closing: BroadcastStopReason | null = null;
  #room: SessionMedia['mediasoupRoom'] | null = null;
  #unwatch: (() => void) | null = null;
  readonly #pushers = new Map<string, { pusher: Pusher; destination: PushDestination }>();
  #pushed = '';

  constructor(o: BroadcastSessionOptions) {
    this.#o = o;
    this.#wanted = o.wanted;
    this.ready = this.#serial(async () => {
      try {
        this.#wanted = broadcastWantedInLog(await o.entries(), o.wanted);
      } catch (err) {
        o.log.error({ debateId: o.debateId, err: (err as Error).message }, 'broadcast: cannot read the log; using BROADCAST_AUTOSTART');
      }
    });
  }

  get encoder(): Encoder | null {
    return this.#encoder;
  }

  state(): BroadcastState {
    return {
      wanted: this.#wanted,
      live: this.#encoder !== null,
      playlist: this.#o.playlistPath,
      startedAt: this.#encoder?.startedAt ?? null,
      destinations: [...this.#pushers.values()].map(({ pusher, destination: d }) => ({
        id: d.id,
        label: d.label,
        url: d.url,
        state: pusher.status.state,
        reason: pusher.status.reason,
        retryAt: pusher.status.retryAt,
      })),
    };
  }

  update(): void {
    if (this.#queued || this.#closing) return;
    this.#queued = true;
    void this.#serial(async () => {
      this.#queued = false;
      await this.#pass();
    });
  }

  setWanted(wanted: boolean, by: TimelineActor): Promise<BroadcastState> {
    return this.#serial(async () => {
      if (wanted !== this.#wanted) {
        this.#wanted = wanted;
        await this.#append({ type: wanted ? 'broadcast:enabled' : 'broadcast:disabled', payload: {} }, by);
        if (wanted) this.#backoff = NO_BACKOFF;
      }
      await this.#pass();
      return this.state();
    });
  }

  /** The organizer changed the destinations: pushes follow while the broadcast is live. */
  destinationsChanged(): void {
    void this.#serial(() => this.#syncPushers());
  }

  close(reason: BroadcastStopReason): Promise<void> {
    this.#closing ??= reason;
    if (this.#timer) clearTimeout(this.#timer);
    this.#unwatch?.();
    return this.#serial(async () => {
      if (this.#encoder) await this.#finish(this.#encoder, reason, null);
      await this.#stopPushers();
      await this.#hub?.close();
      this.#hub = null;
      if (reason === 'debate_ended' && this.#firstStart !== null) await this.#endPlaylist();
    }) as Promise<void>;
  }

  #serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(step);
    this.#chain = run.catch((err: Error) => {
      this.#o.log[isAppError(err) ? 'warn' : 'error']({ debateId: this.#o.debateId, err: err.message }, 'broadcast: step failed');
    });
    return run;
  }

  async #pass(): Promise<void> {
    const session = this.#closing ? null : this.#o.media();
    const open = session !== null && !session.closed;
    if (open) this.#watch(session.mediasoupRoom);
    const { feed, liveFeed } = programFeeds(open ? session.program : null, open ? session.mediasoupRoom.producers() : []);
    this.#backoff = backoffForFeed(this.#backoff, liveFeed);
    const now = this.#o.clock.now();
    this.#liveSince = liveFeed.audio || liveFeed.video ? (this.#liveSince ?? now) : null;
    const enc = this.#encoder;
    const action = decideRecording({
      wanted: this.#wanted && open,
      liveFeed,
      feed,
      recording: enc?.feed ?? null,
      now,
      liveSince: this.#liveSince,
      retryAt: this.#backoff.retryAt,
      kindWaitMs: this.#o.kindWaitMs,
    });
    switch (action.do) {
      case 'none':
        break;
      case 'wait':
        this.#wake(action.ms);
        break;
      case 'stop':
        await this.#finish(enc!, !this.#wanted ? 'moderator' : (this.#closing ?? 'media_closed'), null);
        break;
      case 'switch':
        try {
          await enc!.switchFeed(action.feed);
        } catch (err) {
          if (!isAppError(err) || err.code !== 'CANNOT_CONSUME') throw err;
          // Another codec than the encoder's input: a new run (the playlist marks it).
          await this.#finish(enc!, 'restart', null);
          this.update();
        }
        break;
      case 'rollover':
        await this.#finish(enc!, 'restart', null);
        await this.#start(session!, action.feed);
        break;
      case 'start':
        await this.#start(session!, action.feed);
        break;
    }
    await this.#syncPushers();
    this.#push();
  }

  async #start(session: SessionMedia, feed: RecordingFeed): Promise<void> {
    const router = session.mediasoupRoom.router;
    if (!router) return this.#wake(500);
    const now = this.#o.clock.now();
    const runId = `${now.toString(36)}${(this.#runs += 1).toString(36)}`;
    let enc: Encoder;
    try {
      this.#hub ??= await FeedHub.open();
      enc = await this.#o.start({ router, feed, runId, hubPort: this.#hub.port, tsOffsetSeconds: this.#firstStart === null ? 0 : (now - this.#firstStart) / 1000 });
    } catch (err) {
      this.#o.log.warn({ debateId: this.#o.debateId, err: (err as Error).message }, 'broadcast: encoder could not start');
      this.#backoff = afterFailure(this.#backoff, feed, now, this.#o);
      return this.#wake(this.#backoff.retryAt - now);
    }
    this.#firstStart ??= enc.startedAt;
    this.#encoder = enc;
    void enc.ended.then(() => {
      if (this.#encoder !== enc) return;
      // FFmpeg died by itself: a stop `failed`, then a new run after the backoff.
      void this.#serial(async () => {
        if (this.#encoder !== enc) return;
        const t = this.#o.clock.now();
        if (t - enc.startedAt >= this.#o.healthyMs) this.#backoff = NO_BACKOFF;
        await this.#finish(enc, 'failed', enc.reason());
        this.#o.log.warn({ debateId: this.#o.debateId, reason: enc.reason() }, 'broadcast: encoder died');
        this.#backoff = afterFailure(this.#backoff, null, t, this.#o);
        this.#wake(this.#backoff.retryAt - t);
        this.#push();
      });
    });
    await this.#append({ type: 'broadcast:started', payload: { startedAt: enc.startedAt, playlist: this.#o.playlistPath } });
  }

  async #finish(enc: Encoder, reason: BroadcastStopReason, error: string | null): Promise<void> {
    if (this.#encoder === enc) this.#encoder = null;
    await enc.stop();
    await this.#append({ type: 'broadcast:stopped', payload: { reason, error } });
    this.#push();
  }

  /** Pushes run while the broadcast is wanted and the debate's media is open. */
  async #syncPushers(): Promise<void> {
    const hub = this.#hub;
    // Kept through encoder restarts (they see a gap, then the stream goes on).
    const on = this.#wanted && !this.#closing && this.#firstStart !== null && hub !== null;
    const wanted = on ? await this.#o.destinations() : [];
    const ids = new Set(wanted.map((d) => d.id));
    for (const [id, p] of this.#pushers) {
      if (!ids.has(id)) {
        this.#pushers.delete(id);
        await p.pusher.stop();
      }
    }
    for (const d of wanted) {
      if (this.#pushers.has(d.id)) continue;
      const pusher = new Pusher({
        destination: d,
        hub: hub!,
        ffmpeg: this.#o.ffmpeg,
        timings: this.#o.pushTimings,
        now: () => this.#o.clock.now(),
        logger: this.#o.log,
        onState: (s) => this.#pushState(d, s),
      });
      this.#pushers.set(d.id, { pusher, destination: d });
      pusher.start();
    }
  }

  async #stopPushers(): Promise<void> {
    const all = [...this.#pushers.values()];
    this.#pushers.clear();
    await Promise.all(all.map((p) => p.pusher.stop()));
    this.#push();
  }

  #pushState(d: PushDestination, s: PushStatus): void {
    void this.#append({ type: 'broadcast:destination', payload: { destinationId: d.id, label: d.label, state: s.state, reason: s.reason } });
    this.#push();
  }

  /** The playlist says the broadcast is over (FFmpeg runs with omit_endlist: restarts continue it). */
  async #endPlaylist(): Promise<void> {
    const file = join(this.#o.dir, PLAYLIST);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null && !text.includes('#EXT-X-ENDLIST')) await appendFile(file, `${text.endsWith('\n') ? '' : '\n'}#EXT-X-ENDLIST\n`);
  }

  async #append(entry: TimelineEntry, by?: TimelineActor): Promise<void> {
    try {
      await this.#o.append(entry, by);
    } catch (err) {
      this.#o.log.error({ debateId: this.#o.debateId, type: entry.type, err: (err as Error).message }, 'broadcast: cannot append to the timeline');
    }
  }

  #wake(ms: number): void {
    if (this.#closing) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.update();
    }, Math.max(0, ms));
    this.#timer.unref?.();
  }

  #watch(room: SessionMedia['mediasoupRoom']): void {
    if (room === this.#room) return;
    this.#unwatch?.();
    this.#room = room;
    this.#unwatch = room.onEvent((e) => {
      if (e.type !== 'consumer:closed') this.update();
    });
  }

  #push(): void {
    const state = this.state();
    const key = JSON.stringify(state);
    if (key === this.#pushed) return;
    this.#pushed = key;
    this.#o.push(state);
  }
}
