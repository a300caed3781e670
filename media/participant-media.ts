// What one participant holds in a mediasoup room: transports (bounded), producers,
// consumers, and whether their publishing is paused by floor control. Entries remove
// themselves when mediasoup closes the object, whatever closed it (the client, the
// transport, the producer on the other side, the router, the worker).
import type { types } from 'mediasoup';
import { AppError } from '../server/src/errors.ts';

export type TransportKind = 'send' | 'recv' | 'plain';

export interface TransportEntry {
  transport: types.Transport;
  kind: TransportKind;
  /** The router it lives on: the room's origin router, or an edge router (consumer-fanout.ts). */
  router: types.Router;
  connected: boolean;
}

export class ParticipantMedia {
  readonly id: string;
  readonly transports = new Map<string, TransportEntry>();
  readonly producers = new Map<string, types.Producer>();
  readonly consumers = new Map<string, types.Consumer>();
  /** Floor control: while true, this participant's producers are (and start) paused. */
  publishingPaused = false;
  #reserved = 0;

  constructor(id: string) {
    this.id = id;
  }

  /** Reserve a transport slot before the async create, so concurrent requests count. */
  reserveTransport(max: number): () => void {
    if (this.transports.size + this.#reserved >= max) {
      throw new AppError('TOO_MANY_TRANSPORTS', `at most ${max} media transports per participant`, { max });
    }
    this.#reserved += 1;
    let released = false;
    return () => {
      if (!released) this.#reserved -= 1;
      released = true;
    };
  }

  addTransport(transport: types.Transport, kind: TransportKind, router: types.Router): void {
    this.transports.set(transport.id, { transport, kind, router, connected: false });
    transport.observer.once('close', () => this.transports.delete(transport.id));
  }

  transport(transportId: string, kinds: readonly TransportKind[]): TransportEntry {
    const entry = this.transports.get(transportId);
    if (!entry) throw new AppError('TRANSPORT_NOT_FOUND', `no media transport ${transportId} for this participant`);
    if (!kinds.includes(entry.kind)) {
      throw new AppError('VALIDATION_FAILED', `transport ${transportId} is a ${entry.kind} transport`);
    }
    return entry;
  }

  producer(producerId: string): types.Producer {
    const producer = this.producers.get(producerId);
    if (!producer) throw new AppError('PRODUCER_NOT_FOUND', `no producer ${producerId} for this participant`);
    return producer;
  }

  consumer(consumerId: string): types.Consumer {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new AppError('CONSUMER_NOT_FOUND', `no consumer ${consumerId} for this participant`);
    return consumer;
  }

  /** Closing the transports closes their producers and consumers too. */
  close(): void {
    for (const { transport } of [...this.transports.values()]) transport.close();
  }
}
