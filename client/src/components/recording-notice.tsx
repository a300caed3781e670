// Telling people the debate is broadcast and recorded: the notice shown at join and
// before going on camera (with the organizer's own text and privacy link, a debate
// modality), and the indicator every live page shows while the archive recording runs
// (from the media layer's media:recording push).
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n.ts';
import type { MediaHandle } from '../lib/media/use-media.ts';
import type { DebateDto } from '../lib/view-types.ts';

type PrivacyModalities = Pick<DebateDto['modalities'], 'privacyText' | 'privacyUrl'>;

/** The notice itself; `children` is what the person does about it (join, confirm). */
export function RecordingNotice(props: { modalities: PrivacyModalities; camera?: boolean; id?: string; children?: ComponentChildren }) {
  const m = props.modalities;
  return (
    <div class="recording-notice" id={props.id}>
      <p class="recording-notice__head">{t(props.camera ? 'privacy.camera' : 'privacy.notice')}</p>
      {m.privacyText ? <p class="recording-notice__text">{m.privacyText}</p> : <p class="recording-notice__text">{t('privacy.default')}</p>}
      {m.privacyUrl ? (
        <p>
          <a href={m.privacyUrl} target="_blank" rel="noopener noreferrer">
            {t('privacy.link')}
          </a>
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

/** Whether the program is being recorded into the archive right now. */
export const isRecording = (media: MediaHandle | null | undefined): boolean => media?.state.value.room.recording?.recording === true;

/** "● Enregistrement en cours" while recording; nothing otherwise. */
export function RecordingIndicator(props: { media: MediaHandle | null | undefined; class?: string }) {
  if (!isRecording(props.media)) return null;
  return (
    <p class={`recording-indicator ${props.class ?? ''}`} role="status" data-testid="recording-indicator">
      <span class="recording-indicator__dot" aria-hidden="true" />
      {t('privacy.recording')}
    </p>
  );
}
