// How a camera is sent: simulcast (two qualities of the same picture, the SFU forwards the
// one each viewer's connection can take) with the handlers that support it, one
// encoding otherwise. Opus with in-band FEC and without DTX: a debate's audio is
// continuous and recorded, DTX would only save bytes during silences.
import type { types } from 'mediasoup-client';

/** Handlers of mediasoup-client 3.18 that send VP8 simulcast. */
const SIMULCAST_HANDLERS = new Set(['Chrome111', 'Chrome74', 'Firefox120']);

export function videoEncodings(handlerName: string): types.RtpEncodingParameters[] | undefined {
  if (!SIMULCAST_HANDLERS.has(handlerName)) return undefined;
  return [
    { scaleResolutionDownBy: 2, maxBitrate: 250_000, scalabilityMode: 'L1T3' },
    { scaleResolutionDownBy: 1, maxBitrate: 1_000_000, scalabilityMode: 'L1T3' },
  ];
}

export const VIDEO_CODEC_OPTIONS: types.ProducerCodecOptions = { videoGoogleStartBitrate: 1000 };

export const AUDIO_CODEC_OPTIONS: types.ProducerCodecOptions = { opusStereo: false, opusFec: true, opusDtx: false };
