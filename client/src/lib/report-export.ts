// Exports of a debate report (the doléances archive): the report as JSON, and one CSV
// per table (turns, speaking time, polls, questions, contributions). CSV per RFC 4180
// (comma, CRLF, quotes doubled); cells a spreadsheet would run as a formula are
// neutralised, since the texts come from the public.
import type { DebateReport } from './view-types.ts';

type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: readonly string[], rows: readonly Cell[][]): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

export function reportCsvFiles(report: DebateReport): Record<string, string> {
  const id = report.debate.id;
  const groups = new Map(report.debate.modalities.groups.map((g) => [g.id, g.name]));
  const group = (g: string | null) => (g === null ? null : (groups.get(g) ?? g));
  return {
    [`${id}-turns.csv`]: toCsv(
      ['turn_id', 'speaker', 'role', 'group', 'mode', 'started_at', 'ended_at', 'allotted_s', 'spoken_s', 'overtime_s', 'end_reason'],
      report.turns.map((x) => [
        x.turnId,
        x.speaker.name,
        x.speaker.role,
        group(x.speaker.group),
        x.mode,
        iso(x.startedAt),
        iso(x.endedAt),
        seconds(x.allottedMs),
        seconds(x.spokenMs),
        seconds(x.overtimeMs),
        x.endReason,
      ]),
    ),
    [`${id}-speaking-time.csv`]: toCsv(
      ['kind', 'id', 'name', 'group', 'spoken_s', 'turns', 'quota_s', 'remaining_s'],
      [
        ...report.speakingTime.perSpeaker.map((s) => ['speaker', s.participantId, s.name, group(s.group), seconds(s.spokenMs), s.turns, null, null]),
        ...report.speakingTime.perGroup.map((g) => ['group', g.groupId, g.name, null, seconds(g.spokenMs), null, seconds(g.quotaMs), seconds(g.remainingMs)]),
      ],
    ),
    [`${id}-polls.csv`]: toCsv(
      ['poll_id', 'question', 'kind', 'status', 'visibility', 'option', 'count', 'total_ballots'],
      report.polls.flatMap((p) => {
        const labels = p.kind === 'scale' ? (p.results?.counts.map((_, i) => String(i + 1)) ?? []) : p.options;
        if (labels.length === 0) return [[p.id, p.question, p.kind, p.status, p.visibility, null, null, p.totalBallots]];
        return labels.map((label, i) => [p.id, p.question, p.kind, p.status, p.visibility, label, p.results?.counts[i] ?? null, p.totalBallots]);
      }),
    ),
    [`${id}-questions.csv`]: toCsv(
      ['question_id', 'text', 'author', 'status', 'upvotes'],
      report.questions.map((q) => [q.id, q.text, q.authorName, q.status, q.upvotes]),
    ),
    [`${id}-contributions.csv`]: toCsv(
      ['contribution_id', 'text', 'author', 'status', 'read_at'],
      report.contributions.map((c) => [c.id, c.text, c.authorName, c.status, iso(c.readAt)]),
    ),
  };
}

export function reportJson(report: DebateReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
