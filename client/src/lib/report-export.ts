// Exports of a debate report (the doléances archive): the report as JSON, and one CSV
// per table (turns, speaking time, polls, questions, contributions), in either dialect of
// csv-format.ts: French (the default of the French interface) or international.
import { DIALECTS, toCsv, type Cell, type CsvFormat } from './csv-format.ts';
import type { DebateReport } from './view-types.ts';

export { csvCell, toCsv } from './csv-format.ts';

/** The headers of each table: French ones, and the snake_case ones of the 'en' dialect. */
const HEADERS = {
  turns: {
    en: ['turn_id', 'speaker', 'role', 'group', 'mode', 'started_at', 'ended_at', 'allotted_s', 'spoken_s', 'overtime_s', 'end_reason'],
    fr: ['Tour', 'Intervenant·e', 'Rôle', 'Camp', 'Mode', 'Début', 'Fin', 'Temps accordé (s)', 'Temps de parole (s)', 'Dépassement (s)', 'Fin du tour'],
  },
  speakingTime: {
    en: ['kind', 'id', 'name', 'group', 'spoken_s', 'turns', 'quota_s', 'remaining_s'],
    fr: ['Type', 'Identifiant', 'Nom', 'Camp', 'Temps de parole (s)', 'Tours', 'Quota (s)', 'Reste (s)'],
  },
  polls: {
    en: ['poll_id', 'question', 'kind', 'status', 'visibility', 'option', 'count', 'total_ballots'],
    fr: ['Sondage', 'Question', 'Type', 'État', 'Résultats visibles', 'Réponse', 'Voix', 'Bulletins'],
  },
  questions: {
    en: ['question_id', 'text', 'author', 'status', 'upvotes'],
    fr: ['Question', 'Texte', 'Auteur·rice', 'État', 'Soutiens'],
  },
  transcript: {
    en: ['segment_id', 'turn_id', 'speaker', 'group', 'start', 'end', 'text', 'source', 'reference', 'original_text'],
    fr: ['Segment', 'Tour', 'Intervenant·e', 'Camp', 'Début', 'Fin', 'Texte', 'Source', 'Référence', 'Texte d’origine'],
  },
  contributions: {
    en: ['contribution_id', 'text', 'author', 'status', 'read_at'],
    fr: ['Contribution', 'Texte', 'Auteur·rice', 'État', 'Lue le'],
  },
} as const;

const at = (ms: number | null): Cell => ({ at: ms });
const seconds = (ms: number | null): Cell => ({ seconds: ms === null ? null : Math.round(ms / 100) / 10 });
const code = (c: string | null): Cell => (c === null ? null : { code: c });

/** Every CSV file of the report, by file name, in the dialect `format` (French by default). */
export function reportCsvFiles(report: DebateReport, format: CsvFormat = 'fr'): Record<string, string> {
  const id = report.debate.id;
  const dialect = DIALECTS[format];
  const groups = new Map(report.debate.modalities.groups.map((g) => [g.id, g.name]));
  const group = (g: string | null) => (g === null ? null : (groups.get(g) ?? g));
  const csv = (table: keyof typeof HEADERS, rows: Cell[][]) => toCsv(HEADERS[table][format], rows, dialect);
  return {
    [`${id}-turns.csv`]: csv(
      'turns',
      report.turns.map((x) => [
        x.turnId,
        x.speaker.name,
        code(x.speaker.role),
        group(x.speaker.group),
        code(x.mode),
        at(x.startedAt),
        at(x.endedAt),
        seconds(x.allottedMs),
        seconds(x.spokenMs),
        seconds(x.overtimeMs),
        code(x.endReason),
      ]),
    ),
    [`${id}-speaking-time.csv`]: csv('speakingTime', [
      ...report.speakingTime.perSpeaker.map((s) => [code('speaker'), s.participantId, s.name, group(s.group), seconds(s.spokenMs), s.turns, null, null]),
      ...report.speakingTime.perGroup.map((g) => [code('group'), g.groupId, g.name, null, seconds(g.spokenMs), null, seconds(g.quotaMs), seconds(g.remainingMs)]),
    ]),
    [`${id}-polls.csv`]: csv(
      'polls',
      report.polls.flatMap((p) => {
        const head: Cell[] = [p.id, p.question, code(p.kind), code(p.status), code(p.visibility)];
        const labels = p.kind === 'scale' ? (p.results?.counts.map((_, i) => String(i + 1)) ?? []) : p.options;
        if (labels.length === 0) return [[...head, null, null, p.totalBallots]];
        return labels.map((label, i) => [...head, label, p.results?.counts[i] ?? null, p.totalBallots]);
      }),
    ),
    [`${id}-questions.csv`]: csv(
      'questions',
      report.questions.map((q) => [q.id, q.text, q.authorName, code(q.status), q.upvotes]),
    ),
    [`${id}-contributions.csv`]: csv(
      'contributions',
      report.contributions.map((c) => [c.id, c.text, c.authorName, code(c.status), at(c.readAt)]),
    ),
    [`${id}-transcript.csv`]: csv(
      'transcript',
      (report.transcript ?? []).map((s) => [s.segmentId, s.turnId, s.speakerName, group(s.group), at(s.start), at(s.end), s.text, code(s.source), s.reference ? 1 : 0, s.original]),
    ),
  };
}

/** What a download writes: the BOM of the dialect, then the file. */
export function csvDownloadBody(csv: string, format: CsvFormat): string {
  return `${DIALECTS[format].bom}${csv}`;
}

export function reportJson(report: DebateReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
