// The room display /display/:debateId (a projector, no interaction): the program video
// (with sound; "turn the sound on" if the browser blocks it) with the speaker and their
// group as a lower third, a large countdown that changes colour at the warnings, live
// poll results as bars, the QR code and short link to join, and the next speakers. The
// display token (role display, read-only) arrives once as `#token=` from the moderator
// console. `?feed=room` makes this machine also send the room camera and microphone
// (the in-room feed, on air when nobody else is; shown unmirrored). A written turn shows
// the contribution's text in large type; the sides' quotas are shown when they have one.
// Once the debate is over the whole screen says so, with the archive's QR code and link.
import { useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate, useServerNow } from '../../lib/live.ts';
import { saveSession, type StoredSession } from '../../lib/session.ts';
import { problemOfRefusal } from '../../lib/staff-link.ts';
import { useStaffSession } from '../../lib/use-staff-session.ts';
import { StaffLinkNotice, StaffRefusal } from '../../components/staff-link-problem.tsx';
import { groupName, groupTimes } from '../../lib/speaking-time.ts';
import { affiliationOf } from '../../lib/guests.ts';
import { QuotaText } from '../../components/quota-text.tsx';
import { archivePath } from '../../components/ended-notice.tsx';
import type { DebateDto, DebateView } from '../../lib/view-types.ts';
import { featuredPoll } from '../../lib/display.ts';
import { ConnectionBanner } from '../../components/connection-banner.tsx';
import { Countdown } from '../../components/countdown.tsx';
import { FloorStatus } from '../../components/floor-status.tsx';
import { LiveRegions } from '../../components/live-regions.tsx';
import { ProgramPlayer } from '../../components/media-program.tsx';
import { participantNames, publisherName } from '../../lib/media/names.ts';
import { publishIntent } from '../../lib/media/publish-rules.ts';
import { mediaErrorText } from '../../lib/media/errors.ts';
import { useMediaSession, usePublishIntent, type MediaHandle } from '../../lib/media/use-media.ts';
import { PollResults } from '../../components/poll-results.tsx';
import { LangSwitch } from '../../components/lang-switch.tsx';
import { useApi } from '../../components/use-api.ts';
import { TokenForm } from '../../components/token-form.tsx';
import { RecordingIndicator } from '../../components/recording-notice.tsx';
import { QrCode } from './qr-code.tsx';
import { DisplayCaptions } from '../../components/live-captions.tsx';

function EndedScreen(props: { view: DebateView }) {
  const url = `${location.origin}${archivePath(props.view.debate.id)}`;
  return (
    <div class="display display--ended">
      <section class="display__ended" aria-labelledby="display-ended-title">
        <p class="display__title">{props.view.debate.title}</p>
        <h1 id="display-ended-title" class="display__ended-title">{t('ended.title')}</h1>
        <p class="display__status">{t('ended.thanks')}</p>
        <QrCode url={url} caption={t('ended.displayArchive')} />
      </section>
    </div>
  );
}

/** The text of the contribution being read out, large, where the speaker's video would be. */
function ReadOut(props: { view: DebateView }) {
  const floor = props.view.turns.floor;
  const id = floor?.contributionId ?? null;
  const c = id ? props.view.questions.contributions.find((x) => x.id === id) : undefined;
  if (!floor || !c) return null;
  return (
    <figure class="display__readout">
      <figcaption>{t('display.contributionBy', { name: c.authorName })}</figcaption>
      <blockquote>{c.text}</blockquote>
    </figure>
  );
}

