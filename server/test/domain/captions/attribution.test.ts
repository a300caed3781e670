// Caption attribution and segmenting, driven by a fake clock: which turn and speaker each
// recognised word belongs to, the cut at a floor change, at a long pause and at the
// maximum length, words spoken with nobody on the floor, and the captioner's reference.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.ts';
import { FloorHistory, referenceFlags, segmentWords, type TimedWord } from '../../../src/domain/captions/attribution.ts';

function harness() {
  const clock = new FakeClock();
  const floor = new FloorHistory(60_000);
  const t0 = clock.now();
  return {
    clock,
    floor,
    t0,
    grant(turnId: string, participantId: string, name = participantId) {
      floor.apply({ type: 'floor:granted', at: clock.now(), payload: { turnId, participantId, name, group: 'pour' } });
    },
    end(turnId: string) {
      floor.apply({ type: 'floor:ended', at: clock.now(), payload: { turnId } });
    },
    /** Words 300 ms long, 100 ms apart, starting now; the clock moves past them. */
    say(text: string): TimedWord[] {
      return text.split(' ').map((word) => {
        const start = clock.now();
        clock.advance(400);
        return { word, start, end: start + 300 };
      });
    },
  };
}

describe('caption segments and the floor', () => {
  it('gives every word spoken during a turn to that turn and its speaker', () => {
    const h = harness();
    h.grant('t1', 'alice');
    const words = h.say('the city council votes tonight');
    const segs = segmentWords(words, h.floor.spans(h.clock.now()));
    expect(segs).toEqual([{ start: h.t0, end: h.t0 + 1900, text: 'the city council votes tonight', speakerId: 'alice', turnId: 't1' }]);
  });

  it('splits an utterance at a floor change: each part goes to the turn that held the floor', () => {
    const h = harness();
    h.grant('t1', 'alice');
    const first = h.say('we agree');
    h.grant('t2', 'bob'); // granted without an explicit end: the new grant closes t1
    const second = h.say('we do not');
    const segs = segmentWords([...first, ...second], h.floor.spans(h.clock.now()));
    expect(segs.map((s) => [s.turnId, s.speakerId, s.text])).toEqual([
      ['t1', 'alice', 'we agree'],
      ['t2', 'bob', 'we do not'],
    ]);
    expect(segs[0]!.end).toBeLessThanOrEqual(segs[1]!.start);
  });

  it('attributes a word straddling the change by its middle', () => {
    const h = harness();
    h.grant('t1', 'alice');
    const start = h.clock.now();
    h.clock.advance(200);
    h.grant('t2', 'bob');
    h.clock.advance(400);
    const segs = segmentWords([{ word: 'early', start, end: start + 300 }, { word: 'late', start: start + 150, end: start + 600 }], h.floor.spans(h.clock.now()));
    expect(segs.map((s) => [s.turnId, s.text])).toEqual([['t1', 'early'], ['t2', 'late']]);
  });

  it('drops words spoken while nobody has the floor (between turns, before the first)', () => {
    const h = harness();
    const before = h.say('hello');
    h.grant('t1', 'alice');
    const during = h.say('my proposal');
    h.end('t1');
    const after = h.say('thank you');
    const segs = segmentWords([...before, ...during, ...after], h.floor.spans(h.clock.now()));
    expect(segs.map((s) => s.text)).toEqual(['my proposal']);
  });

  it('cuts at a long pause and at the maximum length, within one turn', () => {
    const h = harness();
    h.grant('t1', 'alice');
    const a = h.say('one two');
    h.clock.advance(2000);
    const b = h.say('three four five six seven');
    const segs = segmentWords([...a, ...b], h.floor.spans(h.clock.now()), { maxGapMs: 1500, maxWords: 3 });
    expect(segs.map((s) => s.text)).toEqual(['one two', 'three four five', 'six seven']);
    expect(new Set(segs.map((s) => s.turnId))).toEqual(new Set(['t1']));
  });

  it('forgets ended turns after the retention, never the current one', () => {
    const h = harness();
    h.grant('t1', 'alice');
    h.clock.advance(1000);
    h.end('t1');
    h.clock.advance(59_000);
    expect(h.floor.spans(h.clock.now()).map((s) => s.turnId)).toEqual(['t1']);
    h.grant('t2', 'bob');
    h.clock.advance(2000);
    expect(h.floor.spans(h.clock.now()).map((s) => s.turnId)).toEqual(['t2']);
    h.clock.advance(600_000);
    expect(h.floor.holderAt(h.clock.now())?.turnId).toBe('t2');
  });

  it('the debate ending closes the floor', () => {
    const h = harness();
    h.grant('t1', 'alice');
    h.clock.advance(500);
    h.floor.apply({ type: 'debate:ended', at: h.clock.now(), payload: {} });
    h.clock.advance(10);
    expect(h.floor.holderAt(h.clock.now())).toBeNull();
  });
});

describe('the captioner is the reference', () => {
  it('marks engine segments of a turn a captioner wrote in as not the reference', () => {
    const flags = referenceFlags([
      { turnId: 't1', source: 'engine' },
      { turnId: 't1', source: 'captioner' },
      { turnId: 't2', source: 'engine' },
    ]);
    expect(flags).toEqual([false, true, true]);
  });
});
