// The life of one RTMP push (pure, driven by a fake clock): connecting, live, failed then
// retrying with a backoff that doubles up to its maximum, back to the base once a push
// had stayed live long enough; and the redaction of stream keys from FFmpeg's words.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../media/broadcast/ffmpeg-child.ts';
import { pushArgs, pushTarget } from '../../../media/broadcast/hls-args.ts';
import { IDLE_PUSH, nextPush, type PushInput, type PushStatus } from '../../../media/broadcast/push-policy.ts';

const T = { retryBaseMs: 1000, retryMaxMs: 8000, healthyMs: 20_000 };

class Harness {
  now = 1_000_000;
  status: PushStatus = IDLE_PUSH;
  retries: (number | null)[] = [];
  send(input: PushInput): this {
    const r = nextPush(this.status, input, T);
    this.status = r.status;
    this.retries.push(r.retryInMs);
    return this;
  }
  advance(ms: number): this {
    this.now += ms;
    return this;
  }
  fail(reason = 'Connection refused'): this {
    return this.send({ type: 'exited', now: this.now, reason });
  }
}

describe('push policy', () => {
  it('goes connecting → live, and a drop is retried after the base delay', () => {
    const h = new Harness().send({ type: 'connect' });
    expect(h.status.state).toBe('connecting');
    h.advance(500).send({ type: 'accepted', now: h.now });
    expect(h.status).toMatchObject({ state: 'live', reason: null, liveSince: h.now });
    h.advance(2000).fail('Broken pipe');
    expect(h.status).toEqual({ state: 'retrying', reason: 'Broken pipe', retryAt: h.now + 1000, failures: 1, liveSince: null });
  });

  it('doubles the wait on each failure in a row, up to the maximum', () => {
    const h = new Harness();
    for (let i = 0; i < 6; i++) h.send({ type: 'connect' }).advance(100).fail().advance(h.retries.at(-1)!);
    expect(h.retries.filter((r) => r !== null)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(h.status.failures).toBe(6);
  });

  it('starts the backoff afresh after a push that stayed live healthyMs, not before', () => {
    const h = new Harness();
    h.send({ type: 'connect' }).fail().send({ type: 'connect' }).fail();
    expect(h.retries.at(-1)).toBe(2000);
    h.send({ type: 'connect' }).send({ type: 'accepted', now: h.now }).advance(19_999).fail();
    expect(h.retries.at(-1)).toBe(4000);
    h.send({ type: 'connect' }).send({ type: 'accepted', now: h.now }).advance(20_000).fail();
    expect(h.retries.at(-1)).toBe(1000);
    expect(h.status.failures).toBe(1);
  });

  it('a stop forgets everything', () => {
    const h = new Harness().send({ type: 'connect' }).fail().send({ type: 'stopped' });
    expect(h.status).toEqual(IDLE_PUSH);
    expect(h.retries.at(-1)).toBeNull();
  });
});

describe('stream keys', () => {
  it('are only in the push target, and removed from what FFmpeg prints, URL-encoded or not', () => {
    const key = 'abc/def?x=1';
    const target = pushTarget('rtmp://peertube.example.fr:1935/live/', key);
    expect(target).toBe('rtmp://peertube.example.fr:1935/live/abc/def?x=1');
    expect(pushArgs(target).at(-1)).toBe(target);
    const line = `Output #0, flv, to '${target}': [tcp] ${encodeURIComponent(key)} refused`;
    const clean = redact(line, [key, target]);
    expect(clean).not.toContain('abc');
    expect(clean).toBe(`Output #0, flv, to 'rtmp://peertube.example.fr:1935/live/***': [tcp] *** refused`);
    expect(redact('nothing secret', ['', key])).toBe('nothing secret');
  });
});