function Quotas(props: { view: DebateView; now: number }) {
  const groups = groupTimes(props.view, props.now).filter((g) => g.quotaMs !== null);
  if (groups.length === 0) return null;
  return (
    <section class="display__quotas" aria-label={t('display.quotas')}>
      <h2>{t('display.quotas')}</h2>
      <ul>
        {groups.map((g) => (
          <li key={g.groupId}>
            <span class="display__quota-name">{g.name}</span> <QuotaText group={g} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Screen(props: { view: DebateView; now: number; joinUrl: string | null; accessCode?: string | undefined; media: MediaHandle; roomFeed: boolean }) {
  const { view, media } = props;
  const names = participantNames(view);
  const nameOf = (id: string) => publisherName(id, { names, self: media.self.participantId, producers: media.state.value.room.producers });
  const feedProblem = props.roomFeed ? media.state.value.publish.problem : null;
  const floor = view.turns.floor;
  const poll = view.debate.modalities.pollsEnabled ? featuredPoll(view.polls.polls, view.screen.hiddenPollIds) : null;
  const question = view.screen.questionId ? view.questions.questions.find((q) => q.id === view.screen.questionId) : undefined;
  const next = view.turns.queue.slice(0, 3);
  if (view.debate.status === 'ended' || view.debate.status === 'archived') return <EndedScreen view={view} />;
  const affiliation = floor ? affiliationOf(view, floor.participantId) : null;
  return (
    <div class="display">
      <div class="display__program">
        <ProgramPlayer media={media} nameOf={nameOf} variant="fill" showSelf />
        <ReadOut view={view} />
        {floor ? (
          <div class="lower-third">
            <p class="lower-third__name">{floor.name}</p>
            {affiliation ? <p class="lower-third__group">{affiliation}</p> : null}
            {floor.group ? <p class="lower-third__group">{groupName(view, floor.group)}</p> : null}
            {floor.mode === 'written' ? <p class="lower-third__group">{t('display.written')}</p> : null}
          </div>
        ) : null}
      </div>
      <aside class="display__side">
        <RecordingIndicator media={media} />
        <h1 class="display__title">{view.debate.title}</h1>
        <section aria-label={t('display.timer')}>
          {floor ? (
            <Countdown floor={floor} now={props.now} warningSeconds={view.debate.modalities.turn.warningSeconds} size="huge" />
          ) : (
            <FloorStatus view={view} now={props.now} class="display__status" />
          )}
        </section>
        <Quotas view={view} now={props.now} />
        {question ? (
          <section class="display__question" aria-label={t('display.question')}>
            <h2>{t('display.question')}</h2>
            <blockquote>{question.text}</blockquote>
            <p class="display__status">{t('questions.by', { name: question.authorName })}</p>
          </section>
        ) : null}
        {poll ? (
          <section class="display__poll" aria-label={t('display.poll')}>
            <h2>{poll.question}</h2>
            {poll.results ? <PollResults poll={poll} large /> : <p>{t('display.pollOpen')}</p>}
          </section>
        ) : null}
        <section class="display__next" aria-label={t('display.next')}>
          <h2>{t('display.next')}</h2>
          {next.length === 0 ? (
            <p>{t('display.nobodyNext')}</p>
          ) : (
            <ol>
              {next.map((e) => (
                <li key={e.participantId}>
                  {e.name}
                  {affiliationOf(view, e.participantId) ? ` (${affiliationOf(view, e.participantId)})` : ''}
                  {e.group ? ` · ${groupName(view, e.group)}` : ''}
                  {e.mode === 'written' ? ` · ${t('display.written')}` : ''}
                </li>
              ))}
            </ol>
          )}
        </section>
        {props.roomFeed ? (
          <p class="display__status">
            {t('media.display.roomFeed')} {feedProblem ? mediaErrorText(feedProblem) : ''}
          </p>
        ) : null}
        {props.joinUrl && (view.debate.status === 'live' || view.debate.status === 'scheduled') ? <QrCode url={props.joinUrl} accessCode={props.accessCode} /> : null}
      </aside>
    </div>
  );
}

function DisplayLive(props: { debateId: string; session: StoredSession; onRefused: (code: string | undefined) => void }) {
  const viewer = useMemo(() => ({ role: props.session.role, participantId: null }), [props.session]);
  const live = useLiveDebate(props.session.token, viewer)!;
  const now = useServerNow(live, 100);
  const view = live.view.value;
  // The display's own id (its token's subject) keeps it from receiving the room feed it sends.
  const self = useMemo(() => ({ role: props.session.role, participantId: props.session.participantId }), [props.session]);
  const media = useMediaSession(live, self, 'program');
  const roomFeed = useMemo(() => new URLSearchParams(location.search).get('feed') === 'room', []);
  usePublishIntent(media, publishIntent(view, self, { roomFeed }));
  // Read with the display token: the room display is shown the access code, to print it.
  const { result } = useApi<{ debate: DebateDto }>(`/api/debates/${props.debateId}`, props.session.token);
  const debate = result.value.state === 'ok' ? result.value.data.debate : null;
  return (
    <>
      <ConnectionBanner live={live} onRefused={() => props.onRefused(live.refusal.value?.code)} />
      <StaffRefusal live={live} onRefused={props.onRefused} />
      <LiveRegions live={live} />
      {view ? <Screen view={view} now={now.value} joinUrl={debate?.links.join ?? null} accessCode={debate?.modalities.accessCode} media={media} roomFeed={roomFeed} /> : null}
      {view ? <DisplayCaptions live={live} on={view.screen.captions} /> : null}
    </>
  );
}

export function DisplayPage(props: { debateId: string }) {
  const { debateId } = props;
  const { session, problem } = useStaffSession('display', debateId);
  const refused = (code: string | undefined) => {
    const s = session.value;
    const why = s ? problemOfRefusal(code, s.token, debateId) : null;
    if (!why) return;
    problem.value = why;
    session.value = null;
  };
  return (
    <main id="main" class="display-root">
      {session.value ? (
        <DisplayLive key={session.value.token} debateId={debateId} session={session.value} onRefused={refused} />
      ) : (
        <div class="page">
          <div class="display-setup">
            <LangSwitch />
            <h1>{t('display.setupTitle')}</h1>
            <StaffLinkNotice problem={problem.value} page="display" />
            <p>{t('display.setupText')}</p>
            <TokenForm
              debateId={debateId}
              label={t('display.tokenLabel')}
              onToken={(s) => {
                saveSession('display', debateId, s);
                session.value = s;
              }}
            />
          </div>
        </div>
      )}
    </main>
  );
}
