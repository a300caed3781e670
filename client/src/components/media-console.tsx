// The moderator's media panel: a preview of the program, what is on air and whether the
// choice is automatic, who publishes (each track live or muted, with mute / unmute and
// "put on air"), and the moderator's own microphone and camera. Every control is a
// labelled button; the state changes are read out by a polite live region.
import { t } from '../lib/i18n.ts';
import { participantNames, publisherName } from '../lib/media/names.ts';
import type { PublishIntent } from '../lib/media/publish-rules.ts';
import { publishersOf } from '../lib/media/selection.ts';
import type { MediaHandle } from '../lib/media/use-media.ts';
import type { DebateView } from '../lib/view-types.ts';
import { ErrorText, useCommand } from './command.tsx';
import { ProgramPlayer } from './media-program.tsx';
import { MediaPublisher } from './media-publisher.tsx';
import { BroadcastControl } from './broadcast-console.tsx';
import './media.css';

export function MediaConsole(props: {
  media: MediaHandle;
  view: DebateView;
  onAir: boolean;
  setOnAir: (on: boolean) => void;
  intent: PublishIntent | null;
}) {
  const { media, view } = props;
  const s = media.state.value;
  const cmd = useCommand();
  const self = media.self.participantId;
  const names = participantNames(view);
  const nameOf = (id: string) => publisherName(id, { names, self, producers: s.room.producers });
  const program = s.room.program;
  const publishers = publishersOf(s.room.producers);
  const live = view.debate.status === 'live';
  // Going on air also puts the moderator on the program; leaving gives it back to the automatic choice.
  const toggleOnAir = () => {
    const on = !props.onAir;
    props.setOnAir(on);
    if (on && self) void cmd.run(() => media.session.link.request('media:program:set', { participantId: self }));
    else if (!on && program.participantId === self && !program.auto) {
      void cmd.run(() => media.session.link.request('media:program:set', { participantId: null }));
    }
  };

  return (
    <section class="card media-console" aria-labelledby="media-console-title">
      <h2 id="media-console-title">{t('media.console.title')}</h2>
      <ProgramPlayer media={media} nameOf={nameOf} variant="preview" startSilent headingId="media-console-preview" ended={view.debate.status === 'ended' || view.debate.status === 'archived'} />
      <p role="status" aria-live="polite">
        <strong>{t('media.console.onAir')}{t('common.colon').trimEnd()}</strong>{' '}
        {program.participantId ? nameOf(program.participantId) : t('media.console.nobodyOnAir')} (
        {program.auto ? t('media.console.auto') : t('media.console.manual')})
      </p>
      {!program.auto ? (
        <button type="button" class="button" disabled={cmd.busy.value} onClick={() => cmd.run(() => media.session.link.request('media:program:set', { participantId: null }))}>
          {t('media.console.backToAuto')}
        </button>
      ) : null}

      <h3 id="media-publishers-title">{t('media.console.publishers')}</h3>
      {publishers.length === 0 ? (
        <p class="muted">{t('media.console.nobody')}</p>
      ) : (
        <ul class="media-publishers" aria-labelledby="media-publishers-title">
          {publishers.map(({ participantId, producers }) => {
            const name = nameOf(participantId);
            const onAir = program.participantId === participantId;
            return (
              <li key={participantId} class="media-publishers__item">
                <p class="media-publishers__who">
                  <strong>{name}</strong>
                  {onAir ? <span class="media-badge">{t('media.console.isOnAir')}</span> : null}
                  {s.room.activeSpeaker === participantId ? <span class="media-badge media-badge--speaking">{t('media.console.speaking')}</span> : null}
                </p>
                <ul class="media-publishers__tracks">
                  {producers.map((p) => (
                    <li key={p.producerId}>
                      {t(`media.kind.${p.kind}`)}{t('common.colon')}{p.paused ? t('media.console.paused') : t('media.console.live')}{' '}
                      <button
                        type="button"
                        class="button button--small"
                        disabled={cmd.busy.value}
                        aria-label={t(p.paused ? 'media.console.unmuteLabel' : 'media.console.muteLabel', { track: t(`media.track.${p.kind}`), name })}
                        onClick={() => cmd.run(() => media.session.link.request(p.paused ? 'media:unmute' : 'media:mute', { producerId: p.producerId }))}
                      >
                        {p.paused ? t('media.console.unmute') : t('media.console.mute')}
                      </button>
                    </li>
                  ))}
                </ul>
                {!onAir ? (
                  <button
                    type="button"
                    class="button button--small"
                    disabled={cmd.busy.value}
                    aria-label={t('media.console.putOnAirLabel', { name })}
                    onClick={() => cmd.run(() => media.session.link.request('media:program:set', { participantId }))}
                  >
                    {t('media.console.putOnAir')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <ErrorText error={cmd.error.value} />

      {live ? (
        <div class="media-console__self">
          <button type="button" class="button" aria-pressed={props.onAir} disabled={cmd.busy.value} onClick={() => toggleOnAir()}>
            {props.onAir ? t('media.console.leaveLive') : t('media.console.goLive')}
          </button>
          {props.onAir ? <MediaPublisher media={media} intent={props.intent} /> : null}
        </div>
      ) : null}
      {s.room.recording ? <RecordingControl media={media} /> : null}
      <BroadcastControl media={media} />
    </section>
  );
}

/** The archive recording: on by default, the moderator may stop it and start it again. */
function RecordingControl(props: { media: MediaHandle }) {
  const rec = props.media.state.value.room.recording!;
  const cmd = useCommand();
  const text = rec.recording ? t('media.rec.on') : rec.wanted ? t('media.rec.waiting') : t('media.rec.off');
  return (
    <div class="media-console__recording" role="group" aria-labelledby="media-rec-title">
      <h3 id="media-rec-title">{t('media.rec.title')}</h3>
      <p role="status" aria-live="polite">
        {rec.recording ? <span class="media-rec-dot" aria-hidden="true" /> : null}
        {text}
      </p>
      <button
        type="button"
        class={`button${rec.wanted ? ' button--danger' : ''}`}
        disabled={cmd.busy.value}
        onClick={() => cmd.run(() => props.media.session.link.request('media:recording', { action: rec.wanted ? 'stop' : 'start' }))}
      >
        {rec.wanted ? t('media.rec.stop') : t('media.rec.start')}
      </button>
      <ErrorText error={cmd.error.value} />
    </div>
  );
}
