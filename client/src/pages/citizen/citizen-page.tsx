// The citizen app /d/:debateId (mobile first: the in-room audience votes from phones).
// Without a session: the join form. With one: the live debate — who speaks and the
// countdown, the program stream (audio only on request), the hand (and, with the floor in
// oral mode, the microphone and camera going out), polls, questions and written
// contributions. The session survives reloads (sessionStorage), so a reconnection
// keeps the person's place in the queue and their ballots.
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate, useServerNow } from '../../lib/live.ts';
import { clearSession, loadSession, saveSession, takeFromFragment, type StoredSession } from '../../lib/session.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { DebateDto } from '../../lib/view-types.ts';
import { AppShell } from '../../components/app-shell.tsx';
import { DebateInfo } from '../../components/debate-info.tsx';
import { RecordingIndicator } from '../../components/recording-notice.tsx';
import { ConnectionBanner } from '../../components/connection-banner.tsx';
import { Countdown } from '../../components/countdown.tsx';
import { LiveRegions } from '../../components/live-regions.tsx';
import { ProgramPlayer } from '../../components/media-program.tsx';
import { participantNames, publisherName } from '../../lib/media/names.ts';
import { publishIntent } from '../../lib/media/publish-rules.ts';
import { useMediaSession, usePublishIntent } from '../../lib/media/use-media.ts';
import { useApi } from '../../components/use-api.ts';
import { LoadError } from '../../components/load-error.tsx';
import { ContributionPanel } from './contribution-panel.tsx';
import { HandPanel } from './hand-panel.tsx';
import { JoinForm } from './join-form.tsx';
import { QuestionsPanel } from './questions-panel.tsx';
import { VotePanel } from './vote-panel.tsx';

function CitizenLive(props: { session: StoredSession; onLeave: () => void }) {
  const { session } = props;
  const viewer = useMemo(() => ({ role: session.role, participantId: session.participantId }), [session]);
  const live = useLiveDebate(session.token, viewer)!;
  const now = useServerNow(live);
  const view = live.view.value;
  const floor = view?.turns.floor ?? null;
  const isSpeaker = session.role === 'speaker';
  const media = useMediaSession(live, viewer, 'program');
  const intent = publishIntent(view, viewer);
  usePublishIntent(media, intent);
  const names = participantNames(view);
  const nameOf = (id: string) => publisherName(id, { names, self: session.participantId });
  return (
    <>
      <ConnectionBanner live={live} onRefused={props.onLeave} />
      <LiveRegions live={live} />
      <RecordingIndicator media={media} />
      <p class="whoami">
        {t('citizen.whoami', { name: session.name })}{' '}
        <button type="button" class="link-button" onClick={props.onLeave}>
          {t('citizen.leave')}
        </button>
      </p>
      {view ? (
        <div class="stack">
          <section class="card" aria-labelledby="floor-title">
            <h2 id="floor-title">{t(`status.${view.debate.status}`)}</h2>
            {floor ? (
              <div class="speaker">
                <p class="speaker__name">
                  {floor.name}
                  {floor.group ? <span class="speaker__group"> · {groupName(view, floor.group)}</span> : null}
                </p>
                <Countdown floor={floor} now={now.value} warningSeconds={view.debate.modalities.turn.warningSeconds} />
              </div>
            ) : (
              <p class="muted">{t('floor.nobody')}</p>
            )}
          </section>
          <ProgramPlayer media={media} nameOf={nameOf} variant="page" audioOnlyToggle />
          <HandPanel live={live} view={view} me={session.participantId} isSpeaker={isSpeaker} now={now.value} media={media} intent={intent} />
          {view.debate.modalities.pollsEnabled ? <VotePanel live={live} polls={view.polls.polls} canVote /> : null}
          <QuestionsPanel live={live} view={view} me={session.participantId} />
          <ContributionPanel live={live} view={view} me={session.participantId} isSpeaker={isSpeaker} />
        </div>
      ) : null}
    </>
  );
}

export function CitizenPage(props: { debateId: string }) {
  const { debateId } = props;
  const invitation = useMemo(() => takeFromFragment('invitation'), [debateId]);
  const session = useSignal<StoredSession | null>(invitation ? null : loadSession('citizen', debateId));
  const { result } = useApi<{ debate: DebateDto }>(`/api/debates/${debateId}`);
  const loaded = result.value;
  const title = loaded.state === 'ok' ? loaded.data.debate.title : t('citizen.title');
  const leave = () => {
    clearSession('citizen', debateId);
    session.value = null;
  };
  return (
    <AppShell title={t('citizen.title')}>
      <h1 class="page-heading">{title}</h1>
      {loaded.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {loaded.state === 'error' ? <LoadError code={loaded.error.code} /> : null}
      {loaded.state === 'ok' && !session.value ? <DebateInfo debate={loaded.data.debate} /> : null}
      {loaded.state === 'ok' && !session.value ? (
        <JoinForm
          debate={loaded.data.debate}
          invitation={invitation}
          onJoined={(s) => {
            saveSession('citizen', debateId, s);
            session.value = s;
          }}
        />
      ) : null}
      {session.value ? <CitizenLive key={session.value.token} session={session.value} onLeave={leave} /> : null}
    </AppShell>
  );
}

