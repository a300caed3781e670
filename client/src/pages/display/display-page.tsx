// The room display /display/:debateId (a projector, no interaction): the program video
// (with sound; "turn the sound on" if the browser blocks it) with the speaker and their
// group as a lower third, a large countdown that changes colour at the warnings, live
// poll results as bars, the QR code and short link to join, and the next speakers. The
// display token (role display, read-only) arrives once as `#token=` from the moderator
// console. `?feed=room` makes this machine also send the room camera and microphone
// (the in-room feed, on air when nobody else is).
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate, useServerNow } from '../../lib/live.ts';
import { loadSession, saveSession, sessionFromToken, takeFromFragment, type StoredSession } from '../../lib/session.ts';
import { groupName } from '../../lib/speaking-time.ts';
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

function Screen(props: { view: DebateView; now: number; joinUrl: string | null; accessCode?: string | undefined; media: MediaHandle; roomFeed: boolean }) {
  const { view, media } = props;
  const names = participantNames(view);
  const nameOf = (id: string) => publisherName(id, { names, self: media.self.participantId, producers: media.state.value.room.producers });
  const feedProblem = props.roomFeed ? media.state.value.publish.problem : null;
  const floor = view.turns.floor;
  const poll = view.debate.modalities.pollsEnabled ? featuredPoll(view.polls.polls) : null;
  const next = view.turns.queue.slice(0, 3);
  return (
    <div class="display">
      <div class="display__program">
        <ProgramPlayer media={media} nameOf={nameOf} variant="fill" showSelf />
        {floor ? (
          <div class="lower-third">
            <p class="lower-third__name">{floor.name}</p>
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

function DisplayLive(props: { debateId: string; session: StoredSession }) {
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
      <ConnectionBanner live={live} />
      <LiveRegions live={live} />
      {view ? <Screen view={view} now={now.value} joinUrl={debate?.links.join ?? null} accessCode={debate?.modalities.accessCode} media={media} roomFeed={roomFeed} /> : null}
    </>
  );
}

export function DisplayPage(props: { debateId: string }) {
  const { debateId } = props;
  const initial = useMemo(() => {
    const fromUrl = takeFromFragment('token');
    const s = fromUrl ? sessionFromToken(fromUrl, debateId) : null;
    if (s) saveSession('display', debateId, s);
    return s ?? loadSession('display', debateId);
  }, [debateId]);
  const session = useSignal<StoredSession | null>(initial);
  return (
    <main id="main" class="display-root">
      {session.value ? (
        <DisplayLive debateId={debateId} session={session.value} />
      ) : (
        <div class="page">
          <div class="display-setup">
            <LangSwitch />
            <h1>{t('display.setupTitle')}</h1>
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
