// Decisions of the poll lifecycle commands: a moderator creates a poll (draft) or
// approves a citizen's proposal, then opens it; closing is the application layer's,
// see closing.ts. Decisions only; the fold is in apply.ts.
import { AppError } from '../../errors.ts';
import type { PollApprove, PollCreate, PollDefinition, PollOpen, PollPropose, PollReject } from '../../protocol/polls.ts';
import type { DebateState } from '../state.ts';
import type { CommandContext, EventDraft } from '../types.ts';
import { findPoll } from './ballots.ts';
import { draft } from './events.ts';
import type { Poll, PollDefinitionFields, PollStatus } from './state.ts';

function requirePollsEnabled(state: DebateState): void {
  if (!state.modalities.pollsEnabled) throw new AppError('POLLS_DISABLED', 'polls are disabled in this debate');
}

function requireLive(state: DebateState): void {
  if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'the debate is not live');
}

/** Polls may be prepared before the debate starts, not after it has ended. */
function requireNotOver(state: DebateState): void {
  if (state.status === 'ended' || state.status === 'archived') {
    throw new AppError('DEBATE_NOT_LIVE', `the debate is ${state.status}`);
  }
}

function requireStatus(poll: Poll, status: PollStatus, verb: string): void {
  if (poll.status !== status) {
    throw new AppError('POLL_STATE', `cannot ${verb} a poll that is ${poll.status}`, { status: poll.status });
  }
}

/** Drop the fields that do not apply to the kind; a multiple poll without a limit allows all. */
function normalizeDefinition(p: PollDefinition): PollDefinitionFields {
  const scale = p.kind === 'scale';
  if (scale && p.scaleMax === undefined) throw new AppError('VALIDATION_FAILED', 'scaleMax is required for a scale poll');
  return {
    question: p.question,
    kind: p.kind,
    options: scale ? [] : [...p.options],
    maxChoices: p.kind === 'multiple' ? (p.maxChoices ?? p.options.length) : null,
    scaleMax: scale ? (p.scaleMax ?? null) : null,
    anonymous: p.anonymous,
    visibility: p.visibility,
    autoCloseSeconds: p.autoCloseSeconds,
  };
}

function newPoll(def: PollDefinitionFields, status: 'draft' | 'proposed', ctx: CommandContext): Poll {
  const author = ctx.actor.kind === 'participant' ? ctx.actor.id : null;
  return {
    ...def,
    id: ctx.newId(),
    status,
    createdBy: author,
    proposedBy: status === 'proposed' ? author : null,
    createdAt: ctx.now,
    openedAt: null,
    closesAt: null,
    closedAt: null,
    results: null,
    closeReason: null,
    rejectReason: null,
  };
}

function openedDraft(poll: Pick<Poll, 'id' | 'autoCloseSeconds'>, now: number): EventDraft {
  const closesAt = poll.autoCloseSeconds === null ? null : now + poll.autoCloseSeconds * 1000;
  return draft('poll:opened', { pollId: poll.id, openedAt: now, closesAt });
}

export function decideCreate(state: DebateState, p: PollCreate, ctx: CommandContext): EventDraft[] {
  requirePollsEnabled(state);
  requireNotOver(state);
  if (p.openNow) requireLive(state);
  const { openNow, ...definition } = p;
  const poll = newPoll(normalizeDefinition(definition), 'draft', ctx);
  const drafts: EventDraft[] = [draft('poll:created', { poll })];
  if (openNow) drafts.push(openedDraft(poll, ctx.now));
  return drafts;
}

export function decidePropose(state: DebateState, p: PollPropose, ctx: CommandContext): EventDraft[] {
  if (ctx.actor.kind !== 'participant') throw new AppError('FORBIDDEN', 'only a participant can propose a poll');
  requirePollsEnabled(state);
  if (state.status !== 'scheduled' && state.status !== 'live') {
    throw new AppError('DEBATE_NOT_LIVE', `the debate is ${state.status}`);
  }
  return [draft('poll:proposed', { poll: newPoll(normalizeDefinition(p), 'proposed', ctx) })];
}

export function decideApprove(state: DebateState, p: PollApprove, ctx: CommandContext): EventDraft[] {
  const poll = findPoll(state, p.pollId);
  requireStatus(poll, 'proposed', 'approve');
  if (p.openNow) requireLive(state);
  const drafts: EventDraft[] = [draft('poll:approved', { pollId: poll.id, poll: { ...poll, status: 'draft' } })];
  if (p.openNow) drafts.push(openedDraft(poll, ctx.now));
  return drafts;
}

export function decideReject(state: DebateState, p: PollReject, _ctx: CommandContext): EventDraft[] {
  const poll = findPoll(state, p.pollId);
  requireStatus(poll, 'proposed', 'reject');
  return [draft('poll:rejected', { pollId: poll.id, reason: p.reason ? p.reason : null })];
}

export function decideOpen(state: DebateState, p: PollOpen, ctx: CommandContext): EventDraft[] {
  const poll = findPoll(state, p.pollId);
  requireStatus(poll, 'draft', 'open');
  requireLive(state);
  return [openedDraft(poll, ctx.now)];
}
