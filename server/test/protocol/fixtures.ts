// Logs of whole debates produced by the real domain (commands, timers, lifecycle, poll
// closing) plus the media layer's recording drafts, for checking the event contract
// against everything the server actually writes. Two debates between them produce every
// event type: an oxford one with hard expiry, a free one switched to soft expiry.
import { ModalitiesSchema, type ModalitiesInput } from '../../src/protocol/modalities.ts';
import { applyEvent, domainCommands, emptyDebateState, tickDrafts } from '../../src/domain/debate.ts';
import { createdDraft, scheduleDraft, transitionDraft, updateDraft, type LifecycleAction } from '../../src/domain/lifecycle.ts';
import { closePollDraft } from '../../src/domain/polls/closing.ts';
import { endFloorDrafts } from '../../src/domain/turns/timers.ts';
import { presenceDrafts } from '../../src/domain/turns/presence.ts';
import type { DebateState } from '../../src/domain/state.ts';
import type { Actor, DebateEvent, EventDraft } from '../../src/domain/types.ts';
import { recordingChoiceDraft, recordingStartedDraft, recordingStoppedDraft } from '../../../media/recording/events.ts';
import { ofType } from '../helpers/events.ts';
import { draft } from '../../src/protocol/events/index.ts';

export const people = {
  mod: { kind: 'participant', id: 'mod_1', role: 'moderator', name: 'Modératrice' },
  ana: { kind: 'participant', id: 'p_ana', role: 'participant', name: 'Ana' },
  ben: { kind: 'participant', id: 'p_ben', role: 'participant', name: 'Ben' },
  alice: { kind: 'participant', id: 'guest_alice', role: 'speaker', name: 'Alice Martin' },
} as const satisfies Record<string, Actor>;

const SYSTEM: Actor = { kind: 'system' };

export function modalities(overrides: Partial<ModalitiesInput> = {}) {
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
    turn: { defaultSeconds: 30, warningSeconds: [20, 10], expiry: 'hard' },
    joinPolicy: 'code',
    accessCode: 'secret-door',
    ...overrides,
  });
}

/** A debate driven like the registry drives it: decide, stamp, fold, log. */
export class Recorder {
  readonly state: DebateState;
  readonly log: DebateEvent[] = [];
  now = 1_800_000_000_000;
  private ids = 0;

  constructor(id: string, m = modalities()) {
    this.state = emptyDebateState(id);
    this.commit([createdDraft({ debateId: id, title: 'Budget participatif', description: null, location: 'Mairie', modalities: m })], {
      kind: 'admin',
    });
  }

  commit(drafts: EventDraft[], actor: Actor): DebateEvent[] {
    return drafts.map((d) => {
      const seq = this.state.seq + 1;
      const e: DebateEvent = { debateId: this.state.debateId, seq, at: this.now, actor, ...d, hash: `h${seq}` };
      applyEvent(this.state, e);
      this.log.push(e);
      return e;
    });
  }

  run(name: string, payload: unknown, actor: Actor): DebateEvent[] {
    this.now += 100;
    const spec = domainCommands[name]!;
    const ctx = { now: this.now, actor, newId: () => `id${++this.ids}` };
    return this.commit(spec.decide(this.state, spec.schema.parse(payload), ctx), actor);
  }

  lifecycle(action: LifecycleAction): void {
    if (action === 'end') {
      this.commit(endFloorDrafts(this.state, this.now, 'debate_ended'), SYSTEM);
      for (const id of this.state.polls.order) {
        if (this.state.polls.polls[id]!.status === 'open') this.closePoll(id, 'debate_ended');
      }
    }
    this.commit([transitionDraft(this.state, action, this.now)], people.mod);
  }

  closePoll(pollId: string, reason: 'moderator' | 'auto' | 'debate_ended' = 'moderator'): void {
    const poll = this.state.polls.polls[pollId]!;
    const n = poll.kind === 'scale' ? (poll.scaleMax ?? 0) : poll.options.length;
    const counts = Array.from({ length: n }, (_, i) => i % 2);
    const total = counts.reduce((a, b) => a + b, 0);
    const results = poll.kind === 'scale' ? { counts, totalBallots: total, mean: 2.5 } : { counts, totalBallots: total };
    this.commit([closePollDraft(this.state, pollId, reason, results, this.now)], people.mod);
  }

