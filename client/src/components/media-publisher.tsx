// "You are on air": the preview of one's own camera, the state of the microphone and the
// camera in words, buttons to mute the microphone and turn the camera off, and what
// went wrong (camera refused, no device...) with a way to try again. The countdown is
// the page's; publishing itself is driven by the page's intent (use-media.ts).
import { t } from '../lib/i18n.ts';
import { mediaErrorText } from '../lib/media/errors.ts';
import type { PublishIntent } from '../lib/media/publish-rules.ts';
import { effectiveIntent, type MediaHandle } from '../lib/media/use-media.ts';
import { TrackVideo } from './media-element.tsx';
import './media.css';

export function MediaPublisher(props: { media: MediaHandle; intent: PublishIntent | null; headingLevel?: 'h2' | 'h3' }) {
  const { media } = props;
  const p = media.state.value.publish;
  const cameraOff = media.cameraOff.value;
  const Heading = props.headingLevel ?? 'h3';
  const micOn = !p.micMuted && p.audio !== null;
  const camOn = !cameraOff && p.video !== null;

  const status =
    p.status === 'starting'
      ? t('media.publish.starting')
      : p.status === 'failed'
        ? t('media.publish.failed')
        : p.status === 'on'
          ? p.held
            ? t('media.publish.held')
            : t('media.publish.on')
          : props.intent
            ? t('media.publish.starting')
            : t('media.publish.ended');

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
      <p role="status" aria-live="polite" class="media-publisher__status">
        {status}
      </p>
      <ul class="media-publisher__state">
        <li>{micOn ? t('media.publish.micOn') : t('media.publish.micOff')}</li>
        <li>{camOn ? t('media.publish.camOn') : t('media.publish.camOff')}</li>
      </ul>
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
