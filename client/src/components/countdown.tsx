// The speaking-turn countdown, computed from the floor's server timestamps and the
// server clock (never a ticking counter). Its colour follows the debate's warning
// thresholds; the text says paused / overtime too, so colour is never the only cue.
// It is a `timer` (not live): warnings are announced by the LiveRegions instead. The
// deadline and the server time it was computed at are exposed as data attributes, so a
// browser test can check the displayed time against the server's to the millisecond.
import { countdownLevel, floorPaused, floorRemainingMs, formatDuration } from '../lib/clock.ts';
import { t } from '../lib/i18n.ts';
import type { Floor } from '../lib/view-types.ts';

export function Countdown(props: { floor: Floor; now: number; warningSeconds: readonly number[]; size?: 'normal' | 'large' | 'huge' }) {
  const remaining = floorRemainingMs(props.floor, props.now);
  const paused = floorPaused(props.floor);
  const level = countdownLevel(remaining, props.warningSeconds);
  const text = formatDuration(remaining);
  const state = paused ? t('countdown.paused') : remaining <= 0 ? t('countdown.over') : t(`countdown.${level}`);
  return (
    <div
      class={`countdown countdown--${props.size ?? 'normal'} countdown--${level}${paused ? ' countdown--paused' : ''}`}
      data-deadline={props.floor.deadline ?? undefined}
      data-server-now={Math.round(props.now)}
      data-remaining-ms={Math.round(remaining)}
    >
      <span class="countdown__time" role="timer" aria-label={t('countdown.label', { time: text })}>
        {text}
      </span>
      <span class="countdown__state">{state}</span>
    </div>
  );
}
