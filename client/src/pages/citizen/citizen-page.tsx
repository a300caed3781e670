// The citizen app /d/:debateId (mobile first: the in-room audience votes from phones).
// Without a session: the join form. With one: the live debate — who speaks and the
// countdown, the program stream (audio only on request), the hand (and, with the floor in
// oral mode, the microphone and camera going out), polls, questions and written
// contributions. The session and its rejoin credential live in localStorage: every tab,
// reload and reconnection of this browser is the same participant (place in the queue,
// ballots, own questions); an expired token is renewed with the credential, and a
// `#transfer=` link (from "use on another device") takes the participation over. On air
// with an oral turn, one's own preview and microphone come first (a phone shows them
// without scrolling). Once the debate is over, only that and the way to the archive.
// A crowd, "économie de données" or a failed WebRTC: the program comes as HLS instead, and
// what the page shows is held back by its delay (lib/broadcast/use-broadcast-view.ts).
import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate, useServerNow } from '../../lib/live.ts';
import { rejoinSession } from '../../lib/rejoin.ts';
import { hasConsented, saveConsent } from '../../lib/consent.ts';
import {
  clearRefusedSession,
  clearSession,
  loadCredential,
  refusedSessionCode,
  loadSession,
  onSessionChange,
  saveSession,
  takeFromFragment,
  type StoredSession,
} from '../../lib/session.ts';
import { ErrorText } from '../../components/command.tsx';
import type { ErrorBody } from '../../lib/view-types.ts';
import { groupName } from '../../lib/speaking-time.ts';
import { affiliationOf } from '../../lib/guests.ts';
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
import { EndedNotice } from '../../components/ended-notice.tsx';
import { ContributionPanel } from './contribution-panel.tsx';
import { DeviceTransfer } from './device-transfer.tsx';
import { HandPanel } from './hand-panel.tsx';
import { JoinForm } from './join-form.tsx';
import { SubscribeForm } from '../../components/subscribe-form.tsx';
import { QuestionsPanel } from './questions-panel.tsx';
import { VotePanel } from './vote-panel.tsx';
import { CaptionsPanel } from '../../components/live-captions.tsx';

/** Refusals the rejoin credential may cure (or explain): tried without asking. */
const AUTO_REJOIN = new Set(['TOKEN_REVOKED', 'TOKEN_EXPIRED', 'INVALID_TOKEN']);
import { HlsPlayer } from '../../components/hls-player.tsx';
import { dataSaver, setDataSaver, useBroadcastView } from '../../lib/broadcast/use-broadcast-view.ts';
import type { ViewerMode } from '../../lib/broadcast/viewer-mode.ts';

const isOver = (status: DebateDto['status']) => status === 'ended' || status === 'archived';

function CitizenLive(props: { debateId: string; session: StoredSession; onLeave: () => void; onRefused: () => void }) {
  const { session, debateId } = props;
  const viewer = useMemo(() => ({ role: session.role, participantId: session.participantId }), [session]);
  const live = useLiveDebate(session.token, viewer)!;
  const now = useServerNow(live);
  const view = live.view.value;
  const floor = view?.turns.floor ?? null;
  const isSpeaker = session.role === 'speaker';
  // Over HLS the page consumes nothing over WebRTC (media:* still carries publishing).
  const mode = useSignal<ViewerMode>('webrtc');
  const media = useMediaSession(live, viewer, mode.value === 'hls' ? 'none' : 'program');
  const webrtcFailed = useSignal(false);
  if (mode.value === 'webrtc' && media.state.value.status === 'failed') webrtcFailed.value = true;
  // Nothing goes out before the person confirmed the broadcast and recording notice.
  const consented = useSignal(hasConsented(debateId));
  const onConsent = () => {
    saveConsent(debateId);
    consented.value = true;
  };
  const intent = consented.value ? publishIntent(view, viewer) : null;
  // A token refused as expired or revoked (moved to another device, revoked by a
  // moderator): the credential is tried at once; if it is dead too, the page says why.
  const refusedCode = live.status.value === 'refused' ? live.refusal.value?.code : undefined;
  useEffect(() => {
    if (refusedCode && AUTO_REJOIN.has(refusedCode)) props.onRefused();
  }, [refusedCode]);
  usePublishIntent(media, intent);
  const names = participantNames(view);
  const nameOf = (id: string) => publisherName(id, { names, self: session.participantId, producers: media.state.value.room.producers });
  const over = view?.debate.status === 'ended' || view?.debate.status === 'archived';
  const onAirOral = floor !== null && floor.participantId === session.participantId && floor.mode === 'oral';
  const bv = useBroadcastView({
    debateId: props.debateId,
    view,
    serverNow: now.value,
    clockNow: () => live.conn.clock.now(),
    onAirOral,
    webrtcFailed: webrtcFailed.value,
  });
  useEffect(() => {
    mode.value = bv.mode;
  }, [bv.mode]);
  // What the page shows (speaker, countdown, results) is held back by the HLS delay.
  const shownFloor = bv.shown?.turns.floor ?? null;
  const shownPolls = view
    ? view.polls.polls.map((p) => ({ ...p, results: bv.shown?.polls.polls.find((q) => q.id === p.id)?.results ?? null }))
    : [];
  const hand = view ? (
    <HandPanel
      live={live}
      view={view}
      me={session.participantId}
      isSpeaker={isSpeaker}
      now={now.value}
      media={media}
      intent={intent}
      consented={consented}
      onConsent={onConsent}
    />
  ) : null;
  return (
    <>
      <ConnectionBanner live={live} onRefused={props.onRefused} />
      <LiveRegions live={live} />
      <RecordingIndicator media={media} />
      <p class="whoami">
        {t('citizen.whoami', { name: session.name })}{' '}
        <button type="button" class="link-button" onClick={props.onLeave}>
          {t('citizen.leave')}
        </button>
      </p>
      {view && over ? <EndedNotice debateId={view.debate.id} /> : null}
      {view && !over ? (
        <div class={`stack${onAirOral ? ' stack--on-air' : ''}`}>
          {onAirOral ? hand : null}
          {onAirOral ? null : <section class="card" aria-labelledby="floor-title">
            <h2 id="floor-title">{t(`status.${view.debate.status}`)}</h2>
            {shownFloor ? (
              <div class="speaker">
                <p class="speaker__name">
                  {shownFloor.name}
                  {affiliationOf(view, shownFloor.participantId) ? <span class="speaker__group"> · {affiliationOf(view, shownFloor.participantId)}</span> : null}
                  {shownFloor.group ? <span class="speaker__group"> · {groupName(view, shownFloor.group)}</span> : null}
                </p>
                <Countdown floor={shownFloor} now={bv.shownNow} warningSeconds={view.debate.modalities.turn.warningSeconds} />
              </div>
            ) : (
              <p class="muted">{t('floor.nobody')}</p>
            )}
          </section>}
          {bv.mode === 'hls' && bv.playlist ? (
            <HlsPlayer src={bv.playlist} delayMs={bv.delayMs} onPlayingDate={bv.onPlayingDate} reason={bv.reason ? t(`bc.viewer.why.${bv.reason}`) : null} />
          ) : (
            <ProgramPlayer media={media} nameOf={nameOf} variant="page" audioOnlyToggle />
          )}
          <CaptionsPanel live={live} />
          {onAirOral ? null : (
            <label class="checkbox">
              <input type="checkbox" checked={dataSaver.value} onChange={(e) => setDataSaver((e.target as HTMLInputElement).checked)} />{' '}
              {t('bc.viewer.dataSaver')} <span class="muted">{t('bc.viewer.dataSaverHint')}</span>
            </label>
          )}
          {onAirOral ? null : hand}
          {view.debate.modalities.pollsEnabled ? <VotePanel live={live} polls={shownPolls} canVote /> : null}
          <QuestionsPanel live={live} view={view} me={session.participantId} />
          <ContributionPanel live={live} view={view} me={session.participantId} isSpeaker={isSpeaker} />
          <DeviceTransfer debateId={view.debate.id} token={session.token} />
        </div>
      ) : null}
    </>
  );
}

