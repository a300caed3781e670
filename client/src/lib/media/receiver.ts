// The receiving half of a session: one receive transport and a consumer per publication
// the page wants (selection.ts). A consumer is opened once per producer and kept while
// the producer lives: one no longer wanted (off air, or video under "audio only") is
// paused here and on the server (which then stops sending it: the bandwidth is saved),
// and resumed (with a key frame) when it is wanted again. Closing the receiver gives
// its transport back to the server.
import type { Device, types } from 'mediasoup-client';
import type { MediaProducerInfo } from '../../../../server/src/protocol/media.ts';
import { ask, codeOf, RECOVERABLE_CODES, type TrackedTransport } from './transports.ts';
import type { MediaLink, MediaRequestPayload } from './signaling.ts';
import { sumRtpStats } from './rtp-stats.ts';

export interface ReceivedTrack {
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  consumerId: string;
  track: MediaStreamTrack;
  /** Paused on this side (not wanted now). */
  paused: boolean;
}

export interface ReceiverHooks {
  changed(): void;
  /** A request showed the server lost this page's media: rebuild. */
  lost(code: string): void;
  problem(code: string): void;
}

interface Entry {
  consumer: types.Consumer;
  info: MediaProducerInfo;
}

export class Receiver {
  readonly #consumers = new Map<string, Entry>();
  readonly #opening = new Set<string>();
  #wanted: ReadonlySet<string> = new Set();
  #closed = false;

  constructor(
    private readonly link: MediaLink,
    private readonly device: Device,
    readonly recv: TrackedTransport,
    private readonly hooks: ReceiverHooks,
  ) {}

  /** Producer ids with a consumer, or one being opened. */
  get known(): ReadonlySet<string> {
    return new Set([...this.#consumers.keys(), ...this.#opening]);
  }

  get tracks(): ReceivedTrack[] {
    return [...this.#consumers.values()].map(({ consumer, info }) => ({
      producerId: info.producerId,
      participantId: info.participantId,
      kind: consumer.kind,
      consumerId: consumer.id,
      track: consumer.track,
      paused: consumer.paused,
    }));
  }

  /** Open consumers for `add`; pause the ones not in `wanted`, resume the ones that are. */
  reconcile(add: readonly MediaProducerInfo[], wanted: ReadonlySet<string>): void {
    this.#wanted = wanted;
    for (const info of add) void this.#open(info);
    for (const { consumer, info } of this.#consumers.values()) {
      const want = wanted.has(info.producerId);
      if (want && consumer.paused) {
        consumer.resume();
        // Already running on the server: this only asks the sender for a key frame.
        void this.link.request('media:consumer:resume', { consumerId: consumer.id });
        this.hooks.changed();
      } else if (!want && !consumer.paused) {
        consumer.pause();
        // Best effort: after a lost request the video keeps arriving, paused here.
        void this.link.request('media:consumer:pause', { consumerId: consumer.id });
        this.hooks.changed();
      }
    }
  }

  /** The producer went away (or its consumer was closed by the server). */
  drop(match: { producerId?: string; consumerId?: string }): void {
    for (const [producerId, { consumer }] of this.#consumers) {
      if (producerId !== match.producerId && consumer.id !== match.consumerId) continue;
      consumer.close();
      this.#consumers.delete(producerId);
      this.hooks.changed();
    }
  }

  /** After a reconnection: a resume lost with the socket is sent again (harmless when it was not). */
  resumeAll(): void {
    for (const { consumer } of this.#consumers.values()) {
      if (!consumer.paused) void this.link.request('media:consumer:resume', { consumerId: consumer.id });
    }
  }

  /** Keep only consumers whose producer is still in the room (after a reconnection). */
  retain(producerIds: ReadonlySet<string>): void {
    for (const producerId of [...this.#consumers.keys()]) if (!producerIds.has(producerId)) this.drop({ producerId });
  }

  async stats(): Promise<ReceivedStats[]> {
    const out: ReceivedStats[] = [];
    for (const { consumer, info } of [...this.#consumers.values()]) {
      if (consumer.closed) continue;
      out.push({
        producerId: info.producerId,
        participantId: info.participantId,
        kind: consumer.kind,
        paused: consumer.paused,
        ...sumRtpStats(await consumer.getStats(), 'inbound-rtp', ['packetsReceived', 'bytesReceived', 'framesDecoded']),
      });
    }
    return out;
  }

  close(): void {
    this.#closed = true;
    for (const { consumer } of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    this.recv.transport.close();
    // Not waited for: refused when the server already dropped it (reset, grace period over).
    void this.link.request('media:transport:close', { transportId: this.recv.transport.id });
  }

  async #open(info: MediaProducerInfo): Promise<void> {
    if (this.#opening.has(info.producerId) || this.#consumers.has(info.producerId)) return;
    this.#opening.add(info.producerId);
    try {
      const consumed = await ask(this.link, 'media:consume', {
        producerId: info.producerId,
        transportId: this.recv.transport.id,
        rtpCapabilities: this.device.recvRtpCapabilities as MediaRequestPayload<'media:consume'>['rtpCapabilities'],
      });
      if (this.#closed) return;
      const consumer = await this.recv.transport.consume({
        id: consumed.id,
        producerId: consumed.producerId,
        kind: consumed.kind,
        rtpParameters: consumed.rtpParameters as types.RtpParameters,
        appData: { participantId: info.participantId },
      });
      if (this.#closed) {
        consumer.close();
        return;
      }
      this.#consumers.set(info.producerId, { consumer, info });
      // Unwanted by now (off air while we asked): left paused on both sides, ready for a comeback.
      const wanted = this.#wanted.has(info.producerId);
      if (!wanted) consumer.pause();
      this.hooks.changed();
      if (wanted) await ask(this.link, 'media:consumer:resume', { consumerId: consumer.id });
    } catch (err) {
      if (this.#closed) return;
      const code = codeOf(err);
      // The producer closed while we asked: its push is on its way, nothing to report.
      if (code === 'PRODUCER_NOT_FOUND' || code === 'CONSUMER_NOT_FOUND') return;
      // Disconnected meanwhile: the session reconciles again once the socket is back.
      if (code === 'OFFLINE') return;
      if (RECOVERABLE_CODES.has(code)) this.hooks.lost(code);
      else this.hooks.problem(code);
    } finally {
      this.#opening.delete(info.producerId);
    }
  }
}

export interface ReceivedStats {
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  paused: boolean;
  packetsReceived: number;
  bytesReceived: number;
  framesDecoded: number;
}
