// The floor: who speaks, the big countdown, and the moderator's controls — give the
// floor to the next one with a length, pause / resume, extend, end.
import { useSignal, type Signal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { floorPaused, floorSpokenMs, formatDuration } from '../../lib/clock.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { Countdown } from '../../components/countdown.tsx';

/**
 * The turn length typed by the moderator, shared by "give the floor to the next one" and
 * the queue's per-person buttons (null: the debate's default, until edited).
 */
export type GrantLength = Signal<string | null>;

/** `{ seconds }` for floor:grant, or nothing (the server applies the default). */
export function grantSeconds(length: GrantLength): { seconds?: number } {
  const n = Number.parseInt(length.value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? { seconds: n } : {};
}

export function FloorPanel(props: { live: LiveDebate; view: DebateView; now: number; length: GrantLength }) {
  const { live, view } = props;
  const cmd = useCommand();
  const seconds = props.length;
  const extendBy = useSignal('30');
  const floor = view.turns.floor;
  const isLive = view.debate.status === 'live';
  const send = cmd.run;
  return (
    <section class="card" aria-labelledby="floor-title">
      <h2 id="floor-title">{t('mod.floor.title')}</h2>
      {floor ? (
        <>
          <p class="speaker__name">
            {floor.name}
            {floor.group ? <span class="speaker__group"> · {groupName(view, floor.group)}</span> : null}
            <span class="tag">{t(floor.mode === 'oral' ? 'mode.oral' : 'mode.written')}</span>
          </p>
          <Countdown floor={floor} now={props.now} warningSeconds={view.debate.modalities.turn.warningSeconds} size="large" />
          <p class="muted">
            {t('mod.floor.spoken', { spoken: formatDuration(floorSpokenMs(floor, props.now), false), allotted: formatDuration(floor.allottedMs) })}
          </p>
          <div class="button-row">
            {floorPaused(floor) ? (
              <button type="button" class="button button--primary" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('floor:resume', {}))}>
                {t('mod.floor.resume')}
              </button>
            ) : (
              <button type="button" class="button" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('floor:pause', {}))}>
                {t('mod.floor.pause')}
              </button>
            )}
            <button type="button" class="button button--danger" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('floor:end', {}))}>
              {t('mod.floor.end')}
            </button>
          </div>
          <form
            class="inline-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              void send(() => live.conn.send('floor:extend', { seconds: Number.parseInt(extendBy.value, 10) }));
            }}
          >
            <label for="extend-seconds">{t('mod.floor.extendBy')}</label>
            <input id="extend-seconds" type="number" min={1} max={3600} required value={extendBy.value} onInput={(e) => (extendBy.value = e.currentTarget.value)} />
            <button type="submit" class="button" disabled={cmd.busy.value}>
              {t('mod.floor.extend')}
            </button>
          </form>
        </>
      ) : (
        <>
          <p class="muted">{t('floor.nobody')}</p>
          <form
            class="inline-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              void send(() => live.conn.send('floor:grant', grantSeconds(seconds)));
            }}
          >
            <label for="grant-seconds">{t('mod.floor.seconds')}</label>
            <input id="grant-seconds" type="number" min={1} max={3600} value={seconds.value ?? String(view.debate.modalities.turn.defaultSeconds)} onInput={(e) => (seconds.value = e.currentTarget.value)} />
            <button type="submit" class="button button--primary" disabled={cmd.busy.value || !isLive}>
              {t('mod.floor.grantNext')}
            </button>
          </form>
        </>
      )}
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
