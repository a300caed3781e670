// The event contract against what the server really writes and sends: every event type
// the domain (and the media layer) produces parses with the union, field for field; every
// redaction a viewer receives parses with the wire union; every snapshot view parses with
// its schema. A payload that does not fit fails, naming the field.
import { describe, expect, it } from 'vitest';
import { redactEvent, viewState } from '../../src/domain/debate.ts';
import type { Viewer } from '../../src/domain/state.ts';
import { DebateEventSchema, draft, EVENT_TYPES, WireEventSchema, type DebateEvent } from '../../src/protocol/events/index.ts';
import { readStoredEvent } from '../../src/protocol/events/read.ts';
import { DebateViewSchema } from '../../src/protocol/views.ts';
import { cancelledDebate, oxfordDebate, softDebate, type Recorder } from './fixtures.ts';

const VIEWERS: Record<string, Viewer> = {
  moderator: { role: 'moderator', participantId: 'mod_1' },
  ana: { role: 'participant', participantId: 'p_ana' },
  ben: { role: 'participant', participantId: 'p_ben' },
  speaker: { role: 'speaker', participantId: 'guest_alice' },
  display: { role: 'display', participantId: null },
};

/** What the log stores and a socket carries: JSON. */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v));

const debates = (): Recorder[] => [oxfordDebate(), softDebate(), cancelledDebate()];

describe('DebateEventSchema', () => {
  it('parses every event the domain and the media layer produce, losing nothing', () => {
    const seen = new Set<string>();
    for (const d of debates()) {
      for (const e of d.log) {
        const stored = json(e);
        expect(DebateEventSchema.parse(stored), `${e.type} #${e.seq}`).toEqual(stored);
        seen.add(e.type);
      }
    }
    // The three debates between them cover the whole union.
    expect([...seen].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('refuses a payload that does not fit, naming the field', () => {
    const [, , started] = softDebate().log;
    const row = { ...json(started!), type: 'floor:paused', payload: { turnId: 't1', pausedAt: 1, remainingMs: 'soon', spokenMs: 0 } };
    const read = readStoredEvent(row);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.reason).toContain('floor:paused');
    expect(read.reason).toContain('payload.remainingMs');
    expect(read.issues[0]!.path).toEqual(['payload', 'remainingMs']);

    const missing = readStoredEvent({ ...row, type: 'poll:opened', payload: { openedAt: 1, closesAt: null } });
    expect(missing.ok || missing.reason).toContain('payload.pollId');
    const unknown = readStoredEvent({ ...row, type: 'floor:exploded', payload: {} });
    expect(unknown.ok || unknown.reason).toBe('unknown event type "floor:exploded"');
    const badActor = readStoredEvent({ ...json(started!), actor: { kind: 'robot' } });
    expect(badActor.ok || badActor.reason).toContain('actor');
  });

  it('types drafts by their event type', () => {
    const paused = draft('floor:paused', { turnId: 't1', pausedAt: 1, remainingMs: 2, spokenMs: 3 });
    expect(DebateEventSchema.parse({ debateId: 'd', seq: 1, at: 1, actor: { kind: 'system' }, hash: 'h', ...paused }).type).toBe('floor:paused');
    // @ts-expect-error floor:paused carries no participantId (and needs spokenMs)
    draft('floor:paused', { turnId: 't1', pausedAt: 1, remainingMs: 2, participantId: 'p' });
    // @ts-expect-error not an event type of the log
    draft('floor:exploded', {});
  });
});

describe('the wire contract', () => {
  it('parses every event as each viewer receives it, redacted or whole', () => {
    const redacted = new Set<string>();
    for (const d of debates()) {
      for (const e of d.log) {
        for (const [name, viewer] of Object.entries(VIEWERS)) {
          const visible = redactEvent(e, viewer);
          if (visible !== e) redacted.add(e.type);
          const { debateId: _omit, ...wire } = json(visible);
          expect(WireEventSchema.parse(wire), `${e.type} #${e.seq} for ${name}`).toEqual(wire);
        }
      }
    }
    // Each redaction the server makes was exercised.
    expect([...redacted].sort()).toEqual(
      ['contribution:submitted', 'debate:created', 'debate:updated', 'poll:closed', 'poll:proposed', 'presence:changed', 'question:asked', 'question:upvoted'].sort(),
    );
  });

  it('hides the access code from the public redaction, which the log schema would refuse', () => {
    const created = oxfordDebate().log[0] as DebateEvent<'debate:created'>;
    const { debateId: _omit, ...wire } = json(redactEvent(created, VIEWERS.ana!));
    expect(WireEventSchema.parse(wire).payload).not.toHaveProperty('modalities.accessCode');
    expect(DebateEventSchema.safeParse({ ...wire, debateId: 'deb_oxford' }).success).toBe(false);
  });

  it('gives each viewer a snapshot view that its schema describes exactly', () => {
    for (const d of debates()) {
      for (const [name, viewer] of Object.entries(VIEWERS)) {
        const view = json(viewState(d.state, viewer, { tallies: {}, myBallots: {} }));
        expect(DebateViewSchema.parse(view), `${d.state.debateId} for ${name}`).toEqual(view);
      }
    }
  });
});
