// A mediasoup room's publications: every live producer with its owner, and what decides
// whether it forwards media. Floor control pauses / resumes a participant's producers as
// a whole; a moderator mutes / unmutes one producer, and a muted producer stays paused
// through floor resumes until it is unmuted or closed. Every change is emitted.
import type { types } from 'mediasoup';
import { toMediaError } from './errors.ts';
import type { ParticipantMedia } from './participant-media.ts';
import type { MediasoupRoomEvent } from './mediasoup-room-types.ts';
import { producerInfo } from './transports.ts';
import { AppError } from '../server/src/errors.ts';
import type { MediaProducerInfo } from '../server/src/protocol/media.ts';

interface Entry {
  producer: types.Producer;
  participantId: string;
}

export class Publications {
  readonly #entries = new Map<string, Entry>();
  readonly #muted = new Set<string>();
  readonly #emit: (event: MediasoupRoomEvent) => void;

  constructor(emit: (event: MediasoupRoomEvent) => void) {
    this.#emit = emit;
  }

  has(producerId: string): boolean {
    return this.#entries.has(producerId);
  }

  list(): MediaProducerInfo[] {
    return [...this.#entries.values()].map(({ producer, participantId }) => producerInfo(producer, participantId));
  }

  /** Tracks a new producer until mediasoup closes it, whatever closes it. */
  add(p: ParticipantMedia, producer: types.Producer): void {
    const participantId = p.id;
    p.producers.set(producer.id, producer);
    this.#entries.set(producer.id, { producer, participantId });
    producer.observer.once('close', () => {
      p.producers.delete(producer.id);
      this.#entries.delete(producer.id);
      this.#muted.delete(producer.id);
      this.#emit({ type: 'producer:closed', producerId: producer.id, participantId });
    });
    this.#emit({ type: 'producer:new', producer: producerInfo(producer, participantId) });
  }

  /** Floor control. Returns how many producers changed. */
  async setParticipantPaused(p: ParticipantMedia, paused: boolean): Promise<number> {
    p.publishingPaused = paused;
    const changing = [...p.producers.values()].filter(
      (pr) => !pr.closed && pr.paused !== paused && (paused || !this.#muted.has(pr.id)),
    );
    await Promise.all(changing.map((producer) => this.#apply(producer, p.id, paused)));
    return changing.length;
  }

  /** Moderator mute (paused) / unmute of one producer. */
  async setProducerPaused(producerId: string, paused: boolean): Promise<{ participantId: string; paused: boolean }> {
    const entry = this.#entries.get(producerId);
    if (!entry) throw new AppError('PRODUCER_NOT_FOUND', `no producer ${producerId}`);
    if (paused) this.#muted.add(producerId);
    else this.#muted.delete(producerId);
    if (entry.producer.paused !== paused) await this.#apply(entry.producer, entry.participantId, paused);
    return { participantId: entry.participantId, paused: entry.producer.paused };
  }

  async #apply(producer: types.Producer, participantId: string, paused: boolean): Promise<void> {
    try {
      await (paused ? producer.pause() : producer.resume());
    } catch (err) {
      throw toMediaError(err, 'PRODUCER_NOT_FOUND', `cannot ${paused ? 'pause' : 'resume'} producer ${producer.id}`);
    }
    this.#emit({ type: paused ? 'producer:paused' : 'producer:resumed', producerId: producer.id, participantId });
  }
}
