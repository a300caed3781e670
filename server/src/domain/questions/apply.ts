// The fold of question and contribution events into state.questions. Deterministic:
// it reads only the event (its payload and `at`) and the state, never a clock. An event
// naming an unknown question or contribution is a no-op.
import type { DebateState } from '../state.ts';
import type { DebateEvent } from '../types.ts';
import type { Contribution, Question, QuestionsState } from './state.ts';

function question(s: QuestionsState, id: string): Question | undefined {
  return Object.hasOwn(s.questions, id) ? s.questions[id] : undefined;
}

function contribution(s: QuestionsState, id: string): Contribution | undefined {
  return Object.hasOwn(s.contributions, id) ? s.contributions[id] : undefined;
}

export function applyQuestions(state: DebateState, event: DebateEvent): void {
  const s = state.questions;
  switch (event.type) {
    case 'question:asked': {
      const q = event.payload.question;
      if (question(s, q.id)) return;
      // A copy: the event payload is also broadcast and must not alias the live state.
      s.questions[q.id] = structuredClone(q);
      s.questionOrder.push(q.id);
      return;
    }
    case 'question:upvoted': {
      const q = question(s, event.payload.questionId);
      if (!q) return;
      if (!q.voters.includes(event.payload.participantId)) q.voters.push(event.payload.participantId);
      q.upvotes = event.payload.upvotes;
      return;
    }
    case 'question:approved':
    case 'question:hidden':
    case 'question:answered': {
      const q = question(s, event.payload.questionId);
      if (!q) return;
      q.status = MODERATED_STATUS[event.type];
      if (q.status === 'answered') q.answeredAt = event.payload.at;
      return;
    }
    case 'contribution:submitted': {
      const c = event.payload.contribution;
      if (contribution(s, c.id)) return;
      s.contributions[c.id] = structuredClone(c);
      s.contributionOrder.push(c.id);
      return;
    }
    case 'contribution:read': {
      const c = contribution(s, event.payload.contributionId);
      if (!c) return;
      c.status = 'read';
      c.readAt = event.at;
      c.turnId = event.payload.turnId;
      return;
    }
    case 'contribution:dismissed': {
      const c = contribution(s, event.payload.contributionId);
      if (c) c.status = 'dismissed';
      return;
    }
    default:
      return;
  }
}

const MODERATED_STATUS = {
  'question:approved': 'approved',
  'question:hidden': 'hidden',
  'question:answered': 'answered',
} as const;
