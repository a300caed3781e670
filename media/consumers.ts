// Opening one consumer for a mediasoup room: the receiver must be able to decode the
// producer, the router must have room, and a viewer placed on an edge router first gets
// the origin producer piped there (same producer id). Consumers start paused; the client
// resumes them once its track is wired (media:consumer:resume).
import type { types } from 'mediasoup';
import { toMediaError } from './errors.ts';
import type { ConsumerFanout } from './consumer-fanout.ts';
import type { ParticipantMedia, TransportEntry } from './participant-media.ts';
import type { MediasoupRoomEvent } from './mediasoup-room-types.ts';
import { AppError } from '../server/src/errors.ts';
import type { Consumed, MediaConsume } from '../server/src/protocol/media.ts';

export interface ConsumeScope {
  origin: types.Router;
  participant: ParticipantMedia;
  entry: TransportEntry;
  fanout: ConsumerFanout | null;
  /** Without edge routers: reserves a slot under the hard cap (throws when full); returns its release. */
  reserveSlot: (() => () => void) | null;
  emit: (event: MediasoupRoomEvent) => void;
}

export async function openConsumer(s: ConsumeScope, req: MediaConsume): Promise<Consumed> {
  const rtpCapabilities = req.rtpCapabilities as types.RtpCapabilities;
  let consumable: boolean;
  try {
    consumable = s.origin.canConsume({ producerId: req.producerId, rtpCapabilities });
  } catch (err) {
    throw toMediaError(err, 'INVALID_RTP_PARAMETERS', 'invalid RTP capabilities');
  }
  if (!consumable) throw new AppError('CANNOT_CONSUME', 'the receiver cannot decode this producer');
  const release = s.reserveSlot?.() ?? null;
  const { transport, router } = s.entry;
  let consumer: types.Consumer;
  try {
    await s.fanout?.feed(router, req.producerId);
    consumer = await transport.consume({
      producerId: req.producerId,
      rtpCapabilities,
      paused: true,
      appData: { participantId: s.participant.id },
    });
  } catch (err) {
    throw toMediaError(err, 'CANNOT_CONSUME', 'cannot consume');
  } finally {
    release?.();
  }
  const p = s.participant;
  p.consumers.set(consumer.id, consumer);
  s.fanout?.consumerOpened(transport.id, router, consumer);
  consumer.observer.once('close', () => {
    p.consumers.delete(consumer.id);
    s.emit({ type: 'consumer:closed', consumerId: consumer.id, participantId: p.id });
  });
  return {
    id: consumer.id,
    producerId: consumer.producerId,
    kind: consumer.kind,
    rtpParameters: consumer.rtpParameters as Consumed['rtpParameters'],
    producerPaused: consumer.producerPaused,
  };
}
