// The timeline of turns: a track from the start to the end of the debate with one
// marker per turn (a button: it selects the turn's row and seeks the recording to the
// turn's start), and the table of turns with their timing, a "play" button per recorded
// turn, and the turn on screen highlighted while the recording plays.
import { useSignal } from '@preact/signals';
import { formatDuration } from '../../lib/clock.ts';
import { formatTime, t } from '../../lib/i18n.ts';
import { seekTarget } from '../../lib/playback.ts';
import type { DebateReport } from '../../lib/view-types.ts';
import { trackLayout } from '../../lib/archive.ts';
import type { Playback } from './recording-player.tsx';

type Turn = DebateReport['turns'][number];

export function Timeline(props: { report: DebateReport; playback: Playback }) {
  const { report, playback } = props;
  const selected = useSignal<string | null>(null);
  const groups = new Map(report.debate.modalities.groups.map((g) => [g.id, g.name]));
  const layout = trackLayout(report.turns, report.debate.startedAt, report.debate.endedAt);
  const playing = playback.playingTurn.value;
  const open = (turn: Turn, focusRow: boolean) => {
    selected.value = turn.turnId;
    const seeked = playback.seek(turn);
    // With a recording the video takes the focus (its controls); without, the row does.
    if (seeked) playback.video.current?.focus();
    else if (focusRow) document.getElementById(`turn-${turn.turnId}`)?.focus();
  };
  if (report.turns.length === 0) return <p class="muted">{t('report.noTurns')}</p>;
  return (
    <>
      <div class="track" role="group" aria-label={t('report.track')}>
        {layout.map((m, i) => {
          const turn = report.turns[i]!;
          const recorded = seekTarget(turn, playback.playable) !== null;
          return (
            <button
              key={m.turnId}
              type="button"
              class={`track__marker track__marker--${turn.mode}${selected.value === m.turnId ? ' is-selected' : ''}${playing === m.turnId ? ' is-playing' : ''}`}
              style={{ left: `${m.left}%`, width: `${m.width}%` }}
              aria-label={t(recorded ? 'report.markerPlay' : 'report.marker', { name: turn.speaker.name, at: formatDuration(m.offsetMs, false) })}
              data-turn-id={m.turnId}
              onClick={() => open(turn, true)}
            />
          );
        })}
      </div>
      <table class="table">
        <caption class="visually-hidden">{t('report.turnsTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.at')}</th>
            <th scope="col">{t('mod.time.speaker')}</th>
            <th scope="col">{t('mod.time.group')}</th>
            <th scope="col">{t('report.mode')}</th>
            <th scope="col">{t('report.spokenAllotted')}</th>
            <th scope="col">{t('report.end')}</th>
          </tr>
        </thead>
        <tbody>
          {report.turns.map((x, i) => {
            const recorded = seekTarget(x, playback.playable) !== null;
            const classes = [selected.value === x.turnId ? 'is-selected' : '', playing === x.turnId ? 'is-playing' : ''].filter(Boolean).join(' ');
            return (
              <tr key={x.turnId} id={`turn-${x.turnId}`} tabIndex={-1} class={classes || undefined} aria-current={playing === x.turnId ? 'true' : undefined}>
                <td>
                  {formatDuration(layout[i]!.offsetMs, false)} <span class="muted">({formatTime(x.startedAt)})</span>
                  {recorded ? (
                    <button type="button" class="button button--small turn-play" onClick={() => open(x, false)}>
                      {t('report.rec.play')}
                      <span class="visually-hidden"> {t('report.rec.playTurn', { name: x.speaker.name })}</span>
                    </button>
                  ) : null}
                </td>
                <th scope="row">{x.speaker.name}</th>
                <td>{x.speaker.group ? (groups.get(x.speaker.group) ?? x.speaker.group) : '—'}</td>
                <td>{t(x.mode === 'oral' ? 'mode.oral' : 'mode.written')}</td>
                <td>
                  {formatDuration(x.spokenMs, false)} / {formatDuration(x.allottedMs)}
                  {x.overtimeMs > 0 ? ` (+${formatDuration(x.overtimeMs, false)})` : ''}
                </td>
                <td>{t(`report.endReason.${x.endReason}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
