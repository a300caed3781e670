// The program feed: the picture and voices on air, for the citizen page, the room display
// (full area) and the moderator's preview. Says in words what is going on (connecting,
// nobody on air, muted, audio only, failures) in a polite live region; offers "play
// with sound" when the browser blocked autoplay with sound, and "audio only" for weak
// connections (remembered on this device).
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { t } from '../lib/i18n.ts';
import { mediaErrorText } from '../lib/media/errors.ts';
import { programFeed } from '../lib/media/selection.ts';
import { saveAudioOnly, type MediaHandle } from '../lib/media/use-media.ts';
import { TrackAudio, TrackVideo } from './media-element.tsx';
import './media.css';

export type PlayerVariant = 'page' | 'fill' | 'preview';

export function ProgramPlayer(props: {
  media: MediaHandle;
  /** The name of whoever is on air, from the debate view. */
  nameOf: (participantId: string) => string;
  variant: PlayerVariant;
  /** Offer the "audio only" switch (not on a projector). */
  audioOnlyToggle?: boolean;
  /** The moderator's preview starts silent (they are in the room, maybe on air). */
  startSilent?: boolean;
  /** When the local page is on air, show its own camera (the room feed on the display). */
  showSelf?: boolean;
  headingId?: string;
  /** The debate is over: say so instead of "will start with the debate". */
  ended?: boolean;
}) {
  const { media } = props;
  const s = media.state.value;
  const listening = useSignal(!props.startSilent);
  const blocked = useSignal(false);
  const box = useRef<HTMLDivElement>(null);
  const feed = programFeed(s.room, media.self.participantId, s.audioOnly);
  const received = new Map(s.received.map((r) => [r.producerId, r]));
  const who = feed.participantId ? props.nameOf(feed.participantId) : null;

  const videoTrack = feed.self
    ? props.showSelf && !s.audioOnly
      ? s.publish.video
      : null
    : feed.video
      ? (received.get(feed.video.producerId)?.track ?? null)
      : null;
  const audio = feed.self ? [] : feed.audio.map((p) => received.get(p.producerId)).filter((r) => r !== undefined);
  const held = !feed.self && feed.audio.length > 0 && feed.audio.every((p) => p.paused);

  const status = props.ended && s.status === 'idle' ? t('media.status.ended') : statusText(s, feed, who, held);
  const soundButton = props.variant === 'fill' ? t('media.display.enableSound') : t('media.playSound');
  const playWithSound = () => {
    listening.value = true;
    // Inside the click: the browser lets a user gesture start the sound.
    for (const el of box.current?.querySelectorAll('audio') ?? []) {
      el.muted = false;
      el.play().then(
        () => (blocked.value = false),
        () => (blocked.value = true),
      );
    }
  };

  return (
    <section
      class={`media-player media-player--${props.variant}`}
      aria-labelledby={props.headingId ?? 'media-program-title'}
      ref={box}
    >
      <h2 id={props.headingId ?? 'media-program-title'} class={props.variant === 'page' ? 'media-player__title' : 'visually-hidden'}>
        {props.variant === 'preview' ? t('media.console.preview') : t('media.program.title')}
      </h2>
      <div class={`media-player__screen${!videoTrack && feed.self && props.variant !== 'fill' ? ' media-player__screen--none' : ''}`}>
        {videoTrack ? (
          <TrackVideo
            track={videoTrack}
            label={who ? t('media.videoLabel', { name: who }) : t('media.videoLabelSomeone')}
            // One's own preview is a mirror; the room camera on the projector must read true.
            mirror={feed.self && props.variant !== 'fill'}
            onFirstFrame={() => media.session.mark('firstFrame')}
          />
        ) : (
          <p class="media-player__empty" aria-hidden="true">
            {s.status === 'ready' && feed.participantId && !feed.self ? t('media.noPicture') : status}
          </p>
        )}
        {audio.map((r) => (
          <TrackAudio key={r.producerId} track={r.track} muted={!listening.value} onBlocked={(b) => (blocked.value = b)} />
        ))}
      </div>
      {/* On the projector the lower third names the speaker: the status is for screen readers. */}
      <p class={props.variant === 'fill' ? 'visually-hidden' : 'media-player__status'} role="status" aria-live="polite">
        {status}
      </p>
      {s.problem && (s.status === 'failed' || s.status === 'unsupported') ? (
        <p class="error-text" role="alert">
          {mediaErrorText(s.problem)}
        </p>
      ) : null}
      <div class="button-row media-player__controls">
        {blocked.value && listening.value ? (
          <>
            <span class="visually-hidden" role="alert">
              {t('media.soundBlocked', { button: soundButton })}
            </span>
            <button type="button" class="button button--primary media-player__sound" onClick={playWithSound}>
              {soundButton}
            </button>
          </>
        ) : null}
        {props.startSilent ? (
          <button
            type="button"
            class="button"
            aria-pressed={listening.value}
            onClick={() => (listening.value ? (listening.value = false) : playWithSound())}
          >
            {listening.value ? t('media.stopListening') : t('media.listen')}
          </button>
        ) : null}
        {s.status === 'failed' ? (
          <button type="button" class="button" onClick={() => media.session.restart()}>
            {t('media.retry')}
          </button>
        ) : null}
        {props.audioOnlyToggle ? <AudioOnlySwitch media={media} /> : null}
      </div>
    </section>
  );
}

function AudioOnlySwitch(props: { media: MediaHandle }) {
  const on = props.media.state.value.audioOnly;
  return (
    <span class="media-switch">
      <input
        type="checkbox"
        id="media-audio-only"
        checked={on}
        aria-describedby="media-audio-only-help"
        onChange={(e) => {
          const next = e.currentTarget.checked;
          saveAudioOnly(next);
          props.media.session.setAudioOnly(next);
        }}
      />
      <label for="media-audio-only">{t('media.audioOnly')}</label>
      <span id="media-audio-only-help" class="muted media-switch__help">
        {t('media.audioOnlyHelp')}
      </span>
    </span>
  );
}

function statusText(
  s: MediaHandle['state']['value'],
  feed: ReturnType<typeof programFeed>,
  who: string | null,
  held: boolean,
): string {
  switch (s.status) {
    case 'idle':
      return t('media.status.idle');
    case 'connecting':
      return s.problem ? t('media.status.retrying') : t('media.status.connecting');
    case 'unavailable':
      return t('media.status.unavailable');
    case 'unsupported':
    case 'failed':
      return t('media.status.failed');
    case 'ready':
      break;
  }
  // One's own feed: the publisher above says which state (cut, paused, muted); not repeated here, where it could only be vaguer.
  if (feed.self) return s.publish.held || s.publish.micMuted ? t('media.selfHeld') : t('media.self');
  if (!feed.participantId) return t('media.nobody');
  const parts = [who ? t('media.onAir', { name: who }) : t('media.onAirSomeone')];
  if (held) parts.push(t('media.held'));
  if (s.audioOnly) parts.push(t('media.audioOnlyOn'));
  return parts.join(' ');
}