  /** Advance the clock and fold the timer events that fall due (warnings, expiry, overtime). */
  advance(ms: number): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + 250);
      this.commit(tickDrafts(this.state, this.now), SYSTEM);
    }
  }

  created(events: DebateEvent[], type: 'poll:created' | 'poll:proposed'): string {
    return ofType(events[0], type).payload.poll.id;
  }
}

/** Oxford, hard expiry: the agenda, the queue, the floor, polls, questions, contributions, recordings. */
export function oxfordDebate(): Recorder {
  const d = new Recorder('deb_oxford', modalities({ template: 'oxford' }));
  d.lifecycle('announce');
  d.lifecycle('start');
  d.commit([recordingChoiceDraft(true)], people.mod);
  d.commit([recordingStartedDraft({ recordingId: 'rec_1', label: 'program', startedAt: d.now, file: 'recordings/deb/rec_1.webm' })], SYSTEM);

  d.run('floor:grant', {}, people.mod); // opening_for: the guest
  d.advance(15_000);
  d.run('floor:pause', {}, people.mod);
  d.run('floor:resume', {}, people.mod);
  d.run('floor:extend', { seconds: 10 }, people.mod);
  d.advance(40_000); // warnings, then the hard expiry
  d.run('agenda:advance', {}, people.mod); // enters opening_against (no guest)
  d.run('agenda:advance', {}, people.mod); // skips it: closed, rebuttal_for entered

  d.run('queue:raise', { mode: 'oral', group: 'pour' }, people.ana);
  d.run('queue:raise', { mode: 'written' }, people.ben);
  d.run('queue:prioritize', { participantId: 'p_ben' }, people.mod);
  d.run('queue:move', { participantId: 'p_ana', position: 0 }, people.mod);
  d.run('queue:remove', { participantId: 'p_ben' }, people.mod);
  d.run('queue:raise', { mode: 'oral' }, people.ben);
  d.run('queue:lower', {}, people.ben);
  const [anaTurn] = d.run('floor:grant', { participantId: 'p_ana', seconds: 20 }, people.mod);
  d.advance(3000);
  const [spoken] = d.commit(
    [draft('caption:final', { segmentId: 'cap_1', start: d.now - 2500, end: d.now - 500, text: 'my proposal', speakerId: 'p_ana', turnId: ofType(anaTurn, 'floor:granted').payload.turnId, final: true, source: 'engine', engine: 'pocketsphinx/en-us' })],
    SYSTEM,
  );
  d.commit([draft('caption:display', { on: true })], people.mod);
  d.run('floor:end', {}, people.ana);

  const [asked] = d.run('question:ask', { text: 'Quel budget pour les écoles ?' }, people.ana);
  const q = ofType(asked, 'question:asked').payload.question.id;
  d.run('question:approve', { questionId: q }, people.mod);
  d.run('question:upvote', { questionId: q }, people.ben);
  d.run('question:hide', { questionId: q }, people.mod);
  d.run('question:approve', { questionId: q }, people.mod);
  d.run('question:answer', { questionId: q }, people.mod);
  d.run('screen:show-question', { questionId: q }, people.mod);

  const proposal = d.created(d.run('poll:propose', { question: 'Un vote ?', kind: 'single', options: ['Oui', 'Non'] }, people.ana), 'poll:proposed');
  d.run('poll:approve', { pollId: proposal, openNow: true }, people.mod);
  d.closePoll(proposal);
  d.run('screen:hide-poll', { pollId: proposal }, people.mod);
  const rejected = d.created(d.run('poll:propose', { question: 'Autre ?', kind: 'single', options: ['a', 'b'] }, people.ben), 'poll:proposed');
  d.run('poll:reject', { pollId: rejected, reason: 'hors sujet' }, people.mod);
  const scale = d.created(d.run('poll:create', { question: 'Note', kind: 'scale', scaleMax: 5, visibility: 'hidden' }, people.mod), 'poll:created');
  d.run('poll:open', { pollId: scale }, people.mod);
  d.run('poll:create', { question: 'Priorités ?', kind: 'multiple', options: ['A', 'B', 'C'], maxChoices: 2, visibility: 'after_close', openNow: true }, people.mod);

  const [c1] = d.run('contribution:submit', { text: 'Plus de bancs.', group: 'contre' }, people.ben);
  const [c2] = d.run('contribution:submit', { text: 'Un marché.' }, people.ana);
  d.run('contribution:read', { contributionId: ofType(c1, 'contribution:submitted').payload.contribution.id }, people.mod);
  d.run('contribution:dismiss', { contributionId: ofType(c2, 'contribution:submitted').payload.contribution.id }, people.mod);

  d.commit([recordingStoppedDraft({ recordingId: 'rec_1', endedAt: d.now, durationMs: 60_000, sizeBytes: 1234, status: 'complete', reason: 'debate_ended' })], SYSTEM);
  d.commit([recordingChoiceDraft(false)], people.mod);
  // The broadcast's entries (media/broadcast/): a run, a push's states, the moderator's choice.
  d.commit([draft('broadcast:started', { startedAt: d.now, playlist: '/api/debates/deb/hls/index.m3u8' })], SYSTEM);
  d.commit([draft('broadcast:destination', { destinationId: 'dst_1', label: 'PeerTube', state: 'retrying', reason: 'Connection refused (exit code 1)' })], SYSTEM);
  d.commit([draft('broadcast:disabled', {}), draft('broadcast:stopped', { reason: 'moderator', error: null })], people.mod);
  d.commit([draft('broadcast:enabled', {})], people.mod);
  d.lifecycle('end'); // the written turn ends, the open polls close
  d.commit([draft('caption:corrected', { segmentId: 'cap_1', correctsSeq: spoken!.seq, text: 'My proposal.' })], people.mod);
  d.lifecycle('archive');
  return d;
}

