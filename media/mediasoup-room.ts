// The mediasoup side of one live debate's media session: a router on a pool worker and,
// per participant, WebRTC (or plain RTP) transports, producers and consumers. Who may
// publish is not decided here: an authorizer injected by the debate's media session
// answers (moderator, speaker, the `room` feed, a citizen holding the floor in oral mode).
// Floor control pauses/resumes a participant's producers. Bad input ends as a named
// AppError; it never reaches the process. If the router's worker dies, the room rebuilds
// its router on a live worker and emits `reset` so clients create their transports again.
// Large audiences: receive transports may be placed on edge routers (consumer-fanout.ts).
import type { types } from 'mediasoup';
import type { MediaConfig } from './config.ts';
import { toMediaError } from './errors.ts';
import { ConsumerFanout, type Placement, type RouterLoadInfo } from './consumer-fanout.ts';
import { openConsumer } from './consumers.ts';
import { stderrLogger, type MediaLogger } from './logger.ts';
import { rekeyOnConnect } from './rekey.ts';
import { ParticipantMedia, type TransportKind } from './participant-media.ts';
import { Publications } from './publications.ts';
import { RouterKeeper } from './router-keeper.ts';
import {
  assertCodecsMatchKind, describePlainTransport, describeWebRtcTransport, plainTransportOptions, webRtcTransportOptions,
} from './transports.ts';
import type { WorkerPool } from './worker-pool.ts';
import { AppError } from '../server/src/errors.ts';
import type {
  Consumed, MediaConsume, MediaProduce, MediaProducerInfo,
  MediaTransportConnect, Produced, TransportCreated, TransportDirection,
} from '../server/src/protocol/media.ts';
import type {
  MediasoupRoomEvent, MediasoupRoomListener, MediasoupRoomOptions, PlainTransportCreated, PublishAuthorizer,
} from './mediasoup-room-types.ts';

export type * from './mediasoup-room-types.ts';

export class MediasoupRoom {
  readonly debateId: string;
  readonly #config: MediaConfig;
  readonly #authorize: PublishAuthorizer;
  readonly #log: MediaLogger;
  readonly #participants = new Map<string, ParticipantMedia>();
  readonly #listeners = new Set<MediasoupRoomListener>();
  readonly #publications = new Publications((e) => this.#emit(e));
  #fanout: ConsumerFanout | null = null;
  #keeper: RouterKeeper | null = null;
  #pendingConsumers = 0;
  #closed = false;

  private constructor(o: MediasoupRoomOptions) {
    this.debateId = o.debateId;
    this.#config = o.config;
    this.#authorize = o.authorizePublish;
    this.#log = o.logger ?? stderrLogger;
  }

