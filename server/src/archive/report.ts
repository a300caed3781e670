// The debate report (the doléances archive's summary): turns with their timing (and their
// place in the recordings), speaking time per speaker and per group, polls with results,
// questions and contributions, the recordings.
// Pure over the debate state: what a viewer may see is decided by the domain's own views
// (viewPolls, viewQuestions), so the report never shows more than the live debate did.
import type { DebateState, Viewer } from '../domain/state.ts';
import { viewPolls, type PollResults } from '../domain/polls/index.ts';
import { viewQuestions } from '../domain/questions/index.ts';
import type { DebateReport } from '../protocol/rest.ts';
import type { RecordingDto } from '../protocol/recordings.ts';
import { publicModalities } from '../access/visibility.ts';
import { turnRecording } from './recording-view.ts';

export function buildReport(
  state: DebateState,
  viewer: Viewer,
  tallies: Record<string, PollResults>,
  recordings: readonly RecordingDto[] = [],
): DebateReport {
  const finished = state.turns.turns;

  const perSpeaker = new Map<string, DebateReport['speakingTime']['perSpeaker'][number]>();
  for (const t of finished) {
    const s = perSpeaker.get(t.participantId) ?? {
      participantId: t.participantId,
      name: t.name,
      group: t.group,
      spokenMs: 0,
      turns: 0,
    };
    s.spokenMs += t.spokenMs;
    s.turns += 1;
    perSpeaker.set(t.participantId, s);
  }

  const perGroup = state.modalities.groups.map((g) => {
    const spokenMs = state.turns.groupSpokenMs[g.id] ?? 0;
    const quotaMs = g.quotaSeconds === null ? null : g.quotaSeconds * 1000;
    return { groupId: g.id, name: g.name, spokenMs, quotaMs, remainingMs: quotaMs === null ? null : quotaMs - spokenMs };
  });

  const polls = viewPolls(state, viewer, tallies, {}).polls.map((p) => ({
    id: p.id,
    question: p.question,
    kind: p.kind,
    options: p.options,
    status: p.status,
    visibility: p.visibility,
    results: p.results,
    totalBallots: p.results?.totalBallots ?? null,
  }));

  const board = viewQuestions(state, viewer);

  return {
    debate: {
      id: state.debateId,
      title: state.title,
      status: state.status,
      // The access code is a door key, not part of the record, whoever asks.
      modalities: publicModalities(state.modalities, false),
      startedAt: state.startedAt,
      endedAt: state.endedAt,
    },
    turns: finished.map((t) => ({
      turnId: t.turnId,
      speaker: { participantId: t.participantId, name: t.name, role: t.role, group: t.group },
      mode: t.mode,
      startedAt: t.startedAt,
      endedAt: t.endedAt,
      allottedMs: t.allottedMs,
      spokenMs: t.spokenMs,
      overtimeMs: t.overtimeMs,
      endReason: t.endReason,
      recording: turnRecording(t, recordings),
    })),
    speakingTime: {
      perSpeaker: [...perSpeaker.values()].sort((a, b) => b.spokenMs - a.spokenMs),
      perGroup,
    },
    polls,
    questions: board.questions.map((q) => ({
      id: q.id,
      text: q.text,
      authorName: q.authorName,
      status: q.status,
      upvotes: q.upvotes,
    })),
    contributions: board.contributions.map((c) => ({
      id: c.id,
      text: c.text,
      authorName: c.authorName,
      status: c.status,
      readAt: c.readAt,
    })),
    recordings: [...recordings],
    headHash: state.headHash,
    eventCount: state.seq,
  };
}
