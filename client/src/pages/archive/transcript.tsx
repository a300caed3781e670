// The transcript of an archived debate, turn by turn (the report's `transcript`): the
// speaker, their side, the time and the text of each reference segment (a human
// captioner's where there was one, else the engine's, marked), corrections applied and
// said so. A segment's time is a button that seeks the recording to it. The organizer
// (signed in on this tab) corrects a segment once the debate is over: a new
// caption:corrected event, the original kept in the log.
import { useSignal } from '@preact/signals';
import { loadAdminToken } from '../../lib/admin-api.ts';
import { api } from '../../lib/api.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { formatTime, t } from '../../lib/i18n.ts';
import type { DebateReport } from '../../lib/view-types.ts';
import type { Playback } from './recording-player.tsx';

type Segment = NonNullable<DebateReport['transcript']>[number];

/** The organizer's correction of one segment (POST …/corrections); the shown text follows. */
function Correct(props: { debateId: string; token: string; segment: Segment; onDone: (text: string) => void }) {
  const editing = useSignal(false);
  const text = useSignal(props.segment.text);
  const cmd = useCommand();
  if (!editing.value) {
    return (
      <button type="button" class="link-button small" onClick={() => (editing.value = true)}>
        {t('archive.transcript.correct')}
      </button>
    );
  }
  const save = async (e: Event) => {
    e.preventDefault();
    const ack = await cmd.run(() =>
      api('POST', `/api/debates/${props.debateId}/captions/${props.segment.segmentId}/corrections`, { token: props.token, body: { text: text.value } }),
    );
    if (!ack.ok) return;
    props.onDone(text.value.trim());
    editing.value = false;
  };
  return (
    <form class="transcript__correct" onSubmit={save}>
      <label>
        {t('archive.transcript.correctLabel')}{' '}
        <input class="input" value={text.value} maxLength={2000} onInput={(e) => (text.value = e.currentTarget.value)} />
      </label>{' '}
      <button type="submit" class="button" disabled={cmd.busy.value}>
        {t('archive.transcript.save')}
      </button>
      <ErrorText error={cmd.error.value} />
    </form>
  );
}

export function Transcript(props: { report: DebateReport; playback: Playback }) {
  const fixed = useSignal<Record<string, string>>({});
  const token = loadAdminToken();
  const over = props.report.debate.status === 'ended' || props.report.debate.status === 'archived';
  const segments = (props.report.transcript ?? [])
    .filter((s) => s.reference)
    .map((s) => (fixed.value[s.segmentId] === undefined ? s : { ...s, original: s.original ?? s.text, text: fixed.value[s.segmentId]! }));
  if (segments.length === 0) return <p class="muted">{t('archive.transcript.none')}</p>;
  // Consecutive segments of one turn form one block.
  const blocks: Segment[][] = [];
  for (const s of segments) {
    const last = blocks.at(-1);
    if (last && last[0]!.turnId === s.turnId) last.push(s);
    else blocks.push([s]);
  }
  const recorded = props.playback.playable.length > 0;
  const groups = props.report.debate.modalities.groups;
  return (
    <div class="transcript">
      {blocks.map((b) => (
        <article key={b[0]!.segmentId} class="transcript__turn" aria-label={b[0]!.speakerName ?? undefined}>
          <h3 class="transcript__speaker">
            {b[0]!.speakerName ?? '—'}
            {b[0]!.group ? <span class="speaker__group"> · {groups.find((g) => g.id === b[0]!.group)?.name ?? b[0]!.group}</span> : null}
          </h3>
          {b.map((s) => (
            <p key={s.segmentId} class="transcript__segment" data-segment={s.segmentId}>
              {recorded ? (
                <button type="button" class="link-button transcript__time" aria-label={t('archive.transcript.seek', { time: formatTime(s.start) })} onClick={() => props.playback.seekAt(s.start)}>
                  {formatTime(s.start)}
                </button>
              ) : (
                <span class="transcript__time">{formatTime(s.start)}</span>
              )}{' '}
              <span>{s.text}</span>
              {s.source === 'engine' ? <span class="muted small"> ({t('archive.transcript.auto')})</span> : null}
              {s.original !== null ? <span class="muted small"> ({t('archive.transcript.corrected')})</span> : null}
              {token && over ? (
                <>
                  {' '}
                  <Correct debateId={props.report.debate.id} token={token} segment={s} onDone={(text) => (fixed.value = { ...fixed.value, [s.segmentId]: text })} />
                </>
              ) : null}
            </p>
          ))}
        </article>
      ))}
    </div>
  );
}
