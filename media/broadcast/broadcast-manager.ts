// The broadcast on this node: one BroadcastSession per debate whose media session is
// open, fed by the media manager's program changes (as RecordingManager is); the
// moderator's media:broadcast command; the state consoles see; the organizer's
// destination changes; the audience figure the citizen page chooses HLS by; and the
// shutdown that stops every encoder and push (no FFmpeg left behind).
import { join } from 'node:path';
import type { Clock } from '../../server/src/clock.ts';
import { AppError } from '../../server/src/errors.ts';
import { BROADCAST_PUSH, type BroadcastState } from '../../server/src/protocol/broadcast.ts';
import type { MediaLogger } from '../logger.ts';
import type { MediaNotifier } from '../ports.ts';
import { resolveMediaTool } from '../recording/binaries.ts';
import type { RecordingMediaSource } from '../recording/recording-manager.ts';
import type { TimelineActor } from '../recording/ports.ts';
import { BroadcastSession, broadcastWantedInLog } from './broadcast-session.ts';
import { startEncoder } from './encoder.ts';
import { DEFAULT_HLS, type HlsSettings } from './hls-args.ts';
import type { BroadcastTimeline, DestinationSource } from './ports.ts';
import { DEFAULT_PUSH_TIMINGS, type PushTimings } from './push-policy.ts';

export interface BroadcastManagerOptions {
  media: RecordingMediaSource;
  timeline: BroadcastTimeline;
  destinations: DestinationSource;
  notifier: MediaNotifier;
  dataDir: string;
  clock: Clock;
  logger: MediaLogger;
  /** Broadcast every live debate by default (the moderator may stop and start it). */
  autoStart: boolean;
  hls?: Partial<HlsSettings>;
  pushTimings?: Partial<PushTimings>;
}

/** Where a debate's playlist is served (http/broadcast-routes.ts). */
export const playlistPathOf = (debateId: string): string => `/api/debates/${debateId}/hls/index.m3u8`;

/** Where a debate's segments are written. */
export const hlsDirOf = (dataDir: string, debateId: string): string => join(dataDir, 'broadcast', debateId);

export class BroadcastManager {
  readonly #o: BroadcastManagerOptions;
  readonly #sessions = new Map<string, BroadcastSession>();
  readonly #unsubscribe: () => void;
  readonly #hls: HlsSettings;
  #closed = false;

  constructor(o: BroadcastManagerOptions) {
    this.#o = o;
    this.#hls = { ...DEFAULT_HLS, ...o.hls };
    this.#unsubscribe = o.media.onProgramChange((debateId, program) => {
      if (this.#closed) return;
      if (program === null) void this.#end(debateId, 'debate_ended');
      else this.#session(debateId).update();
    });
  }

  /** What runs now (live, pushes); `wanted` is the session's, or BROADCAST_AUTOSTART without one. */
  state(debateId: string): BroadcastState {
    return this.#sessions.get(debateId)?.state() ?? this.#idle(debateId, this.#o.autoStart);
  }

  /** What consoles see (media:broadcast:state): the moderator's choice from the log, even after a restart. */
  async stateWithChoice(debateId: string): Promise<BroadcastState> {
    const s = this.#sessions.get(debateId);
    if (s) {
      await s.ready;
      return s.state();
    }
    return this.#idle(debateId, broadcastWantedInLog(await this.#o.timeline.entries(debateId), this.#o.autoStart));
  }

  /** Encoders running now, across debates (metrics, the bench). */
  get liveCount(): number {
    return [...this.#sessions.values()].filter((s) => s.encoder !== null).length;
  }

  /** The encoder's FFmpeg of a debate (the bench reads its CPU). */
  encoderPid(debateId: string): number | undefined {
    return this.#sessions.get(debateId)?.encoder?.pid;
  }

  command(debateId: string, action: 'start' | 'stop', by: TimelineActor): Promise<BroadcastState> {
    if (this.#closed) throw new AppError('UNAVAILABLE', 'media is shutting down');
    return this.#session(debateId).setWanted(action === 'start', by);
  }

  destinationsChanged(debateId: string): void {
    this.#sessions.get(debateId)?.destinationsChanged();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    await Promise.all([...this.#sessions.keys()].map((id) => this.#end(id, 'shutdown')));
  }

  #idle(debateId: string, wanted: boolean): BroadcastState {
    return { wanted, live: false, playlist: playlistPathOf(debateId), startedAt: null, destinations: [] };
  }

  #session(debateId: string): BroadcastSession {
    let s = this.#sessions.get(debateId);
    if (s) return s;
    const o = this.#o;
    const ffmpeg = resolveMediaTool('ffmpeg').path;
    const dir = hlsDirOf(o.dataDir, debateId);
    s = new BroadcastSession({
      kindWaitMs: 1500,
      retryBaseMs: 2000,
      retryMaxMs: 30_000,
      healthyMs: 30_000,
      debateId,
      clock: o.clock,
      log: o.logger,
      dir,
      playlistPath: playlistPathOf(debateId),
      wanted: o.autoStart,
      entries: () => o.timeline.entries(debateId),
      ffmpeg,
      pushTimings: { ...DEFAULT_PUSH_TIMINGS, ...o.pushTimings },
      media: () => o.media.session(debateId),
      start: (p) => startEncoder({ ...p, dir, hls: this.#hls, ffmpeg, logger: o.logger, now: () => o.clock.now() }),
      destinations: () => o.destinations.list(debateId),
      append: (entry, by) => o.timeline.append(debateId, entry, by),
      push: (state) => o.notifier.toDebate(debateId, BROADCAST_PUSH, state),
    });
    this.#sessions.set(debateId, s);
    return s;
  }

  async #end(debateId: string, reason: 'debate_ended' | 'shutdown'): Promise<void> {
    const s = this.#sessions.get(debateId);
    if (!s) return;
    await s.close(reason);
    if (this.#sessions.get(debateId) === s) this.#sessions.delete(debateId);
  }
}
