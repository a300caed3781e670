// The media session of one live debate: its MediasoupRoom (routers, transports, producers,
// consumers), who may publish (publish-policy.ts, from the debate's floor as FloorSource
// gives it), floor control applied to the holder's producers, the program feed, the
// active speaker, and the pushes every change produces. The socket handlers and the floor
// bridge call it; it never touches sockets itself (MediaNotifier does).
import type { Clock } from '../server/src/clock.ts';
import { AppError } from '../server/src/errors.ts';
import type { Role } from '../server/src/protocol/common.ts';
import type { InterventionMode } from '../server/src/protocol/modalities.ts';
import {
  MEDIA_PUSHES, type Consumed, type MediaAppData, type MediaCapabilitiesReply, type MediaConsume, type MediaMuted,
  type MediaProduce, type MediaProgram, type MediaTransportConnect, type Produced, type TransportCreated,
  type TransportDirection,
} from '../server/src/protocol/media.ts';
import { ActiveSpeaker } from './active-speaker.ts';
import type { MediaConfig } from './config.ts';
import type { MediaLogger } from './logger.ts';
import type { FloorSource, MediaNotifier } from './ports.ts';
import { computeProgram, NO_PROGRAM, sameProgram } from './program.ts';
import { publishRefusal } from './publish-policy.ts';
import { MediasoupRoom, type MediasoupRoomEvent, type PublishRequest } from './mediasoup-room.ts';
import type { WorkerPool } from './worker-pool.ts';

export interface FloorHolder {
  participantId: string;
  role: Role;
  mode: InterventionMode;
}

export interface DebateMediaSessionOptions {
  debateId: string;
  pool: WorkerPool;
  config: MediaConfig;
  floors: FloorSource;
  notifier: MediaNotifier;
  clock: Clock;
  log: MediaLogger;
  onProgram: (program: MediaProgram) => void;
}

export class DebateMediaSession {
  readonly debateId: string;
  readonly #o: DebateMediaSessionOptions;
  readonly #roles = new Map<string, Role>();
  readonly #speaker: ActiveSpeaker;
  #room!: MediasoupRoom;
  #holder: FloorHolder | null = null;
  #override: string | null = null;
  #program: MediaProgram = NO_PROGRAM;
  /** Floor actions run in event order, one at a time. */
  #floorChain: Promise<void> = Promise.resolve();

