// The timeline of turns: a track from the start to the end of the debate with one
// marker per turn (a button: it selects the turn's row, and will seek the recording
// once media lands), and the table of turns with their timing.
import { useSignal } from '@preact/signals';
import { formatDuration } from '../../lib/clock.ts';
import { formatTime, t } from '../../lib/i18n.ts';
import type { DebateReport } from '../../lib/view-types.ts';
import { trackLayout } from '../../lib/archive.ts';

export function Timeline(props: { report: DebateReport }) {
  const { report } = props;
  const selected = useSignal<string | null>(null);
  const groups = new Map(report.debate.modalities.groups.map((g) => [g.id, g.name]));
  const layout = trackLayout(report.turns, report.debate.startedAt, report.debate.endedAt);
  const select = (turnId: string) => {
    selected.value = turnId;
    document.getElementById(`turn-${turnId}`)?.focus();
  };
  if (report.turns.length === 0) return <p class="muted">{t('report.noTurns')}</p>;
  return (
    <>
      <div class="track" role="group" aria-label={t('report.track')}>
        {layout.map((m, i) => {
          const turn = report.turns[i]!;
          return (
            <button
              key={m.turnId}
              type="button"
              class={`track__marker track__marker--${turn.mode}${selected.value === m.turnId ? ' is-selected' : ''}`}
              style={{ left: `${m.left}%`, width: `${m.width}%` }}
              aria-label={t('report.marker', { name: turn.speaker.name, at: formatDuration(m.offsetMs, false) })}
              onClick={() => select(m.turnId)}
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
          {report.turns.map((x, i) => (
            <tr key={x.turnId} id={`turn-${x.turnId}`} tabIndex={-1} class={selected.value === x.turnId ? 'is-selected' : ''}>
              <td>
                {formatDuration(layout[i]!.offsetMs, false)} <span class="muted">({formatTime(x.startedAt)})</span>
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
          ))}
        </tbody>
      </table>
    </>
  );
}