/** Free, switched to soft expiry before it starts: overtime, and a turn extended out of it. */
export function softDebate(): Recorder {
  const d = new Recorder('deb_soft');
  d.commit([updateDraft(d.state, { title: 'Budget 2027', modalities: modalities({ turn: { defaultSeconds: 20, warningSeconds: [5], expiry: 'soft' } }) })], {
    kind: 'admin',
  });
  d.lifecycle('announce');
  d.lifecycle('start');
  // Ben asks, leaves for longer than the grace period: "next" passes over him to Ana.
  d.run('queue:raise', { mode: 'oral', group: 'pour' }, people.ben);
  d.run('queue:raise', { mode: 'oral', group: 'contre' }, people.ana);
  d.commit(presenceDrafts(d.state, [{ participantId: people.ben.id, name: people.ben.name, role: 'participant', connected: false }], d.now), SYSTEM);
  d.now += 60_000;
  d.run('floor:grant', {}, people.mod);
  d.advance(30_000);
  d.run('floor:extend', { seconds: 30 }, people.mod);
  d.run('floor:end', {}, people.mod);
  d.lifecycle('end');
  return d;
}

/** Announced, postponed, then cancelled: the debate that never took place. */
export function cancelledDebate(): Recorder {
  const d = new Recorder('deb_cancelled');
  d.commit([scheduleDraft(d.state, { kind: 'postpone', scheduledStart: '2026-12-10T18:30:00+01:00', reason: null }, d.now)], people.mod);
  d.lifecycle('announce');
  d.commit([scheduleDraft(d.state, { kind: 'postpone', scheduledStart: '2026-12-17T18:30:00+01:00', reason: 'Salle indisponible' }, d.now)], people.mod);
  d.commit([scheduleDraft(d.state, { kind: 'cancel', reason: 'Alerte météo' }, d.now)], people.mod);
  return d;
}
