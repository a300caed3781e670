// The moderator console /moderate/:debateId. The moderator token comes once in the URL
// fragment (`#token=`, kept in sessionStorage, cleared from the address bar) or is pasted;
// it is renewed when it runs out soon, and an expired or revoked link is said so.
// Three regions: `console__floor`, always in view (sticky): status with start / end, the
// floor and countdown with its shortcuts, the debate clock and the sides' totals;
// `console__work`: the agenda, the queue, the guests, written contributions, questions;
// `console__side`: media first (program preview, who publishes with mute / unmute,
// program choice, recording, the moderator's own microphone and camera), polls, speaking
// time per speaker, the participants with their presence, the room-display link. At
// 1366 px the floor is a column of its own and the two others stack; at 1920 px all three
// sit side by side.
import { RecordingIndicator } from '../../components/recording-notice.tsx';
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate, useServerNow } from '../../lib/live.ts';
import { clearSession, saveSession, type StoredSession } from '../../lib/session.ts';
import { AppShell } from '../../components/app-shell.tsx';
import { ConnectionBanner } from '../../components/connection-banner.tsx';
import { LiveRegions } from '../../components/live-regions.tsx';
import { MediaConsole } from '../../components/media-console.tsx';
import { publishIntent } from '../../lib/media/publish-rules.ts';
import { useMediaSession, usePublishIntent } from '../../lib/media/use-media.ts';
import { TokenForm } from '../../components/token-form.tsx';
import { StaffLinkNotice, StaffRefusal } from '../../components/staff-link-problem.tsx';
import { problemOfRefusal, type StaffLinkProblem } from '../../lib/staff-link.ts';
import { useStaffSession } from '../../lib/use-staff-session.ts';
import { AgendaPanel } from './agenda-panel.tsx';
import { ContributionsPanel } from './contributions-panel.tsx';
import { DebateClockPanel } from './debate-clock.tsx';
import { DisplayLink } from './display-link.tsx';
import { CaptionsConsole } from './captions-panel.tsx';
import { FloorPanel } from './floor-panel.tsx';
import { PollsPanel } from './polls-panel.tsx';
import { ModQuestionsPanel } from './questions-panel.tsx';
import { QueuePanel } from './queue-panel.tsx';
import { GuestsPanel, ParticipantsPanel } from './participants-panel.tsx';
import { StatusBar } from './status-bar.tsx';
import { TimePanel } from './time-panel.tsx';
import './console.css';

function Console(props: { session: StoredSession; debateId: string; onLeave: (problem?: StaffLinkProblem | null) => void }) {
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
      <ConnectionBanner live={live} onRefused={() => props.onLeave(problemOfRefusal(live.refusal.value?.code, props.session.token, props.debateId))} />
      <StaffRefusal live={live} onRefused={(code) => {
        const why = problemOfRefusal(code, props.session.token, props.debateId);
        if (why) props.onLeave(why);
      }} />
      <LiveRegions live={live} />
      {view ? (
        <>
          <h1 class="page-heading page-heading--console">{view.debate.title}</h1>
          <RecordingIndicator media={media} />
          <div class="console">
            <div class="console__floor">
              <StatusBar live={live} view={view} />
              <FloorPanel live={live} view={view} now={now.value} length={grantLength} />
              <DebateClockPanel view={view} now={now.value} />
            </div>
            <div class="console__work">
              <AgendaPanel live={live} view={view} />
              <QueuePanel live={live} view={view} length={grantLength} />
              <GuestsPanel live={live} view={view} length={grantLength} />
              <ContributionsPanel live={live} view={view} />
              <ModQuestionsPanel live={live} view={view} />
            </div>
            <div class="console__side">
              <MediaConsole media={media} view={view} onAir={onAir.value} setOnAir={(on) => (onAir.value = on)} intent={intent} />
              <PollsPanel live={live} view={view} />
              <TimePanel view={view} now={now.value} />
              <ParticipantsPanel view={view} />
              <DisplayLink debateId={props.debateId} token={props.session.token} />
              <CaptionsConsole live={live} view={view} debateId={props.debateId} token={props.session.token} />
            </div>
          </div>
        </>
      ) : null}
    </>
  );
}

export function ModeratePage(props: { debateId: string }) {
  const { debateId } = props;
  const { session, problem } = useStaffSession('moderator', debateId, { onlyOwnRole: true });
  const leave = (why: StaffLinkProblem | null = null) => {
    clearSession('moderator', debateId);
    problem.value = why;
    session.value = null;
  };
  return (
    <AppShell title={t('mod.title')} wide>
      {session.value ? (
        <Console key={session.value.token} session={session.value} debateId={debateId} onLeave={leave} />
      ) : (
        <section class="card">
          <h1>{t('mod.signIn')}</h1>
          <StaffLinkNotice problem={problem.value} page="moderator" />
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
