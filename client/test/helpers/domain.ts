// A pure, in-memory debate driven by the server's own domain (commands, fold, per-viewer
// views and event redaction), for testing the client reducer against the real thing:
// what the client folds from redacted events must equal what the server would show.
import { ModalitiesSchema, type ModalitiesInput } from '../../../server/src/protocol/modalities.ts';
import {
  applyEvent,
  domainCommands,
  emptyDebateState,
  redactEvent,
  tickDrafts,
  viewState,
} from '../../../server/src/domain/debate.ts';
import { createdDraft, transitionDraft, type LifecycleAction } from '../../../server/src/domain/lifecycle.ts';
export { scheduleDraft } from '../../../server/src/domain/lifecycle.ts';
import { closePollDraft } from '../../../server/src/domain/polls/closing.ts';
import { endFloorDrafts } from '../../../server/src/domain/turns/timers.ts';
import type { DebateState, Viewer } from '../../../server/src/domain/state.ts';
import type { Actor, DebateEvent, EventDraft } from '../../../server/src/domain/types.ts';
import { DebateEventSchema } from '../../../server/src/protocol/events/index.ts';
import type { PollResults } from '../../../server/src/protocol/polls.ts';
import type { DebateView, WireEvent } from '../../src/lib/view-types.ts';

export const people = {
  mod: { kind: 'participant', id: 'mod_1', role: 'moderator', name: 'Modératrice' },
  camille: { kind: 'participant', id: 'p_camille', role: 'participant', name: 'Camille' },
  dominique: { kind: 'participant', id: 'p_dominique', role: 'participant', name: 'Dominique' },
  alice: { kind: 'participant', id: 'guest_alice', role: 'speaker', name: 'Alice Martin' },
} as const satisfies Record<string, Actor>;

export const viewers: Record<string, Viewer> = {
  moderator: { role: 'moderator', participantId: 'mod_1' },
  camille: { role: 'participant', participantId: 'p_camille' },
  dominique: { role: 'participant', participantId: 'p_dominique' },
  display: { role: 'display', participantId: null },
};

export function testModalities(overrides: Partial<ModalitiesInput> = {}) {
  return ModalitiesSchema.parse({
    format: 'hybrid',
    scheduledStart: '2026-12-03T18:30:00+01:00',
    plannedDurationMinutes: 90,
    interventionModes: ['oral', 'written'],
    groups: [
      { id: 'pour', name: 'Pour', quotaSeconds: 600 },
      { id: 'contre', name: 'Contre', quotaSeconds: 600 },
    ],
    guests: [{ id: 'alice', name: 'Alice Martin', group: 'pour' }],
    turn: { defaultSeconds: 60, warningSeconds: [30, 10], expiry: 'hard' },
    ...overrides,
  });
}

export class DomainDebate {
  readonly state: DebateState;
  readonly log: DebateEvent[] = [];
  now = 1_800_000_000_000;
  private ids = 0;

  constructor(modalities = testModalities()) {
    this.state = emptyDebateState('deb_1');
    this.commit(
      [createdDraft({ debateId: 'deb_1', title: 'Budget participatif', description: null, location: null, modalities })],
      { kind: 'admin' },
    );
  }

  commit(drafts: EventDraft[], actor: Actor): DebateEvent[] {
    const out: DebateEvent[] = [];
    for (const d of drafts) {
      // As the event store reads it back: parsed by the event contract.
      const e = DebateEventSchema.parse({ debateId: 'deb_1', seq: this.state.seq + 1, at: this.now, actor, ...d, hash: `h${this.state.seq + 1}` });
      applyEvent(this.state, e);
      this.log.push(e);
      out.push(e);
    }
    return out;
  }

  lifecycle(action: LifecycleAction): DebateEvent[] {
    if (action === 'end') {
      this.commit(endFloorDrafts(this.state, this.now, 'debate_ended'), { kind: 'system' });
      for (const id of this.state.polls.order) {
        if (this.state.polls.polls[id]!.status === 'open') this.closePoll(id, zeroResults(this.state, id), 'debate_ended');
      }
    }
    return this.commit([transitionDraft(this.state, action, this.now)], people.mod);
  }

  /** Run a domain command as `actor` (parsed by its shared schema, like the gateway does). */
  run(name: string, payload: unknown, actor: Actor): DebateEvent[] {
    // Two people never act in the same millisecond here: order by time is then the log's
    // order (a tie in real life only changes the order of two items in a citizen's list).
    this.now += 100;
    const spec = domainCommands[name]!;
    const parsed = spec.schema.parse(payload);
    const drafts = spec.decide(this.state, parsed, { now: this.now, actor, newId: () => `id${++this.ids}` });
    return this.commit(drafts, actor);
  }

  closePoll(pollId: string, results: PollResults, reason: 'moderator' | 'auto' | 'debate_ended' = 'moderator') {
    return this.commit([closePollDraft(this.state, pollId, reason, results, this.now)], people.mod);
  }

  /** Advance the clock and fold the timer events that fall due (warnings, expiry). */
  advance(ms: number): DebateEvent[] {
    const out: DebateEvent[] = [];
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + 250);
      out.push(...this.commit(tickDrafts(this.state, this.now), { kind: 'system' }));
    }
    return out;
  }

  view(viewer: Viewer, myBallots: Record<string, number[]> = {}): DebateView {
    return structuredClone(viewState(this.state, viewer, { tallies: {}, myBallots }));
  }

  /** The log from `afterSeq` as this viewer receives it on the wire. */
  wire(viewer: Viewer, afterSeq: number): WireEvent[] {
    return this.log
      .filter((e) => e.seq > afterSeq)
      .map((e) => {
        const { debateId: _omit, ...rest } = structuredClone(redactEvent(e, viewer));
        return rest;
      });
  }
}

export function zeroResults(state: DebateState, pollId: string): PollResults {
  const poll = state.polls.polls[pollId]!;
  const n = poll.kind === 'scale' ? (poll.scaleMax ?? 0) : poll.options.length;
  return { counts: new Array<number>(n).fill(0), totalBallots: 0 };
}
