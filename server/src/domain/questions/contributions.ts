// Decisions about written contributions: a citizen submits a text; the moderator reads
// it out, which opens a written turn under the author's name (same rules as any grant:
// live debate, free floor, group quota), or dismisses it.
import { AppError } from '../../errors.ts';
import { hasType } from '../../protocol/events/index.ts';
import type { ContributionDismiss, ContributionRead, ContributionSubmit } from '../../protocol/questions.ts';
import type { DebateState } from '../state.ts';
import { buildGrant, guestForParticipant } from '../turns/index.ts';
import type { CommandContext, EventDraft } from '../types.ts';
import { participantActor } from './board.ts';
import { draft } from './events.ts';
import type { Contribution } from './state.ts';

function findContribution(state: DebateState, contributionId: string): Contribution {
  const { contributions } = state.questions;
  const c = Object.hasOwn(contributions, contributionId) ? contributions[contributionId] : undefined;
  if (!c) throw new AppError('CONTRIBUTION_NOT_FOUND', `no contribution "${contributionId}" in this debate`);
  return c;
}

function requireSubmitted(c: Contribution, verb: string): void {
  if (c.status !== 'submitted') {
    throw new AppError('CONTRIBUTION_STATE', `cannot ${verb} a contribution that is ${c.status}`, { status: c.status });
  }
}

/** Same rule as raising a hand: an invited guest always speaks for their guest group. */
function groupOf(state: DebateState, authorId: string, role: string, requested: string | undefined): string | null {
  const guest = role === 'speaker' ? guestForParticipant(state.modalities, authorId) : null;
  if (guest) return guest.group ?? null;
  if (requested === undefined) return null;
  if (!state.modalities.groups.some((g) => g.id === requested)) {
    throw new AppError('UNKNOWN_GROUP', `no group "${requested}" in this debate`);
  }
  return requested;
}

export function decideSubmit(state: DebateState, p: ContributionSubmit, ctx: CommandContext): EventDraft[] {
  const actor = participantActor(ctx);
  if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'the debate is not live');
  if (!state.modalities.interventionModes.includes('written')) {
    throw new AppError('MODE_NOT_ALLOWED', 'written contributions are not allowed in this debate');
  }
  const contribution: Contribution = {
    id: ctx.newId(),
    text: p.text,
    authorId: actor.id,
    authorName: actor.name,
    group: groupOf(state, actor.id, actor.role, p.group),
    status: 'submitted',
    submittedAt: ctx.now,
    readAt: null,
    turnId: null,
  };
  return [draft('contribution:submitted', { contribution })];
}

export function decideRead(state: DebateState, p: ContributionRead, ctx: CommandContext): EventDraft[] {
  const c = findContribution(state, p.contributionId);
  requireSubmitted(c, 'read');
  const grant = buildGrant(
    state,
    {
      participantId: c.authorId,
      name: c.authorName,
      role: 'participant',
      group: c.group,
      mode: 'written',
      ...(p.seconds === undefined ? {} : { seconds: p.seconds }),
      contributionId: c.id,
    },
    ctx,
  );
  const granted = grant.find((d) => hasType(d, 'floor:granted'));
  if (!granted) throw new AppError('INTERNAL', 'the grant produced no floor:granted');
  const turnId = granted.payload.turnId;
  const readOut = { ...c, status: 'read' as const, readAt: ctx.now, turnId };
  return [draft('contribution:read', { contributionId: c.id, turnId, contribution: readOut }), ...grant];
}

export function decideDismiss(state: DebateState, p: ContributionDismiss, _ctx: CommandContext): EventDraft[] {
  const c = findContribution(state, p.contributionId);
  requireSubmitted(c, 'dismiss');
  return [draft('contribution:dismissed', { contributionId: c.id })];
}
