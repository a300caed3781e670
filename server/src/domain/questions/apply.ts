// The fold of question and contribution events into state.questions. Deterministic:
// it reads only the event (its payload and `at`) and the state, never a clock. An event
// naming an unknown question or contribution is a no-op.
import type { DebateState } from '../state.ts';
import type { DebateEvent } from '../types.ts';
import type { QuestionModerated, QuestionsEventPayloads, QuestionsEventType } from './events.ts';
import type { Contribution, Question, QuestionsState, QuestionStatus } from './state.ts';

type Folder<T extends QuestionsEventType> = (s: QuestionsState, p: QuestionsEventPayloads[T], at: number) => void;

function question(s: QuestionsState, id: string): Question | undefined {
  return Object.hasOwn(s.questions, id) ? s.questions[id] : undefined;
}

function contribution(s: QuestionsState, id: string): Contribution | undefined {
  return Object.hasOwn(s.contributions, id) ? s.contributions[id] : undefined;
}

function setStatus(status: QuestionStatus) {
  return (s: QuestionsState, p: QuestionModerated): void => {
    const q = question(s, p.questionId);
    if (!q) return;
    q.status = status;
    if (status === 'answered') q.answeredAt = p.at;
  };
}

const FOLDERS: { [T in QuestionsEventType]: Folder<T> } = {
  'question:asked': (s, p) => {
    if (question(s, p.question.id)) return;
    // A copy: the event payload is also broadcast and must not alias the live state.
    s.questions[p.question.id] = structuredClone(p.question);
    s.questionOrder.push(p.question.id);
  },
  'question:upvoted': (s, p) => {
    const q = question(s, p.questionId);
    if (!q) return;
    if (!q.voters.includes(p.participantId)) q.voters.push(p.participantId);
    q.upvotes = p.upvotes;
  },
  'question:approved': setStatus('approved'),
  'question:hidden': setStatus('hidden'),
  'question:answered': setStatus('answered'),
  'contribution:submitted': (s, p) => {
    if (contribution(s, p.contribution.id)) return;
    s.contributions[p.contribution.id] = structuredClone(p.contribution);
    s.contributionOrder.push(p.contribution.id);
  },
  'contribution:read': (s, p, at) => {
    const c = contribution(s, p.contributionId);
    if (!c) return;
    c.status = 'read';
    c.readAt = at;
    c.turnId = p.turnId;
  },
  'contribution:dismissed': (s, p) => {
    const c = contribution(s, p.contributionId);
    if (c) c.status = 'dismissed';
  },
};

export function applyQuestions(state: DebateState, event: DebateEvent): void {
  if (!Object.hasOwn(FOLDERS, event.type)) return;
  const fold = FOLDERS[event.type as QuestionsEventType] as Folder<QuestionsEventType>;
  fold(state.questions, event.payload as never, event.at);
}
