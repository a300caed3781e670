// The delay buffer of an HLS viewer, on a fake clock: the state shown is the one that was
// live `delay` ago, the history stays short, the delay is read from the program date-time;
// and the choice between WebRTC and HLS.
import { describe, expect, it } from 'vitest';
import { delayedValue, delaySeconds, mediaDelayMs, record, type Stamped } from '../../../src/lib/broadcast/delay-buffer.ts';
import { chooseViewerMode, type ViewerSituation } from '../../../src/lib/broadcast/viewer-mode.ts';

class FakeClock {
  constructor(public now = 1_000_000) {}
  advance(ms: number) {
    this.now += ms;
  }
}

describe('delay buffer', () => {
  it('shows the state as it was `delay` ago, and the live one with no delay', () => {
    const clock = new FakeClock();
    let h: Stamped<string>[] = [];
    h = record(h, clock.now, 'Alice parle', 60_000);
    clock.advance(10_000);
    h = record(h, clock.now, 'Bruno parle', 60_000);
    expect(delayedValue(h, clock.now, 0)).toBe('Bruno parle');
    expect(delayedValue(h, clock.now, 5000)).toBe('Alice parle');
    clock.advance(4999);
    expect(delayedValue(h, clock.now, 5000)).toBe('Alice parle');
    clock.advance(1);
    expect(delayedValue(h, clock.now, 5000)).toBe('Bruno parle');
  });

  it('a countdown seen late: the floor granted 5 s before shows nothing until its picture arrives', () => {
    const clock = new FakeClock();
    let h: Stamped<{ floor: string | null }>[] = [];
    h = record(h, clock.now, { floor: null }, 60_000);
    clock.advance(1000);
    h = record(h, clock.now, { floor: 'Camille' }, 60_000);
    for (let t = 0; t < 5000; t += 500) {
      expect(delayedValue(h, clock.now, 5000)).toEqual({ floor: null });
      clock.advance(500);
    }
    expect(delayedValue(h, clock.now, 5000)).toEqual({ floor: 'Camille' });
  });

  it('starts with the oldest state known, keeps only what the horizon needs, ignores a stamp going back', () => {
    const clock = new FakeClock();
    let h: Stamped<number>[] = [];
    for (let i = 0; i < 100; i++) {
      h = record(h, clock.now, i, 10_000);
      clock.advance(1000);
    }
    expect(h.length).toBeLessThanOrEqual(12);
    expect(delayedValue(h, clock.now, 9000)).toBe(91);
    expect(delayedValue(h, clock.now, 60_000)).toBe(h[0]!.value);
    expect(record(h, clock.now - 50_000, -1, 10_000)).toEqual(h);
    expect(delayedValue([], clock.now, 0)).toBeNull();
  });

  it('reads the media delay from the program date-time, in whole seconds for people', () => {
    expect(mediaDelayMs(1_000_000, 995_600)).toBe(4400);
    expect(mediaDelayMs(1_000_000, null)).toBeNull();
    expect(mediaDelayMs(1_000_000, Number.NaN)).toBeNull();
    expect(mediaDelayMs(1_000_000, 1_000_500)).toBe(0);
    expect(delaySeconds(4400)).toBe(4);
    expect(delaySeconds(4600)).toBe(5);
    expect(delaySeconds(100)).toBe(1);
  });
});

describe('viewer mode', () => {
  const base: ViewerSituation = { hlsLive: true, dataSaver: false, preferHls: false, webrtcFailed: false, onAirOral: false, current: null };

  it('WebRTC by default, HLS for data saving, a crowd or a failed WebRTC', () => {
    expect(chooseViewerMode(base)).toEqual({ mode: 'webrtc', reason: null });
    expect(chooseViewerMode({ ...base, dataSaver: true })).toEqual({ mode: 'hls', reason: 'dataSaver' });
    expect(chooseViewerMode({ ...base, preferHls: true })).toEqual({ mode: 'hls', reason: 'threshold' });
    expect(chooseViewerMode({ ...base, webrtcFailed: true, current: 'webrtc' })).toEqual({ mode: 'hls', reason: 'fallback' });
  });

  it('the threshold moves newcomers, not a viewer already on WebRTC', () => {
    expect(chooseViewerMode({ ...base, preferHls: true, current: 'webrtc' })).toEqual({ mode: 'webrtc', reason: null });
    expect(chooseViewerMode({ ...base, preferHls: true, current: 'hls' })).toEqual({ mode: 'hls', reason: 'threshold' });
  });

  it('back to WebRTC with the floor, and whenever there is no HLS', () => {
    expect(chooseViewerMode({ ...base, dataSaver: true, onAirOral: true, current: 'hls' })).toEqual({ mode: 'webrtc', reason: null });
    expect(chooseViewerMode({ ...base, dataSaver: true, hlsLive: false })).toEqual({ mode: 'webrtc', reason: null });
  });
});