  private constructor(o: DebateMediaSessionOptions) {
    this.debateId = o.debateId;
    this.#o = o;
    this.#speaker = new ActiveSpeaker({
      log: o.log,
      label: { debateId: o.debateId },
      onChange: (participantId) => o.notifier.toDebate(o.debateId, MEDIA_PUSHES.activeSpeaker, { participantId }),
    });
  }

  static async open(o: DebateMediaSessionOptions): Promise<DebateMediaSession> {
    const media = new DebateMediaSession(o);
    media.#room = await MediasoupRoom.create({
      debateId: o.debateId,
      pool: o.pool,
      config: o.config,
      logger: o.log,
      edgeRouters: true,
      authorizePublish: (req) => media.#authorize(req),
    });
    media.#room.onEvent((e) => media.#onRoomEvent(e));
    media.#speaker.use(media.#room.router!, []);
    return media;
  }

  get mediasoupRoom(): MediasoupRoom {
    return this.#room;
  }

  get closed(): boolean {
    return this.#room.closed;
  }

  get program(): MediaProgram {
    return this.#program;
  }

  /** Every media request names its sender: the role decides what they may publish. */
  enter(participantId: string, role: Role): void {
    this.#roles.set(participantId, role);
  }

  capabilities(): MediaCapabilitiesReply {
    return {
      rtpCapabilities: this.#room.rtpCapabilities() as MediaCapabilitiesReply['rtpCapabilities'],
      producers: this.#room.producers(),
      program: this.#program,
      activeSpeaker: this.#speaker.current,
    };
  }

  createTransport(participantId: string, direction: TransportDirection): Promise<TransportCreated> {
    return this.#room.createWebRtcTransport(participantId, direction);
  }

  connectTransport(participantId: string, req: MediaTransportConnect): Promise<void> {
    return this.#room.connectTransport(participantId, req);
  }

  /** Checked again once created: the floor may have ended while the worker was busy. */
  async produce(participantId: string, req: MediaProduce): Promise<Produced> {
    const produced = await this.#room.produce(participantId, req);
    const refusal = await this.#refusal(participantId, req.appData ?? {});
    if (refusal) {
      this.#room.closeProducer(participantId, produced.id);
      throw new AppError('MEDIA_NOT_ALLOWED', refusal);
    }
    return produced;
  }

  consume(participantId: string, req: MediaConsume): Promise<Consumed> {
    return this.#room.consume(participantId, req);
  }

  resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    return this.#room.resumeConsumer(participantId, consumerId);
  }

  pauseConsumer(participantId: string, consumerId: string): Promise<void> {
    return this.#room.pauseConsumer(participantId, consumerId);
  }

  closeConsumer(participantId: string, consumerId: string): void {
    this.#room.closeConsumer(participantId, consumerId);
  }

  closeProducer(participantId: string, producerId: string): void {
    this.#room.closeProducer(participantId, producerId);
  }

  closeTransport(participantId: string, transportId: string): void {
    this.#room.closeTransport(participantId, transportId);
  }

  async mute(producerId: string, paused: boolean): Promise<MediaMuted> {
    const result = await this.#room.setProducerPaused(producerId, paused);
    return { producerId, paused: result.paused };
  }

  /** Moderator: put a participant on air; null = back to automatic. */
  setProgram(participantId: string | null): MediaProgram {
    this.#override = participantId;
    this.#refreshProgram();
    return this.#program;
  }

  removeParticipant(participantId: string): void {
    this.#room.removeParticipant(participantId);
    this.#roles.delete(participantId);
  }

  // ---- floor control (called by the floor bridge, in event order) ----------------------

  floorGranted(holder: FloorHolder): void {
    this.#holder = holder;
    this.#refreshProgram();
    if (this.#controlled(holder)) this.#floor(`resume ${holder.participantId}`, () => this.#room.resumeParticipant(holder.participantId));
  }

  /** Floor paused, or its hard deadline passed (then `participantId` must still hold it). */
  floorHalted(participantId?: string): void {
    const holder = this.#holder;
    if (!holder || !this.#controlled(holder)) return;
    if (participantId !== undefined && holder.participantId !== participantId) return;
    this.#floor(`pause ${holder.participantId}`, () => this.#room.pauseParticipant(holder.participantId));
  }

  /** Floor resumed, or extended while running. */
  floorRunning(): void {
    const holder = this.#holder;
    if (!holder || !this.#controlled(holder)) return;
    this.#floor(`resume ${holder.participantId}`, () => this.#room.resumeParticipant(holder.participantId));
  }

  /** Expired or ended: pause the holder; a citizen loses the right to publish, so close. */
  floorEnded(participantId: string): void {
    const holder = this.#holder?.participantId === participantId ? this.#holder : null;
    this.#holder = null;
    this.#refreshProgram();
    if (!holder || !this.#controlled(holder)) return;
    this.#floor(`end ${participantId}`, async () => {
      if ((this.#roles.get(participantId) ?? holder.role) === 'participant') this.#room.closeParticipantProducers(participantId);
      await this.#room.pauseParticipant(participantId);
    });
  }

  /** Safe to call twice. */
  close(reason: string): void {
    if (this.#room.closed) return;
    this.#speaker.close();
    this.#room.close(reason);
  }

  /** Moderators are never cut by floor control; written turns publish nothing. */
  #controlled(holder: FloorHolder): boolean {
    return holder.mode === 'oral' && holder.role !== 'moderator';
  }

  #floor(what: string, action: () => Promise<unknown> | unknown): void {
    this.#floorChain = this.#floorChain
      .then(async () => {
        if (!this.#room.closed) await action();
      })
      .catch((err: unknown) => this.#o.log.error({ debateId: this.debateId, err: (err as Error).message }, `floor control: ${what} failed`));
  }

  async #refusal(participantId: string, appData: MediaAppData): Promise<string | null> {
    const debate = await this.#o.floors.current(this.debateId);
    return publishRefusal(debate, { participantId, role: this.#roles.get(participantId) }, appData);
  }

  async #authorize(req: PublishRequest): Promise<boolean> {
    const refusal = await this.#refusal(req.participantId, req.appData);
    if (refusal) throw new AppError('MEDIA_NOT_ALLOWED', refusal);
    return true;
  }

  #refreshProgram(): void {
    if (this.#room.closed) return;
    const next = computeProgram({
      floorHolder: this.#holder?.participantId ?? null,
      override: this.#override,
      producers: this.#room.producers(),
    });
    if (sameProgram(next, this.#program)) return;
    this.#program = next;
    this.#o.notifier.toDebate(this.debateId, MEDIA_PUSHES.program, next);
    this.#o.onProgram(next);
  }

  #onRoomEvent(e: MediasoupRoomEvent): void {
    const { notifier, clock } = this.#o;
    const id = this.debateId;
    switch (e.type) {
      case 'producer:new':
        notifier.toDebate(id, MEDIA_PUSHES.producerNew, e.producer);
        if (e.producer.kind === 'audio') this.#speaker.add(e.producer.producerId);
        this.#refreshProgram();
        return;
      case 'producer:closed':
      case 'producer:paused':
      case 'producer:resumed': {
        const push = { closed: MEDIA_PUSHES.producerClosed, paused: MEDIA_PUSHES.producerPaused, resumed: MEDIA_PUSHES.producerResumed };
        const name = push[e.type.slice('producer:'.length) as keyof typeof push];
        notifier.toDebate(id, name, { producerId: e.producerId, participantId: e.participantId, at: clock.now() });
        if (e.type === 'producer:closed') this.#refreshProgram();
        return;
      }
      case 'consumer:closed':
        notifier.toParticipants(id, [e.participantId], MEDIA_PUSHES.consumerClosed, { consumerId: e.consumerId });
        return;
      case 'reset':
        if (e.participantIds) {
          notifier.toParticipants(id, e.participantIds, MEDIA_PUSHES.reset, { reason: e.reason });
          return;
        }
        notifier.toDebate(id, MEDIA_PUSHES.reset, { reason: e.reason });
        if (this.#room.router) this.#speaker.use(this.#room.router, []);
        this.#refreshProgram();
    }
  }
}
