// The recording of an archived debate: a <video> of the program feed (several parts when
// the recording was cut), the part chooser, and a playback controller shared with the
// timeline — clicking a turn seeks to its start (turn start − recording startedAt) and
// the turn on screen is highlighted as the video plays. What happened is said in a
// polite live region ("playing from X's turn", "not recorded").
import { useSignal, type Signal } from '@preact/signals';
import { useMemo, useRef } from 'preact/hooks';
import { formatDuration } from '../../lib/clock.ts';
import { formatTime, t } from '../../lib/i18n.ts';
import { instantTarget, playableRecordings, sameOriginPath, seekTarget, turnAt } from '../../lib/playback.ts';
import type { DebateReport } from '../../lib/view-types.ts';

type Turn = DebateReport['turns'][number];

export interface Playback {
  playable: DebateReport['recordings'];
  /** The recording in the player. */
  current: Signal<string | null>;
  /** The turn on screen (follows the video). */
  playingTurn: Signal<string | null>;
  message: Signal<string>;
  video: { current: HTMLVideoElement | null };
  /** Seek the player to a turn's start; false when the turn is not in any recording. */
  seek(turn: Turn): boolean;
  /** Seek the player to an instant of the debate (a transcript segment); false when not recorded. */
  seekAt(at: number): boolean;
}

export function usePlayback(report: DebateReport): Playback {
  const playable = useMemo(() => playableRecordings(report), [report]);
  const current = useSignal<string | null>(playable[0]?.id ?? null);
  const playingTurn = useSignal<string | null>(null);
  const message = useSignal('');
  const video = useRef<HTMLVideoElement | null>(null);
  return useMemo<Playback>(() => {
    const go = (target: { recordingId: string; seconds: number }) => {
      current.value = target.recordingId;
      // The part may have just been switched: wait for its metadata before seeking.
      const play = () => {
        const el = video.current;
        if (!el) return;
        el.currentTime = target.seconds;
        el.play().catch(() => undefined);
      };
      requestAnimationFrame(() => {
        const el = video.current;
        if (!el) return;
        if (el.readyState >= 1) play();
        else el.addEventListener('loadedmetadata', play, { once: true });
      });
    };
    return {
      playable,
      current,
      playingTurn,
      message,
      video,
      seek(turn) {
        const target = seekTarget(turn, playable);
        if (!target) {
          message.value = t('report.rec.notRecorded', { name: turn.speaker.name });
          return false;
        }
        message.value = t('report.rec.seeked', { name: turn.speaker.name });
        go(target);
        return true;
      },
      seekAt(at) {
        const target = instantTarget(at, playable);
        if (!target) return false;
        go(target);
        return true;
      },
    };
  }, [playable]);
}

function unavailableText(report: DebateReport): string {
  if (report.recordings.some((r) => r.status === 'recording')) return t('report.rec.writing');
  if (report.recordings.length > 0) return t('report.rec.unreadable');
  return t('report.rec.none');
}

export function RecordingPlayer(props: { report: DebateReport; playback: Playback }) {
  const { report, playback } = props;
  const parts = playback.playable;
  const rec = parts.find((r) => r.id === playback.current.value) ?? null;
  const index = rec ? parts.indexOf(rec) : -1;
  const onTime = (el: HTMLVideoElement) => {
    if (!rec) return;
    playback.playingTurn.value = turnAt(report.turns, rec, el.currentTime)?.turnId ?? null;
  };
  return (
    <section class="card recording" aria-labelledby="recording-title">
      <h2 id="recording-title">{t('report.rec.title')}</h2>
      {!rec ? (
        <p class="muted">{unavailableText(report)}</p>
      ) : (
        <>
          {parts.length > 1 ? (
            <div class="segmented" role="group" aria-label={t('report.rec.parts')}>
              {parts.map((r, i) => (
                <button key={r.id} type="button" aria-pressed={r.id === rec.id} onClick={() => (playback.current.value = r.id)}>
                  {t('report.rec.part', { n: i + 1, time: formatTime(r.startedAt) })}
                </button>
              ))}
            </div>
          ) : null}
          <video
            key={rec.id}
            class="recording__video"
            ref={(el) => {
              playback.video.current = el;
            }}
            src={sameOriginPath(rec.url!)}
            controls
            preload="metadata"
            aria-label={t('report.rec.videoLabel', { title: report.debate.title, n: index + 1 })}
            data-recording-id={rec.id}
            onTimeUpdate={(e) => onTime(e.currentTarget)}
            onSeeked={(e) => onTime(e.currentTarget)}
          >
            <track
              kind="captions"
              src={`/api/debates/${report.debate.id}/recordings/${rec.id}/captions.vtt`}
              srclang="fr"
              label={t('captions.title')}
              default
            />
          </video>
          <p class="muted">
            {t('report.rec.info', { time: formatTime(rec.startedAt), duration: formatDuration(rec.durationMs ?? 0, false) })}
            {rec.tracks.every((x) => x.kind === 'audio') ? ` ${t('report.rec.audioOnly')}` : ''}
            {rec.status === 'failed' ? ` ${t('report.rec.failed')}` : ''}
          </p>
        </>
      )}
      <p class="visually-hidden" role="status">
        {playback.message.value}
      </p>
    </section>
  );
}
