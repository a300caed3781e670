// The program as HLS (media/broadcast/), for citizens who watch a few seconds late: hls.js
// (or the browser's own HLS, Safari) in a <video>, tuned for a short delay (two 1 s
// segments behind the live edge). Reports the program date-time of the frame on screen
// twice a second (hls.js `playingDate`, from EXT-X-PROGRAM-DATE-TIME), which is how the
// page knows its delay and holds the shown state back by as much. Says the delay in words.
// A read-only debug hook (`window.__tribuneHls.playingDate()`) lets browser tests compare
// what the page shows with the frame on screen.
import Hls from 'hls.js';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { delaySeconds } from '../lib/broadcast/delay-buffer.ts';
import { t } from '../lib/i18n.ts';
import './media.css';

export function HlsPlayer(props: { src: string; delayMs: number | null; onPlayingDate: (ms: number | null) => void; reason: string | null }) {
  const video = useRef<HTMLVideoElement>(null);
  const blocked = useSignal(false);
  useEffect(() => {
    const el = video.current!;
    let hls: Hls | null = null;
    const play = () =>
      el.play().catch(() => {
        // Autoplay with sound refused: play silent, offer the sound.
        el.muted = true;
        blocked.value = true;
        return el.play().catch(() => undefined);
      });
    let playingDate: () => number | null;
    if (Hls.isSupported()) {
      hls = new Hls({ liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 6, maxLiveSyncPlaybackRate: 1.2, backBufferLength: 10 });
      hls.loadSource(props.src);
      hls.attachMedia(el);
      hls.on(Hls.Events.MANIFEST_PARSED, () => void play());
      const h = hls;
      playingDate = () => h.playingDate?.getTime() ?? null;
    } else {
      el.src = props.src;
      el.addEventListener('loadedmetadata', () => void play(), { once: true });
      playingDate = () => {
        const start = (el as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.().getTime();
        return start && Number.isFinite(start) ? start + el.currentTime * 1000 : null;
      };
    }
    const timer = setInterval(() => props.onPlayingDate(el.readyState >= 2 ? playingDate() : null), 500);
    const hook = { playingDate: () => (el.readyState >= 2 ? playingDate() : null) };
    const w = window as Window & { __tribuneHls?: typeof hook };
    w.__tribuneHls = hook;
    return () => {
      clearInterval(timer);
      if (w.__tribuneHls === hook) delete w.__tribuneHls;
      hls?.destroy();
      el.removeAttribute('src');
      el.load();
    };
  }, [props.src]);
  return (
    <section class="card media-player media-player--page" aria-labelledby="hls-title" data-mode="hls">
      <h2 id="hls-title" class="media-player__title">{t('bc.viewer.player')}</h2>
      <div class="media-player__screen">
        <video ref={video} playsInline controls data-testid="hls-video" />
      </div>
      {blocked.value ? (
        <button
          type="button"
          class="button button--primary media-player__sound"
          onClick={() => {
            video.current!.muted = false;
            blocked.value = false;
            void video.current!.play();
          }}
        >
          {t('media.playSound')}
        </button>
      ) : null}
      <p class="media-player__status" role="status" aria-live="polite" data-testid="hls-delay">
        {props.reason ? `${props.reason} ` : ''}
        {props.delayMs === null ? t('bc.viewer.delayUnknown') : t('bc.viewer.delay', { seconds: delaySeconds(props.delayMs) })}
      </p>
    </section>
  );
}
