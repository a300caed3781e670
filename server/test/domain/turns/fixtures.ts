// Test helpers for the turns module: a hand-built live DebateState and a tiny harness
// that drives commands through their schema and decision, stamps the drafts into events
// (seq, at = fake clock, actor) and folds them, the way the registry does.
import { AppError } from '../../../src/errors.ts';
import { FakeClock } from '../../../src/clock.ts';
import { ModalitiesSchema, type ModalitiesInput } from '../../../src/protocol/modalities.ts';
import type { Role } from '../../../src/protocol/common.ts';
import type { DebateState } from '../../../src/domain/state.ts';
import type { Actor, CommandContext, DebateEvent, EventDraft } from '../../../src/domain/types.ts';
import { DebateEventSchema, draft } from '../../../src/protocol/events/index.ts';
import { applyTurns, initialTurns, tickTurns, turnsCommands } from '../../../src/domain/turns/index.ts';

const BASE: ModalitiesInput = {
  format: 'online',
  scheduledStart: '2026-11-28T18:00:00Z',
  plannedDurationMinutes: 90,
  interventionModes: ['oral', 'written'],
};

export function makeState(overrides: Partial<ModalitiesInput> = {}): DebateState {
  const modalities = ModalitiesSchema.parse({ ...BASE, ...overrides });
  return {
    debateId: 'deb_1',
    title: 'Test debate',
    status: 'live',
    modalities,
    seq: 0,
    headHash: '',
    startedAt: Date.UTC(2026, 10, 28, 18, 0, 0),
    endedAt: null,
    turns: initialTurns(modalities),
    polls: {} as any,
    questions: {} as any,
    screen: { questionId: null, hiddenPollIds: [], captions: false },
  };
}

export const MODERATOR: Actor = { kind: 'participant', id: 'mod', role: 'moderator', name: 'Moderator' };
export const SYSTEM: Actor = { kind: 'system' };

export function citizen(id: string, role: Role = 'participant'): Actor {
  return { kind: 'participant', id, role, name: `Name of ${id}` };
}

export class Harness {
  readonly clock = new FakeClock();
  readonly events: DebateEvent[] = [];
  private ids = 0;
  /** PRESENCE_GRACE_MS as the live layer passes it; undefined = the domain's default. */
  presenceGraceMs: number | undefined;

  constructor(readonly state: DebateState) {}

  ctx(actor: Actor): CommandContext {
    const ctx: CommandContext = { now: this.clock.now(), actor, newId: () => `turn_${++this.ids}` };
    if (this.presenceGraceMs !== undefined) ctx.presenceGraceMs = this.presenceGraceMs;
    return ctx;
  }

  /** Parse, decide, stamp and fold; returns the events produced. Throws domain refusals. */
  run(command: string, payload: unknown, actor: Actor = MODERATOR): DebateEvent[] {
    const spec = turnsCommands[command];
    if (!spec) throw new Error(`unknown command ${command}`);
    const drafts = spec.decide(this.state, spec.schema.parse(payload), this.ctx(actor));
    return this.commit(drafts, actor);
  }

  /** Run the timer the way the registry would, at the current fake time. */
  tick(): DebateEvent[] {
    return this.commit(tickTurns(this.state, this.clock.now()), SYSTEM);
  }

  commit(drafts: EventDraft[], actor: Actor): DebateEvent[] {
    const out = drafts.map((d) => {
      // What the log stores and reads back: a JSON round trip, parsed by the event contract.
      const event = DebateEventSchema.parse({
        debateId: this.state.debateId,
        seq: this.state.seq + 1,
        at: this.clock.now(),
        actor,
        ...JSON.parse(JSON.stringify(d)),
        hash: '',
      });
      applyTurns(this.state, event);
      this.state.seq = event.seq;
      this.events.push(event);
      return event;
    });
    return out;
  }

  /** Fold a lifecycle event the registry would log (status is the lifecycle's job). */
  endDebate(): void {
    this.state.status = 'ended';
    this.commit([draft('debate:ended', { at: this.clock.now() })], SYSTEM);
  }

  queueIds(): string[] {
    return this.state.turns.queue.map((e) => e.participantId);
  }

  /** Raise hands for several citizens, `gapMs` apart. */
  raise(ids: string[], mode: 'oral' | 'written' = 'oral', gapMs = 1000): void {
    for (const id of ids) {
      this.run('queue:raise', { mode }, citizen(id));
      this.clock.advance(gapMs);
    }
  }
}

/** The code of the AppError `fn` throws (fails the test if it does not refuse). */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

export { payloadOf } from '../../helpers/events.ts';

/** Replay a log onto a fresh state built from the same modalities. */
export function replay(state: DebateState, events: readonly DebateEvent[]): DebateState {
  const fresh = makeState();
  fresh.modalities = state.modalities;
  fresh.turns = initialTurns(state.modalities);
  for (const e of events) {
    applyTurns(fresh, e);
    fresh.seq = e.seq;
  }
  return fresh;
}