  static async create(options: MediasoupRoomOptions): Promise<MediasoupRoom> {
    const room = new MediasoupRoom(options);
    const label = { debateId: room.debateId };
    if (options.edgeRouters) {
      room.#fanout = new ConsumerFanout({
        pool: options.pool,
        maxConsumersPerRouter: options.config.maxConsumersPerRouter,
        log: room.#log,
        label,
        onEdgeLost: (participantIds) => room.#edgeLost(participantIds),
      });
    }
    room.#keeper = await RouterKeeper.create(options.pool, room.#log, label, () => {
      room.#fanout?.attachOrigin(room.#keeper!.router!);
      room.#emit({ type: 'reset', reason: 'media worker died; router rebuilt' });
    });
    room.#fanout?.attachOrigin(room.#keeper.router!);
    return room;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The current router (null while it is being rebuilt after a worker death). */
  get router(): types.Router | null {
    return this.#keeper?.router ?? null;
  }

  onEvent(listener: MediasoupRoomListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  rtpCapabilities(): types.RtpCapabilities {
    return this.#live().rtpCapabilities;
  }

  /** Publications to offer a newcomer. */
  producers(): MediaProducerInfo[] {
    return this.#publications.list();
  }

  /** Receive transports go to the least loaded router with room (origin or edge). */
  async createWebRtcTransport(participantId: string, direction: TransportDirection): Promise<TransportCreated> {
    const appData = { participantId, direction };
    const placed = direction === 'recv' && this.#fanout !== null;
    const transport = await this.#openTransport(
      participantId,
      direction,
      (router) => router.createWebRtcTransport(webRtcTransportOptions(this.#config, appData)),
      placed,
    );
    if (direction === 'recv') rekeyOnConnect(transport, this.#log);
    return describeWebRtcTransport(transport, direction);
  }

  /** Consumers and viewers per router (origin first), when edge routers are enabled. */
  routerLoads(): RouterLoadInfo[] {
    return this.#fanout?.loads() ?? [];
  }

  /** Consumers open in this room, on every router (read-only, for metrics). */
  get consumerCount(): number {
    let n = 0;
    for (const p of this.#participants.values()) n += p.consumers.size;
    return n;
  }

  /** Plain RTP in or out (the `room` feed from an encoder, recording). */
  async createPlainTransport(participantId: string, o: { comedia?: boolean; rtcpMux?: boolean } = {}): Promise<PlainTransportCreated> {
    const appData = { participantId, direction: 'plain' };
    const transport = await this.#openTransport(participantId, 'plain', (router) =>
      router.createPlainTransport(plainTransportOptions(this.#config, o, appData)),
    );
    return describePlainTransport(transport);
  }

  async connectTransport(participantId: string, { transportId, dtlsParameters }: MediaTransportConnect): Promise<void> {
    this.#live();
    const entry = this.#participant(participantId).transport(transportId, ['send', 'recv']);
    if (entry.connected) throw new AppError('CONFLICT', `transport ${transportId} is already connected`);
    entry.connected = true;
    try {
      await (entry.transport as types.WebRtcTransport).connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    } catch (err) {
      entry.connected = false;
      throw toMediaError(err, 'INVALID_DTLS_PARAMETERS', 'cannot connect the transport');
    }
  }

  async produce(participantId: string, req: MediaProduce): Promise<Produced> {
    this.#live();
    const p = this.#participant(participantId);
    const { transport } = p.transport(req.transportId, ['send', 'plain']);
    assertCodecsMatchKind(req.kind, req.rtpParameters);
    const appData = req.appData ?? {};
    const allowed = await this.#authorize({ debateId: this.debateId, participantId, kind: req.kind, appData });
    if (!allowed) throw new AppError('MEDIA_NOT_ALLOWED', `participant may not publish ${req.kind} now`);
    if (transport.closed) throw new AppError('TRANSPORT_NOT_FOUND', `transport ${req.transportId} is closed`);
    let producer: types.Producer;
    try {
      producer = await transport.produce({
        kind: req.kind,
        // mediasoup completes the object in place: give it a copy, not the caller's.
        rtpParameters: structuredClone(req.rtpParameters) as types.RtpParameters,
        paused: p.publishingPaused,
        appData: { ...appData, participantId },
      });
      // Floor control may have changed while the worker was creating it.
      if (p.publishingPaused !== producer.paused) await (p.publishingPaused ? producer.pause() : producer.resume());
    } catch (err) {
      throw toMediaError(err, 'INVALID_RTP_PARAMETERS', `${req.kind} refused`);
    }
    this.#publications.add(p, producer);
    return { id: producer.id, paused: producer.paused };
  }

  /** The consumer is created paused: the client resumes it once its track is wired. */
  async consume(participantId: string, req: MediaConsume): Promise<Consumed> {
    const origin = this.#live();
    const participant = this.#participant(participantId);
    const entry = participant.transport(req.transportId, ['recv', 'plain']);
    if (!this.#publications.has(req.producerId)) throw new AppError('PRODUCER_NOT_FOUND', `no producer ${req.producerId}`);
    const fanout = this.#fanout;
    const reserveSlot = fanout ? null : () => this.#reserveConsumer();
    return openConsumer({ origin, participant, entry, fanout, reserveSlot, emit: (e) => this.#emit(e) }, req);
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    this.#live();
    const consumer = this.#participant(participantId).consumer(consumerId);
    try {
      await consumer.resume();
      // A fresh decoder needs a key frame; asking now shortens the black screen.
      if (consumer.kind === 'video') await consumer.requestKeyFrame();
    } catch (err) {
      throw toMediaError(err, 'CONSUMER_NOT_FOUND', 'cannot resume the consumer');
    }
  }

  /** The viewer does not want it now (off air, audio only): the worker stops forwarding it. */
  async pauseConsumer(participantId: string, consumerId: string): Promise<void> {
    this.#live();
    const consumer = this.#participant(participantId).consumer(consumerId);
    try {
      await consumer.pause();
    } catch (err) {
      throw toMediaError(err, 'CONSUMER_NOT_FOUND', 'cannot pause the consumer');
    }
  }

  closeConsumer(participantId: string, consumerId: string): void {
    this.#participant(participantId).consumer(consumerId).close();
  }

  /** Closes one of the participant's transports, and with it what it carries. */
  closeTransport(participantId: string, transportId: string): void {
    this.#participant(participantId).transport(transportId, ['send', 'recv', 'plain']).transport.close();
  }

  /** What a consumer currently forwards: nothing while either flag is true. */
  consumerState(participantId: string, consumerId: string): { paused: boolean; producerPaused: boolean } {
    const { paused, producerPaused } = this.#participant(participantId).consumer(consumerId);
    return { paused, producerPaused };
  }

  closeProducer(participantId: string, producerId: string): void {
    this.#participant(participantId).producer(producerId).close();
  }

  /**
   * Moderator mute / unmute of any producer. A muted producer stays paused through floor
   * control (a floor resume does not unmute it) until it is unmuted or closed.
   */
  async setProducerPaused(producerId: string, paused: boolean): Promise<{ participantId: string; paused: boolean }> {
    this.#live();
    return this.#publications.setProducerPaused(producerId, paused);
  }

  /** Floor paused: stop forwarding everything this participant publishes. Returns the count. */
  async pauseParticipant(participantId: string): Promise<number> {
    this.#live();
    return this.#publications.setParticipantPaused(this.#participant(participantId, true), true);
  }

  async resumeParticipant(participantId: string): Promise<number> {
    this.#live();
    return this.#publications.setParticipantPaused(this.#participant(participantId, true), false);
  }

  /** Floor ended or expired: withdraw this participant's publications. Returns the count. */
  closeParticipantProducers(participantId: string): number {
    const p = this.#participants.get(participantId);
    if (!p) return 0;
    const producers = [...p.producers.values()];
    for (const producer of producers) producer.close();
    return producers.length;
  }

  /** The participant left (after the media manager's grace period): close all they hold. */
  removeParticipant(participantId: string): void {
    this.#participants.get(participantId)?.close();
    this.#participants.delete(participantId);
  }

  /** Closes the router (and with it every transport). Safe to call twice. */
  close(reason = 'closed'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fanout?.close();
    this.#keeper?.close();
    this.#participants.clear();
    this.#log.info({ debateId: this.debateId, reason }, 'media room closed');
    this.#listeners.clear();
  }

  /** The hard cap without edge routers (pending creations count). */
  #reserveConsumer(): () => void {
    let n = this.#pendingConsumers;
    for (const p of this.#participants.values()) n += p.consumers.size;
    const max = this.#config.maxConsumersPerRouter;
    if (n >= max) throw new AppError('TOO_MANY_CONSUMERS', `this debate's media router is full (${max} consumers)`, { max });
    this.#pendingConsumers += 1;
    return () => {
      this.#pendingConsumers -= 1;
    };
  }

  #live(): types.Router {
    if (this.#closed) throw new AppError('MEDIA_ROOM_CLOSED', `media room of debate ${this.debateId} is closed`);
    const router = this.#keeper?.router;
    if (!router) throw new AppError('UNAVAILABLE', 'media router is being rebuilt; retry shortly');
    return router;
  }

  /** Lookups of an unknown participant see an empty, unregistered record (NOT_FOUND codes follow). */
  #participant(participantId: string, register = false): ParticipantMedia {
    let p = this.#participants.get(participantId);
    if (!p) {
      p = new ParticipantMedia(participantId);
      if (register) this.#participants.set(participantId, p);
    }
    return p;
  }

  /**
   * Counts against the participant's transport limit (reserved before the await, so
   * concurrent requests count). `placed`: a viewer's receive transport, put on the router
   * the fanout picks. A transport that completes after the room closed, the router was
   * replaced or the participant was removed is dropped.
   */
  async #openTransport<T extends types.Transport>(
    participantId: string,
    kind: TransportKind,
    create: (router: types.Router) => Promise<T>,
    placed = false,
  ): Promise<T> {
    const origin = this.#live();
    const p = this.#participant(participantId, true);
    const release = p.reserveTransport(this.#config.maxTransportsPerParticipant);
    let placement: Placement | null = null;
    let transport: T;
    try {
      placement = placed && this.#fanout ? await this.#fanout.place() : null;
      transport = await create(placement?.router ?? origin);
    } catch (err) {
      placement?.release();
      throw toMediaError(err, 'UNAVAILABLE', `cannot create a ${kind} transport`);
    } finally {
      release();
    }
    const router = placement?.router ?? origin;
    if (this.#closed || this.router !== origin || router.closed || this.#participants.get(participantId) !== p) {
      placement?.release();
      transport.close();
      this.#live();
      if (this.router !== origin || router.closed) throw new AppError('UNAVAILABLE', 'media router changed while creating the transport; retry');
      throw new AppError('PARTICIPANT_NOT_FOUND', `participant ${participantId} left the media room`);
    }
    p.addTransport(transport, kind, router);
    if (placement) {
      this.#fanout!.viewerOpened(transport, router, participantId);
      placement.release();
    }
    return transport;
  }

  /** An edge router died: its viewers start over (their other transports are closed too). */
  #edgeLost(participantIds: string[]): void {
    for (const id of participantIds) this.#participants.get(id)?.close();
    this.#emit({ type: 'reset', reason: 'a media edge router was lost with its worker', participantIds });
  }

  #emit(event: MediasoupRoomEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.#log.error({ debateId: this.debateId, err: (err as Error).message }, 'media room listener threw');
      }
    }
  }
}
