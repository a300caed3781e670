// Test helpers for the polls and questions modules: a hand-built DebateState and a tiny
// harness that drives commands the way the gateway and the registry do (role check,
// schema parse, decision), stamps the drafts into events (seq, at = fake clock, actor)
// and folds them into every slice.
import { AppError } from '../../../src/errors.ts';
import { FakeClock } from '../../../src/clock.ts';
import type { Role } from '../../../src/protocol/common.ts';
import { ModalitiesSchema, type DebateStatus, type ModalitiesInput } from '../../../src/protocol/modalities.ts';
import type { DebateState, Viewer } from '../../../src/domain/state.ts';
import type { Actor, CommandContext, DebateEvent, EventDraft } from '../../../src/domain/types.ts';
import { DebateEventSchema, draft } from '../../../src/protocol/events/index.ts';
import { applyTurns, initialTurns, turnsCommands } from '../../../src/domain/turns/index.ts';
import {
  applyPolls,
  closePollDraft,
  initialPolls,
  pollsCommands,
  type PollCloseReason,
  type PollResults,
} from '../../../src/domain/polls/index.ts';
import { applyQuestions, initialQuestions, questionsCommands } from '../../../src/domain/questions/index.ts';
import { applyScreen, screenCommands } from '../../../src/domain/screen/index.ts';

const BASE: ModalitiesInput = {
  format: 'hybrid',
  scheduledStart: '2026-11-28T18:00:00Z',
  plannedDurationMinutes: 90,
  interventionModes: ['oral', 'written'],
  groups: [
    { id: 'pour', name: 'Pour' },
    { id: 'contre', name: 'Contre', quotaSeconds: 60 },
  ],
  guests: [{ id: 'alice', name: 'Alice', group: 'pour' }],
};

export function makeState(overrides: Partial<ModalitiesInput> = {}, status: DebateStatus = 'live'): DebateState {
  const modalities = ModalitiesSchema.parse({ ...BASE, ...overrides });
  return {
    debateId: 'deb_1',
    title: 'Test debate',
    status,
    modalities,
    seq: 0,
    headHash: '',
    startedAt: status === 'live' ? Date.UTC(2026, 10, 28, 18, 0, 0) : null,
    endedAt: null,
    turns: initialTurns(modalities),
    polls: initialPolls(modalities),
    questions: initialQuestions(modalities),
    screen: { questionId: null, hiddenPollIds: [], captions: false },
  };
}

export const MODERATOR: Actor = { kind: 'participant', id: 'mod', role: 'moderator', name: 'Moderator' };
export const SYSTEM: Actor = { kind: 'system' };

export function citizen(id: string, role: Role = 'participant'): Actor {
  return { kind: 'participant', id, role, name: `Name of ${id}` };
}

export function viewer(role: Role, participantId: string | null = null): Viewer {
  return { role, participantId };
}

const COMMANDS = { ...turnsCommands, ...pollsCommands, ...questionsCommands, ...screenCommands };

export function applyAll(state: DebateState, e: DebateEvent): void {
  applyTurns(state, e);
  applyPolls(state, e);
  applyQuestions(state, e);
  applyScreen(state, e);
  state.seq = e.seq;
}

export class Harness {
  readonly clock = new FakeClock();
  readonly events: DebateEvent[] = [];
  private ids = 0;

  constructor(readonly state: DebateState = makeState()) {}

  ctx(actor: Actor): CommandContext {
    return { now: this.clock.now(), actor, newId: () => `id_${++this.ids}` };
  }

  /** Role check (as the gateway), parse, decide, stamp and fold; throws domain refusals. */
  run(command: string, payload: unknown, actor: Actor = MODERATOR): DebateEvent[] {
    const spec = COMMANDS[command];
    if (!spec) throw new Error(`unknown command ${command}`);
    if (actor.kind === 'participant' && !spec.roles.includes(actor.role)) {
      throw new AppError('FORBIDDEN', `${actor.role} may not send ${command}`);
    }
    const drafts = spec.decide(this.state, spec.schema.parse(payload), this.ctx(actor));
    return this.commit(drafts, actor);
  }

  /** What the application layer does once the ballots are counted. */
  close(pollId: string, results: PollResults, reason: PollCloseReason = 'moderator'): DebateEvent[] {
    const actor = reason === 'moderator' ? MODERATOR : SYSTEM;
    return this.commit([closePollDraft(this.state, pollId, reason, results, this.clock.now())], actor);
  }

  commit(drafts: EventDraft[], actor: Actor): DebateEvent[] {
    return drafts.map((d) => {
      // What the log stores and reads back: a JSON round trip (no shared references, no
      // undefined), parsed by the event contract.
      const event = DebateEventSchema.parse({
        debateId: this.state.debateId,
        seq: this.state.seq + 1,
        at: this.clock.now(),
        actor,
        ...JSON.parse(JSON.stringify(d)),
        hash: '',
      });
      applyAll(this.state, event);
      this.events.push(event);
      return event;
    });
  }

  /** Run a command and return the id of the poll/question/contribution it created. */
  create(command: string, payload: unknown, actor: Actor = MODERATOR): string {
    const [first] = this.run(command, payload, actor);
    switch (first?.type) {
      case 'poll:created':
      case 'poll:proposed':
        return first.payload.poll.id;
      case 'question:asked':
        return first.payload.question.id;
      case 'contribution:submitted':
        return first.payload.contribution.id;
      default:
        throw new Error(`${command} created nothing`);
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

/** Replay a log onto a fresh state with the same modalities and lifecycle status. */
export function replay(state: DebateState, events: readonly DebateEvent[]): DebateState {
  const fresh = makeState({}, state.status);
  fresh.modalities = state.modalities;
  fresh.startedAt = state.startedAt;
  fresh.turns = initialTurns(state.modalities);
  for (const e of events) applyAll(fresh, e);
  return fresh;
}

export const SINGLE = { question: 'Pour ou contre ?', kind: 'single', options: ['Pour', 'Contre', 'Abstention'] } as const;
export const MULTIPLE = {
  question: 'Quelles priorités ?',
  kind: 'multiple',
  options: ['Logement', 'Transport', 'Écoles', 'Santé'],
  maxChoices: 2,
} as const;
export const SCALE = { question: 'Votre satisfaction ?', kind: 'scale', scaleMax: 5 } as const;
