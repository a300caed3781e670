// The active speaker of a debate: an AudioLevelObserver on the room's router watches
// every audio producer and reports the loudest one each interval; the owner is told only
// when the loudest participant changes (null on silence), so pushes are throttled to at
// most one per interval. The observer lives on the router: after a router rebuild it is
// created again on the new one.
import type { types } from 'mediasoup';
import type { MediaLogger } from './logger.ts';

export interface ActiveSpeakerOptions {
  /** Observer interval (ms): the throttle of the pushes. */
  intervalMs?: number;
  /** Loudness (dBov, -127..0) under which a producer does not count as speaking. */
  thresholdDb?: number;
}

export class ActiveSpeaker {
  readonly #onChange: (participantId: string | null) => void;
  readonly #log: MediaLogger;
  readonly #label: object;
  readonly #intervalMs: number;
  readonly #thresholdDb: number;
  /** Every change of observer goes through this chain (create, add producers, close). */
  #observer: Promise<types.AudioLevelObserver | null> = Promise.resolve(null);
  #current: string | null = null;
  #closed = false;

  constructor(o: { onChange: (participantId: string | null) => void; log: MediaLogger; label: object } & ActiveSpeakerOptions) {
    this.#onChange = o.onChange;
    this.#log = o.log;
    this.#label = o.label;
    this.#intervalMs = o.intervalMs ?? 800;
    this.#thresholdDb = o.thresholdDb ?? -70;
  }

  get current(): string | null {
    return this.#current;
  }

  /** Observe `router` (room created or router rebuilt), starting with these audio producers. */
  use(router: types.Router, audioProducerIds: readonly string[]): void {
    this.#set(null);
    this.#observer = this.#observer.then(async (previous) => {
      previous?.close();
      if (this.#closed || router.closed) return null;
      try {
        const observer = await router.createAudioLevelObserver({
          maxEntries: 1,
          threshold: this.#thresholdDb,
          interval: this.#intervalMs,
        });
        observer.on('volumes', (volumes: types.AudioLevelObserverVolume[]) => {
          const owner = volumes[0]?.producer.appData.participantId;
          this.#set(typeof owner === 'string' ? owner : null);
        });
        observer.on('silence', () => this.#set(null));
        for (const producerId of audioProducerIds) await this.#add(observer, producerId);
        return observer;
      } catch (err) {
        this.#log.warn({ ...this.#label, err: (err as Error).message }, 'active speaker observer unavailable');
        return null;
      }
    });
  }

  add(producerId: string): void {
    this.#observer = this.#observer.then(async (observer) => {
      if (observer && !observer.closed) await this.#add(observer, producerId);
      return observer;
    });
  }

  close(): void {
    this.#closed = true;
    this.#observer = this.#observer.then((observer) => {
      observer?.close();
      return null;
    });
  }

  async #add(observer: types.AudioLevelObserver, producerId: string): Promise<void> {
    try {
      await observer.addProducer({ producerId });
    } catch (err) {
      // The producer closed in between: nothing to observe.
      this.#log.info({ ...this.#label, producerId, err: (err as Error).message }, 'audio producer not observed');
    }
  }

  #set(participantId: string | null): void {
    if (this.#closed || participantId === this.#current) return;
    this.#current = participantId;
    this.#onChange(participantId);
  }
}
