// The moderator console /moderate/:debateId. The moderator token comes once in the URL
// fragment (`#token=`, kept in sessionStorage, cleared from the address bar) or is pasted.
// Panels: status with start / end, the floor and countdown, the queue, speaking time vs
// quotas, polls, questions, written contributions, the room-display link, and media
// (program preview, who publishes with mute / unmute, program choice, the moderator's
// own microphone and camera).
import { RecordingIndicator } from '../../components/recording-notice.tsx';
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { api } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate, useServerNow } from '../../lib/live.ts';
import { clearSession, loadSession, saveSession, sessionFromToken, takeFromFragment, type StoredSession } from '../../lib/session.ts';
import type { DebateView } from '../../lib/view-types.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { AppShell } from '../../components/app-shell.tsx';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { ConnectionBanner } from '../../components/connection-banner.tsx';
import { EndDebateButton } from '../../components/end-debate.tsx';
import { LiveRegions } from '../../components/live-regions.tsx';
import { MediaConsole } from '../../components/media-console.tsx';
import { publishIntent } from '../../lib/media/publish-rules.ts';
import { useMediaSession, usePublishIntent } from '../../lib/media/use-media.ts';
import { TokenForm } from '../../components/token-form.tsx';
import { AgendaPanel } from './agenda-panel.tsx';
import { ContributionsPanel } from './contributions-panel.tsx';
import { FloorPanel } from './floor-panel.tsx';
import { PollsPanel } from './polls-panel.tsx';
import { ModQuestionsPanel } from './questions-panel.tsx';
import { QueuePanel } from './queue-panel.tsx';
import { TimePanel } from './time-panel.tsx';

function StatusBar(props: { live: LiveDebate; view: DebateView }) {
  const { live, view } = props;
  const cmd = useCommand();
  const status = view.debate.status;
  return (
    <section class="card status-bar" aria-labelledby="status-title">
      <h2 id="status-title">
        {t('mod.status')}{t('common.colon')}<span class={`status status--${status}`}>{t(`status.${status}`)}</span>
      </h2>
      <div class="button-row">
        {status === 'scheduled' ? (
          <button type="button" class="button button--primary" disabled={cmd.busy.value} onClick={() => cmd.run(() => live.conn.send('debate:start', {}))}>
            {t('mod.start')}
          </button>
        ) : null}
        {status === 'live' ? (
          <EndDebateButton busy={cmd.busy.value} onEnd={() => cmd.run(() => live.conn.send('debate:end', {}))}>
            {t('mod.end')}
          </EndDebateButton>
        ) : null}
        {status === 'ended' || status === 'archived' ? <a href={`/archive/${view.debate.id}`}>{t('mod.toArchive')}</a> : null}
      </div>
      <ErrorText error={cmd.error.value} />
    </section>
  );
}

function DisplayLink(props: { debateId: string; token: string }) {
  const cmd = useCommand();
  const link = useSignal<string | null>(null);
  const create = async () => {
    const ack = await cmd.run(() =>
      api<{ token: string }>('POST', `/api/debates/${props.debateId}/tokens/display`, { token: props.token, body: {} }),
    );
    if (ack.ok) link.value = `${location.origin}/display/${props.debateId}#token=${ack.data.token}`;
  };
  return (
    <section class="card" aria-labelledby="display-link-title">
      <h2 id="display-link-title">{t('mod.display.title')}</h2>
      <p class="muted">{t('mod.display.text')}</p>
      <button type="button" class="button" disabled={cmd.busy.value} onClick={create}>
        {t('mod.display.create')}
      </button>
      {link.value ? (
        <p>
          <a href={link.value} target="_blank" rel="noopener">
            {t('mod.display.open')}
          </a>
        </p>
      ) : null}
      <ErrorText error={cmd.error.value} />
    </section>
  );
}

function Console(props: { session: StoredSession; debateId: string; onLeave: () => void }) {
  const viewer = useMemo(() => ({ role: props.session.role, participantId: props.session.participantId }), [props.session]);
  const live = useLiveDebate(props.session.token, viewer)!;
  const now = useServerNow(live, 100);
  const view = live.view.value;
  const media = useMediaSession(live, viewer, 'program');
  const onAir = useSignal(false);
  const grantLength = useSignal<string | null>(null);
  const intent = publishIntent(view, viewer, { moderatorOnAir: onAir.value });
  usePublishIntent(media, intent);
  return (
    <>
      <ConnectionBanner live={live} onRefused={props.onLeave} />
      <LiveRegions live={live} />
      {view ? (
        <>
          <h1 class="page-heading">{view.debate.title}</h1>
          <RecordingIndicator media={media} />
          <div class="console">
            <div class="console__main">
              <StatusBar live={live} view={view} />
              <FloorPanel live={live} view={view} now={now.value} length={grantLength} />
              <AgendaPanel live={live} view={view} />
              <QueuePanel live={live} view={view} length={grantLength} />
              <TimePanel view={view} now={now.value} />
            </div>
            <div class="console__side">
              <PollsPanel live={live} view={view} />
              <ModQuestionsPanel live={live} view={view} />
              <ContributionsPanel live={live} view={view} />
              <DisplayLink debateId={props.debateId} token={props.session.token} />
              <MediaConsole media={media} view={view} onAir={onAir.value} setOnAir={(on) => (onAir.value = on)} intent={intent} />
            </div>
          </div>
        </>
      ) : null}
    </>
  );
}

export function ModeratePage(props: { debateId: string }) {
  const { debateId } = props;
  const initial = useMemo(() => {
    const fromUrl = takeFromFragment('token');
    const s = fromUrl ? sessionFromToken(fromUrl, debateId) : null;
    if (s && s.role === 'moderator') saveSession('moderator', debateId, s);
    return s?.role === 'moderator' ? s : loadSession('moderator', debateId);
  }, [debateId]);
  const session = useSignal<StoredSession | null>(initial);
  const leave = () => {
    clearSession('moderator', debateId);
    session.value = null;
  };
  return (
    <AppShell title={t('mod.title')} wide>
      {session.value ? (
        <Console key={session.value.token} session={session.value} debateId={debateId} onLeave={leave} />
      ) : (
        <section class="card">
          <h1>{t('mod.signIn')}</h1>
          <p>{t('mod.signInText')}</p>
          <TokenForm
            debateId={debateId}
            role="moderator"
            label={t('mod.tokenLabel')}
            onToken={(s) => {
              saveSession('moderator', debateId, s);
              session.value = s;
            }}
          />
        </section>
      )}
    </AppShell>
  );
}