export function CitizenPage(props: { debateId: string }) {
  const { debateId } = props;
  const invitation = useMemo(() => takeFromFragment('invitation'), [debateId]);
  const transferCode = useMemo(() => takeFromFragment('transfer'), [debateId]);
  const fresh = invitation || transferCode ? null : loadSession('citizen', debateId);
  const session = useSignal<StoredSession | null>(fresh);
  const rejoining = useSignal(false);
  const rejoinError = useSignal<Pick<ErrorBody, 'code'> | null>(null);
  const adopt = (s: StoredSession) => {
    saveSession('citizen', debateId, s);
    session.value = s;
  };
  /** Trade the credential (or the transfer code) for a session; a dead credential is forgotten. */
  const rejoin = async (body: { credential: string } | { transferCode: string }) => {
    rejoining.value = true;
    const ack = await rejoinSession(debateId, body);
    rejoining.value = false;
    if (ack.ok) return adopt(ack.data);
    rejoinError.value = ack.error;
    if (ack.error.code === 'REJOIN_REFUSED' && 'credential' in body) clearRefusedSession(debateId, ack.error.code);
    session.value = null;
  };
  useEffect(() => {
    if (session.value) return;
    const credential = transferCode ? null : loadCredential(debateId);
    if (transferCode) void rejoin({ transferCode });
    else if (credential) void rejoin({ credential });
  }, [debateId]);
  // Another tab joined, rejoined or left: follow it, so the tabs stay one participant.
  useEffect(
    () =>
      onSessionChange(debateId, () => {
        const next = loadSession('citizen', debateId);
        if (next?.token !== session.value?.token) session.value = next;
        // Ended by a refusal in another tab (moved to another device): say so here too.
        const code = next ? null : refusedSessionCode(debateId);
        if (code) rejoinError.value = { code };
      }),
    [debateId],
  );
  const refused = () => {
    const credential = loadCredential(debateId);
    if (credential) void rejoin({ credential });
    else leave();
  };
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
      {rejoining.value ? <p role="status">{t('join.rejoining')}</p> : null}
      {!session.value ? <ErrorText error={rejoinError.value} /> : null}
      {loaded.state === 'ok' && !session.value ? <DebateInfo debate={loaded.data.debate} /> : null}
      {loaded.state === 'ok' && !session.value && isOver(loaded.data.debate.status) ? <EndedNotice debateId={debateId} /> : null}
      {loaded.state === 'ok' && !session.value && !rejoining.value && !isOver(loaded.data.debate.status) ? (
        <JoinForm debate={loaded.data.debate} invitation={invitation} onJoined={adopt} />
      ) : null}
      {loaded.state === 'ok' && !session.value && loaded.data.debate.status === 'scheduled' ? (
        <SubscribeForm scope={{ kind: 'debate', debateId }} id="subscribe-debate" />
      ) : null}
      {session.value ? (
        <CitizenLive key={session.value.token} debateId={debateId} session={session.value} onLeave={leave} onRefused={refused} />
      ) : null}
    </AppShell>
  );
}

