// The floor: who speaks (and, for a written turn, the text to read out), the big
// countdown, and the moderator's controls — give the floor to the next one with a length,
// pause / resume, extend (saying when the group's quota capped it, with the override),
// end — with keyboard shortcuts. Always in view on the console (see moderate-page.tsx).
import { useSignal, type Signal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { floorPaused, floorRemainingMs, floorSpokenMs, formatDuration } from '../../lib/clock.ts';
import { affiliationOf } from '../../lib/guests.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { DebateView, Floor } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { Countdown } from '../../components/countdown.tsx';
import { ShortcutsHint, useFloorShortcuts } from './shortcuts.tsx';

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

/** The last extension asked for, to say afterwards what the server did with it. */
interface Asked {
  turnId: string;
  seconds: number;
  allottedBefore: number;
  override: boolean;
}

/** The text of the written contribution being read out, if this turn is one. */
function ContributionText(props: { view: DebateView; floor: Floor }) {
  const id = props.floor.contributionId;
  const c = id ? props.view.questions.contributions.find((x) => x.id === id) : undefined;
  if (!c) return null;
  return (
    <figure class="read-out">
      <figcaption>{t('mod.floor.contribution')}</figcaption>
      <blockquote class="read-out__text" lang="fr">{c.text}</blockquote>
    </figure>
  );
}

function ExtensionOutcome(props: { view: DebateView; floor: Floor; now: number; asked: Asked | null; onOverride: (seconds: number) => void; busy: boolean; exhausted: boolean }) {
  const { floor, asked, view } = props;
  const group = groupName(view, floor.group) ?? '';
  const remaining = floorRemainingMs(floor, props.now);
  const mine = asked && asked.turnId === floor.turnId ? asked : null;
  const added = mine ? Math.round((floor.allottedMs - mine.allottedBefore) / 1000) : 0;
  const capped = mine !== null && !mine.override && floor.allottedMs > mine.allottedBefore && added < mine.seconds;
  const missing = mine ? mine.seconds - (capped ? added : 0) : 0;
  if (!mine && !props.exhausted) return null;
  return (
    <div class="extension" role="status">
      {props.exhausted ? <p class="extension__why">{t('mod.extend.exhausted', { group })}</p> : null}
      {capped ? <p class="extension__why">{t('mod.extend.capped', { added, requested: mine!.seconds, group })}</p> : null}
      {mine?.override && floor.allottedMs > mine.allottedBefore ? <p>{t('mod.extend.overridden', { seconds: added, group })}</p> : null}
      {mine && remaining < 0 ? <p class="extension__over">{t('mod.extend.stillOver', { time: formatDuration(-remaining, false) })}</p> : null}
      {(capped || props.exhausted) && missing > 0 ? (
        <p>
          <button type="button" class="button button--warning" disabled={props.busy} onClick={() => props.onOverride(missing)}>
            {t('mod.extend.override', { seconds: missing })}
          </button>{' '}
          <span class="muted">{t('mod.extend.overrideHelp')}</span>
        </p>
      ) : null}
    </div>
  );
}

export function FloorPanel(props: { live: LiveDebate; view: DebateView; now: number; length: GrantLength }) {
  const { live, view } = props;
  const cmd = useCommand();
  const seconds = props.length;
  const extendBy = useSignal('30');
  const asked = useSignal<Asked | null>(null);
  const floor = view.turns.floor;
  const isLive = view.debate.status === 'live';
  const send = cmd.run;
  const extend = async (n: number, override = false) => {
    if (!floor || !Number.isFinite(n) || n <= 0) return;
    asked.value = { turnId: floor.turnId, seconds: n, allottedBefore: floor.allottedMs, override };
    await send(() => live.conn.send('floor:extend', override ? { seconds: n, overrideQuota: true } : { seconds: n }));
  };
  const grantNext = () => send(() => live.conn.send('floor:grant', grantSeconds(seconds)));
  const togglePause = () => (floor && floorPaused(floor) ? send(() => live.conn.send('floor:resume', {})) : send(() => live.conn.send('floor:pause', {})));
  const endTurn = () => send(() => live.conn.send('floor:end', {}));
  useFloorShortcuts({
    enabled: isLive && !cmd.busy.value,
    next: floor ? null : grantNext,
    pause: floor ? togglePause : null,
    extend30: floor ? () => extend(30) : null,
    end: floor ? endTurn : null,
  });
  const exhausted = cmd.error.value?.code === 'QUOTA_EXHAUSTED' && floor !== null && asked.value?.turnId === floor.turnId;
  return (
    <section class="card floor-panel" aria-labelledby="floor-title">
      <h2 id="floor-title">{t('mod.floor.title')}</h2>
      {floor ? (
        <>
          <p class="speaker__name">
            <span class="speaker__who">{floor.name}</span>
            {affiliationOf(view, floor.participantId) ? <span class="speaker__group"> · {affiliationOf(view, floor.participantId)}</span> : null}
            {floor.group ? <span class="speaker__group"> · {groupName(view, floor.group)}</span> : null}
            <span class="tag">{t(floor.mode === 'oral' ? 'mode.oral' : 'mode.written')}</span>
          </p>
          <ContributionText view={view} floor={floor} />
          <Countdown floor={floor} now={props.now} warningSeconds={view.debate.modalities.turn.warningSeconds} size="large" />
          <p class="muted">
            {t('mod.floor.spoken', { spoken: formatDuration(floorSpokenMs(floor, props.now), false), allotted: formatDuration(floor.allottedMs) })}
          </p>
          <div class="button-row">
            {floorPaused(floor) ? (
              <button type="button" class="button button--primary" disabled={cmd.busy.value} onClick={togglePause} aria-keyshortcuts="P">
                {t('mod.floor.resume')}
              </button>
            ) : (
              <button type="button" class="button" disabled={cmd.busy.value} onClick={togglePause} aria-keyshortcuts="P">
                {t('mod.floor.pause')}
              </button>
            )}
            <button type="button" class="button button--danger" disabled={cmd.busy.value} onClick={endTurn} aria-keyshortcuts="F">
              {t('mod.floor.end')}
            </button>
          </div>
          <form
            class="inline-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              void extend(Number.parseInt(extendBy.value, 10));
            }}
          >
            <label for="extend-seconds">{t('mod.floor.extendBy')}</label>
            <input id="extend-seconds" type="number" min={1} max={3600} required value={extendBy.value} onInput={(e) => (extendBy.value = e.currentTarget.value)} />
            <button type="submit" class="button" disabled={cmd.busy.value}>
              {t('mod.floor.extend')}
            </button>
          </form>
          <ExtensionOutcome view={view} floor={floor} now={props.now} asked={asked.value} exhausted={exhausted} busy={cmd.busy.value}
            onOverride={(n) => void extend(n, true)} />
        </>
      ) : (
        <>
          <p class="muted">{t(isLive ? 'floor.nobody' : `status.${view.debate.status}`)}</p>
          {isLive ? (
            <form
              class="inline-form"
              onSubmit={(ev) => {
                ev.preventDefault();
                void grantNext();
              }}
            >
              <label for="grant-seconds">{t('mod.floor.seconds')}</label>
              <input id="grant-seconds" type="number" min={1} max={3600} value={seconds.value ?? String(view.debate.modalities.turn.defaultSeconds)} onInput={(e) => (seconds.value = e.currentTarget.value)} />
              <button type="submit" class="button button--primary" disabled={cmd.busy.value} aria-keyshortcuts="N">
                {t('mod.floor.grantNext')}
              </button>
            </form>
          ) : null}
        </>
      )}
      {exhausted ? null : <ErrorText error={cmd.error.value} />}
      {isLive ? <ShortcutsHint /> : null}
    </section>
  );
}
