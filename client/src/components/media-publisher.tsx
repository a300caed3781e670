// "You are on air": the preview of one's own camera, ONE sentence saying what is true
// now (on air, muted by oneself, paused by the timer, cut by the régie, off air while the
// régie shows the room: lib/media/on-air-state.ts), buttons to mute the microphone and
// turn the camera off, and what went wrong (camera refused, no device...) with a way to
// try again. The countdown is the page's; publishing is driven by the page's intent.
import { t } from '../lib/i18n.ts';
import { mediaErrorText } from '../lib/media/errors.ts';
import { ON_AIR_MESSAGES, onAirState } from '../lib/media/on-air-state.ts';
import type { PublishIntent } from '../lib/media/publish-rules.ts';
import { effectiveIntent, type MediaHandle } from '../lib/media/use-media.ts';
import { TrackVideo } from './media-element.tsx';
import './media.css';

export function MediaPublisher(props: {
  media: MediaHandle;
  intent: PublishIntent | null;
  headingLevel?: 'h2' | 'h3';
  /** Our turn is paused or its time is up (the server holds our producers for the timer). */
  timerStopped?: boolean;
}) {
  const { media } = props;
  const p = media.state.value.publish;
  const cameraOff = media.cameraOff.value;
  const Heading = props.headingLevel ?? 'h3';
  const camOn = !cameraOff && p.video !== null;

  const state = onAirState({
    publishStatus: p.status,
    held: p.held,
    micMuted: p.micMuted,
    timerStopped: props.timerStopped ?? false,
    program: media.state.value.room.program,
    self: media.self.participantId,
    intended: props.intent !== null,
  });
  const status = t(ON_AIR_MESSAGES[state]);

  return (
    <div class="media-publisher" role="group" aria-labelledby="media-publisher-title">
      <Heading id="media-publisher-title" class="media-publisher__title">
        {t('media.publish.title')}
      </Heading>
      <div class="media-publisher__preview">
        {camOn ? (
          <TrackVideo track={p.video} label={t('media.publish.preview')} mirror />
        ) : (
          <p class="media-publisher__nocam">{t('media.publish.camOff')}</p>
        )}
      </div>
      <p role="status" aria-live="polite" class={`media-publisher__status media-publisher__status--${state}`} data-state={state}>
        {status}
      </p>
      {p.problem ? (
        <p class="error-text" role="alert">
          {mediaErrorText(p.problem)}
        </p>
      ) : null}
      <div class="button-row">
        <button
          type="button"
          class="button"
          aria-pressed={p.micMuted}
          disabled={p.audio === null}
          onClick={() => media.session.setMicMuted(!p.micMuted)}
        >
          {p.micMuted ? t('media.publish.unmuteMic') : t('media.publish.muteMic')}
        </button>
        <button type="button" class="button" aria-pressed={cameraOff} onClick={() => (media.cameraOff.value = !cameraOff)}>
          {cameraOff ? t('media.publish.startCamera') : t('media.publish.stopCamera')}
        </button>
        {p.status === 'failed' || (p.problem && props.intent) ? (
          <button type="button" class="button" onClick={() => media.session.retryPublishing(effectiveIntent(media, props.intent))}>
            {t('media.retry')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
