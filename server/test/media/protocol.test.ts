// The media:* payload schemas: what a mediasoup-client browser sends passes, garbage and
// oversized payloads do not.
import { describe, expect, it } from 'vitest';
import {
  MediaCapabilitiesSchema, MediaConsumeSchema, MediaConsumerResumeSchema, MediaProduceSchema,
  MediaProducerCloseSchema, MediaTransportConnectSchema, MediaTransportCreateSchema,
} from '../../src/protocol/media.ts';

const ID = '3f2a7c4e-1b2d-4e5f-8a9b-0c1d2e3f4a5b';

// Shaped like mediasoup-client 3.18 output for Chromium (VP8 with rtx, simulcast-less).
const browserVideo = {
  transportId: ID,
  kind: 'video',
  rtpParameters: {
    mid: '1',
    codecs: [
      { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack', parameter: '' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb', parameter: '' }] },
      { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 }, rtcpFeedback: [] },
    ],
    headerExtensions: [
      { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4, encrypt: false, parameters: {} },
      { uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', id: 2, encrypt: false, parameters: {} },
    ],
    encodings: [{ ssrc: 2_811_332_481, rtx: { ssrc: 3_012_004_122 }, dtx: false, active: true, scalabilityMode: 'L1T3' }],
    rtcp: { cname: 'aBcD1234', reducedSize: true },
  },
  appData: { source: 'camera' },
};

describe('media protocol schemas', () => {
  it('accepts the browser payloads of the mediasoup flow', () => {
    expect(MediaCapabilitiesSchema.safeParse({}).success).toBe(true);
    expect(MediaTransportCreateSchema.parse({ direction: 'send' })).toEqual({ direction: 'send' });
    const connect = {
      transportId: ID,
      dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:'.repeat(15) + 'EF:01' }] },
    };
    expect(MediaTransportConnectSchema.safeParse(connect).success).toBe(true);
    const produced = MediaProduceSchema.parse(browserVideo);
    expect(produced.rtpParameters.encodings?.[0]?.rtx?.ssrc).toBe(3_012_004_122);
    expect(
      MediaConsumeSchema.safeParse({
        producerId: ID,
        transportId: ID,
        rtpCapabilities: {
          codecs: [{ kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2 }],
          headerExtensions: [{ kind: 'video', uri: 'urn:3gpp:video-orientation', preferredId: 11, preferredEncrypt: false, direction: 'sendrecv' }],
        },
      }).success,
    ).toBe(true);
    expect(MediaConsumerResumeSchema.safeParse({ consumerId: ID }).success).toBe(true);
    expect(MediaProducerCloseSchema.safeParse({ producerId: ID }).success).toBe(true);
  });

  it('strips unknown nested keys but refuses unknown top-level keys', () => {
    const withExtra = structuredClone(browserVideo) as Record<string, any>;
    withExtra.rtpParameters.encodings[0].futureField = 1;
    const parsed = MediaProduceSchema.parse(withExtra);
    expect(parsed.rtpParameters.encodings?.[0]).not.toHaveProperty('futureField');
    expect(MediaProduceSchema.safeParse({ ...browserVideo, sneaky: true }).success).toBe(false);
  });

  it('refuses garbage and bounds every size', () => {
    const bad = (patch: (p: Record<string, any>) => void) => {
      const p = structuredClone(browserVideo) as Record<string, any>;
      patch(p);
      return MediaProduceSchema.safeParse(p).success;
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((p) => (p.kind = 'data'))).toBe(false);
    expect(bad((p) => (p.transportId = '../etc'))).toBe(false);
    expect(bad((p) => (p.rtpParameters = 'garbage'))).toBe(false);
    expect(bad((p) => (p.rtpParameters.codecs = []))).toBe(false);
    expect(bad((p) => (p.rtpParameters.codecs[0].payloadType = 300))).toBe(false);
    expect(bad((p) => (p.rtpParameters.codecs[0].mimeType = 'text/html'))).toBe(false);
    expect(bad((p) => (p.rtpParameters.encodings[0].ssrc = 2 ** 32))).toBe(false);
    expect(bad((p) => (p.rtpParameters.codecs = Array(17).fill(p.rtpParameters.codecs[0])))).toBe(false);
    expect(bad((p) => (p.rtpParameters.encodings = Array(9).fill({ ssrc: 1 })))).toBe(false);
    expect(bad((p) => (p.rtpParameters.rtcp.cname = 'x'.repeat(257)))).toBe(false);
    expect(bad((p) => (p.rtpParameters.codecs[0].parameters = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i]))))).toBe(false);
    expect(bad((p) => (p.appData = { blob: 'x'.repeat(129) }))).toBe(false);
    expect(bad((p) => (p.appData = { nested: { deep: true } }))).toBe(false);
    expect(bad((p) => (p.appData = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]))))).toBe(false);
    expect(MediaTransportCreateSchema.safeParse({ direction: 'both' }).success).toBe(false);
    expect(
      MediaTransportConnectSchema.safeParse({ transportId: ID, dtlsParameters: { fingerprints: [{ algorithm: 'md5', value: 'AB' }] } }).success,
    ).toBe(false);
    expect(
      MediaTransportConnectSchema.safeParse({ transportId: ID, dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: '<script>' }] } }).success,
    ).toBe(false);
    expect(MediaConsumeSchema.safeParse({ producerId: ID, transportId: ID, rtpCapabilities: { codecs: Array(65).fill({ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000 }) } }).success).toBe(false);
  });
});
