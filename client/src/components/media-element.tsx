// A <video> or <audio> element playing one MediaStreamTrack. Autoplay may be refused by
// the browser (sound without a user gesture): the refusal is reported, never swallowed,
// so the player can offer "play with sound".
import type { Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Plays `track` in the element; `onBlocked(true)` when the browser refused to start it. */
function useTrack(
  track: MediaStreamTrack | null,
  muted: boolean,
  onBlocked?: (blocked: boolean) => void,
  onFirstFrame?: () => void,
) {
  const ref = useRef<HTMLMediaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!track) {
      el.srcObject = null;
      return;
    }
    el.srcObject = new MediaStream([track]);
    if (onFirstFrame && el instanceof HTMLVideoElement) {
      if ('requestVideoFrameCallback' in el) el.requestVideoFrameCallback(() => onFirstFrame());
      else (el as HTMLVideoElement).addEventListener('loadeddata', () => onFirstFrame(), { once: true });
    }
  }, [track]);
  useEffect(() => {
    const el = ref.current;
    if (!el || !track) return;
    el.muted = muted;
    el.play().then(
      () => onBlocked?.(false),
      (err: DOMException) => onBlocked?.(err.name === 'NotAllowedError'),
    );
  }, [track, muted]);
  return ref;
}

export function TrackVideo(props: {
  track: MediaStreamTrack | null;
  label: string;
  class?: string;
  mirror?: boolean;
  onFirstFrame?: () => void;
}) {
  const ref = useTrack(props.track, true, undefined, props.onFirstFrame);
  return (
    <video
      ref={ref as Ref<HTMLVideoElement>}
      class={`media-video${props.mirror ? ' media-video--mirror' : ''} ${props.class ?? ''}`}
      autoPlay
      playsInline
      muted
      aria-label={props.label}
    />
  );
}

/** Invisible: the sound of one track. */
export function TrackAudio(props: { track: MediaStreamTrack; muted: boolean; onBlocked: (blocked: boolean) => void }) {
  const ref = useTrack(props.track, props.muted, props.onBlocked);
  // No autoplay attribute: play() is called explicitly, so a refusal is seen and reported.
  return <audio ref={ref as Ref<HTMLAudioElement>} class="visually-hidden" />;
}
