// Raising and lowering a hand (oral or written), the place in the queue, and the "you
// are on air" state when the floor is given to this citizen (with their microphone and
// camera when the turn is oral). The broadcast and recording notice is confirmed before an
// oral hand goes up, or, when the floor comes without one (a guest given the floor
// directly), before the camera opens: the page publishes nothing until then.
import { useSignal, type Signal } from '@preact/signals';
import { floorPaused, floorRemainingMs } from '../../lib/clock.ts';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { Countdown } from '../../components/countdown.tsx';
import { MediaPublisher } from '../../components/media-publisher.tsx';
import { RecordingNotice } from '../../components/recording-notice.tsx';
import type { PublishIntent } from '../../lib/media/publish-rules.ts';
import type { MediaHandle } from '../../lib/media/use-media.ts';

export function HandPanel(props: {
  live: LiveDebate;
  view: DebateView;
  me: string;
  isSpeaker: boolean;
  now: number;
  media: MediaHandle;
  intent: PublishIntent | null;
  /** The person confirmed the notice (the page holds the camera until then). */
  consented: Signal<boolean>;
  onConsent: () => void;
}) {
  const { view, me, live } = props;
  const cmd = useCommand();
  const group = useSignal('');
  const modes = view.debate.modalities.interventionModes;
  const groups = view.debate.modalities.groups;
  const position = view.turns.queue.findIndex((e) => e.participantId === me);
  const entry = position >= 0 ? view.turns.queue[position]! : null;
  const floor = view.turns.floor;
  const onAir = floor !== null && floor.participantId === me;

  // Going on camera is announced first: an oral hand is raised once the person confirmed
  // the broadcast and recording notice (once per debate and tab).
  const { consented } = props;
  const confirming = useSignal(false);
  const send = (mode: 'oral' | 'written') =>
    cmd.run(() => live.conn.send('queue:raise', group.value && !props.isSpeaker ? { mode, group: group.value } : { mode }));
  const raise = (mode: 'oral' | 'written') => {
    if (mode === 'oral' && !consented.value) {
      confirming.value = true;
      return;
    }
    void send(mode);
  };
  const confirm = () => {
    props.onConsent();
    confirming.value = false;
    void send('oral');
  };
  const notice = (onConfirm: () => void, onCancel: (() => void) | null) => (
    <div role="dialog" aria-modal="false" aria-labelledby="consent-title" class="consent">
      <h3 id="consent-title">{t(onCancel ? 'privacy.confirmTitle' : 'privacy.confirmOnAirTitle')}</h3>
      <RecordingNotice modalities={view.debate.modalities} camera>
        <div class="button-row">
          <button type="button" class="button button--primary" onClick={onConfirm}>
            {t(onCancel ? 'privacy.confirm' : 'privacy.confirmOnAir')}
          </button>
          {onCancel ? (
            <button type="button" class="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          ) : null}
        </div>
      </RecordingNotice>
    </div>
  );
  const heldForConsent = onAir && floor.mode === 'oral' && !consented.value;

  return (
    <section class="card" aria-labelledby="hand-title">
      <h2 id="hand-title">{t('hand.title')}</h2>
      {onAir ? (
        <div class="on-air" role="status">
          <p class="on-air__label">{t(floor.mode === 'oral' ? 'hand.onAirOral' : 'hand.onAirWritten')}</p>
          <Countdown floor={floor} now={props.now} warningSeconds={view.debate.modalities.turn.warningSeconds} size="large" />
          {heldForConsent ? notice(props.onConsent, null) : null}
          {floor.mode === 'oral' && !heldForConsent ? (
            <MediaPublisher media={props.media} intent={props.intent} timerStopped={floorPaused(floor) || floorRemainingMs(floor, props.now) <= 0} />
          ) : null}
          <button type="button" class="button" onClick={() => cmd.run(() => live.conn.send('floor:end', {}))} disabled={cmd.busy.value}>
            {t('hand.yield')}
          </button>
        </div>
      ) : entry ? (
        <>
          <p class="queue-position" role="status">
            {t(entry.mode === 'oral' ? 'hand.positionOral' : 'hand.positionWritten', { position: position + 1 })}
            {entry.priority ? ` ${t('hand.priority')}` : ''}
          </p>
          <button type="button" class="button" onClick={() => cmd.run(() => live.conn.send('queue:lower', {}))} disabled={cmd.busy.value}>
            {t('hand.lower')}
          </button>
        </>
      ) : view.debate.status !== 'live' ? (
        <p>{t('hand.notLive')}</p>
      ) : (
        <>
          {groups.length > 0 && !props.isSpeaker ? (
            <div class="form">
              <label for="hand-group">{t('hand.group')}</label>
              <select id="hand-group" value={group.value} onChange={(e) => (group.value = e.currentTarget.value)}>
                <option value="">{t('hand.noGroup')}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {confirming.value ? notice(confirm, () => (confirming.value = false)) : null}
          <div class="button-row">
            {modes.map((mode) => (
              <button key={mode} type="button" class="button button--primary" disabled={cmd.busy.value} onClick={() => raise(mode)}>
                {t(mode === 'oral' ? 'hand.raiseOral' : 'hand.raiseWritten')}
              </button>
            ))}
          </div>
          <p class="muted">{t('hand.queueLength', { count: view.turns.queue.length })}</p>
        </>
      )}
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
