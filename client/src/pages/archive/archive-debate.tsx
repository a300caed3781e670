// One debate in the archive /archive/:debateId, from GET /api/debates/:id/report: the
// recording player and the timeline of turns (a turn seeks the player to it) beside
// speaking time per speaker and per group, poll results, questions, contributions read
// out, and exports (JSON, CSV) with the head hash that anchors the tamper-evident log.
import { download } from '../../lib/api.ts';
import { useSignal } from '@preact/signals';
import { CSV_FORMATS, type CsvFormat } from '../../lib/csv-format.ts';
import { formatDateTime, lang, t } from '../../lib/i18n.ts';
import { csvDownloadBody, reportCsvFiles, reportJson } from '../../lib/report-export.ts';
import type { DebateReport } from '../../lib/view-types.ts';
import { AppShell } from '../../components/app-shell.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { PollResults } from '../../components/poll-results.tsx';
import { useApi } from '../../components/use-api.ts';
import { SpeakingCharts } from './charts.tsx';
import { RecordingPlayer, usePlayback } from './recording-player.tsx';
import { Timeline } from './timeline.tsx';
import { Transcript } from './transcript.tsx';

const CSV_KEYS = {
  turns: 'report.csv.turns',
  'speaking-time': 'report.csv.speakingTime',
  polls: 'report.csv.polls',
  questions: 'report.csv.questions',
  contributions: 'report.csv.contributions',
  transcript: 'report.csv.transcript',
} as const;

/** `<id>-speaking-time.csv` → "Temps de parole (CSV)"; the file keeps its name. */
function csvLabel(filename: string): string {
  const kind = Object.keys(CSV_KEYS).find((k) => filename.endsWith(`-${k}.csv`)) as keyof typeof CSV_KEYS | undefined;
  return kind ? t(CSV_KEYS[kind]) : t('report.exportCsv', { name: filename });
}

function Exports(props: { report: DebateReport }) {
  // The French dialect in the French interface, the international one in English; the
  // person may pick the other (an English speaker with a French spreadsheet, say).
  const chosen = useSignal<CsvFormat | null>(null);
  const format = chosen.value ?? (lang.value === 'fr' ? 'fr' : 'en');
  const files = reportCsvFiles(props.report, format);
  return (
    <section class="card" aria-labelledby="export-title">
      <h2 id="export-title">{t('report.export')}</h2>
      <p>
        <label for="csv-format">{t('report.csvFormat')}</label>{' '}
        <select id="csv-format" value={format} onChange={(e) => (chosen.value = e.currentTarget.value as CsvFormat)}>
          {CSV_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`report.csvFormat.${f}`)}
            </option>
          ))}
        </select>
      </p>
      <div class="button-row">
        <button type="button" class="button" onClick={() => download(`${props.report.debate.id}-report.json`, reportJson(props.report), 'application/json')}>
          {t('report.exportJson')}
        </button>
        {Object.entries(files).map(([name, csv]) => (
          <button key={name} type="button" class="button" onClick={() => download(name, csvDownloadBody(csv, format), 'text/csv;charset=utf-8')}>
            {csvLabel(name)}
          </button>
        ))}
      </div>
      <p class="muted small">{t('report.hash', { hash: props.report.headHash, count: props.report.eventCount })}</p>
    </section>
  );
}

function Report(props: { report: DebateReport }) {
  const { report } = props;
  const questions = [...report.questions].sort((a, b) => b.upvotes - a.upvotes);
  const playback = usePlayback(report);
  return (
    <div class="stack">
      <header>
        <h1>{report.debate.title}</h1>
        <p class="muted">
          <span class={`status status--${report.debate.status}`}>{t(`status.${report.debate.status}`)}</span>
          {report.debate.startedAt ? ` · ${formatDateTime(report.debate.startedAt)}` : ` · ${formatDateTime(report.debate.modalities.scheduledStart)}`}
        </p>
        {report.debate.status === 'scheduled' || report.debate.status === 'cancelled' ? (
          // Nothing to read yet (or ever): the debate's own page says when, where and why.
          <p>
            <a href={`/d/${report.debate.id}`}>{t('report.toDebatePage')}</a>
          </p>
        ) : null}
      </header>
      <div class="archive-layout">
        <div class="archive-layout__main">
          <RecordingPlayer report={report} playback={playback} />
          <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('report.timeline')}</h2>
            <Timeline report={report} playback={playback} />
          </section>
          <section class="card" aria-labelledby="transcript-title">
            <h2 id="transcript-title">{t('archive.transcript.title')}</h2>
            <Transcript report={report} playback={playback} />
          </section>
        </div>
        <div class="archive-layout__side">
          <section class="card" aria-labelledby="time-title">
            <h2 id="time-title">{t('mod.time.title')}</h2>
            <SpeakingCharts report={report} />
          </section>
          <section class="card" aria-labelledby="polls-title">
            <h2 id="polls-title">{t('vote.title')}</h2>
            {report.polls.length === 0 ? <p class="muted">{t('report.noPolls')}</p> : null}
            {report.polls.map((p) => (
              <article key={p.id} class="poll">
                <h3>{p.question}</h3>
                <PollResults poll={{ kind: p.kind, options: p.options, scaleMax: null, results: p.results }} />
              </article>
            ))}
          </section>
          <section class="card" aria-labelledby="q-title">
            <h2 id="q-title">{t('questions.title')}</h2>
            {questions.length === 0 ? <p class="muted">{t('questions.none')}</p> : null}
            <ul class="question-list">
              {questions.map((q) => (
                <li key={q.id} class="question">
                  <p class="question__text">{q.text}</p>
                  <p class="question__meta">
                    {t('questions.by', { name: q.authorName })} · {t('questions.upvotes', { count: q.upvotes })}
                    {q.status === 'answered' ? ` · ${t('questions.answered')}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section class="card" aria-labelledby="c-title">
            <h2 id="c-title">{t('contrib.title')}</h2>
            {report.contributions.length === 0 ? <p class="muted">{t('report.noContributions')}</p> : null}
            <ul class="plain-list">
              {report.contributions.map((c) => (
                <li key={c.id}>
                  <p>{c.text}</p>
                  <p class="muted">{t('questions.by', { name: c.authorName })}</p>
                </li>
              ))}
            </ul>
          </section>
          <Exports report={report} />
        </div>
      </div>
    </div>
  );
}

export function ArchiveDebate(props: { debateId: string }) {
  const { result } = useApi<DebateReport>(`/api/debates/${props.debateId}/report`);
  const loaded = result.value;
  return (
    <AppShell title={loaded.state === 'ok' ? loaded.data.debate.title : t('archive.title')} subtitle={t('archive.title')} wide>
      <p>
        <a href="/archive">{t('common.backToList')}</a>
      </p>
      {loaded.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {loaded.state === 'error' ? <LoadError code={loaded.error.code} /> : null}
      {loaded.state === 'ok' ? <Report report={loaded.data} /> : null}
    </AppShell>
  );
}
