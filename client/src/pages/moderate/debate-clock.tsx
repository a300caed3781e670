// The debate's overall clock for the moderator, beside the floor: elapsed against the
// planned duration, and each side's speaking time against its quota (compact meters;
// the numbers are text too).
import { t } from '../../lib/i18n.ts';
import { formatDuration } from '../../lib/clock.ts';
import { debateClock } from '../../lib/debate-clock.ts';
import { groupTimes } from '../../lib/speaking-time.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { QuotaText } from '../../components/quota-text.tsx';

export function DebateClockPanel(props: { view: DebateView; now: number }) {
  const { view, now } = props;
  const clock = debateClock(view, now);
  const groups = groupTimes(view, now);
  const planned = formatDuration(clock.plannedMs, false);
  return (
    <section class="card debate-clock" aria-labelledby="clock-title">
      <h2 id="clock-title">{t('clock.title')}</h2>
      {clock.started ? (
        <p class="debate-clock__time">
          <meter min={0} max={clock.plannedMs} high={clock.plannedMs * 0.9} optimum={0} value={Math.min(clock.elapsedMs, clock.plannedMs)}
            aria-label={t('clock.title')} />
          <span>{t('clock.elapsed', { elapsed: formatDuration(clock.elapsedMs, false), planned })}</span>
          {clock.overMs > 0 ? <strong class="quota__text--over"> · {t('clock.over', { time: formatDuration(clock.overMs, false) })}</strong> : null}
        </p>
      ) : (
        <p class="muted">{t('clock.notStarted', { planned })}</p>
      )}
      {groups.length > 0 ? (
        <ul class="plain-list side-totals" aria-label={t('clock.sides')}>
          {groups.map((g) => (
            <li key={g.groupId} class="side-totals__row">
              <span class="side-totals__name">{g.name}</span>
              <QuotaText group={g} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
