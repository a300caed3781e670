// The captioner's page /caption/:debateId (vélotypie / CART), opened with the link the
// moderator creates: who has the floor, the last lines as everyone sees them, and one
// field where Enter sends the line typed (caption:write). The server attributes it to
// the floor holder; it becomes the reference text of that turn. The program feed plays
// above the lines, for a captioner who is not in the room.
import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { AppShell } from '../../components/app-shell.tsx';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { ConnectionBanner } from '../../components/connection-banner.tsx';
import { CaptionsPanel } from '../../components/live-captions.tsx';
import { t } from '../../lib/i18n.ts';
import { useLiveDebate } from '../../lib/live.ts';
import type { StoredSession } from '../../lib/session.ts';
import { useStaffSession } from '../../lib/use-staff-session.ts';
import { ProgramPlayer } from '../../components/media-program.tsx';
import { participantNames, publisherName } from '../../lib/media/names.ts';
import { useMediaSession } from '../../lib/media/use-media.ts';

function CaptionerLive(props: { session: StoredSession }) {
  const viewer = useMemo(() => ({ role: props.session.role, participantId: props.session.participantId }), [props.session]);
  const live = useLiveDebate(props.session.token, viewer)!;
  const view = live.view.value;
  // A remote captioner hears the program feed here (a captioner in the room hears the room).
  const media = useMediaSession(live, viewer, 'program');
  const names = participantNames(view);
  const nameOf = (id: string) => publisherName(id, { names, self: props.session.participantId, producers: media.state.value.room.producers });
  const text = useSignal('');
  const cmd = useCommand();
  const send = async (e: Event) => {
    e.preventDefault();
    const line = text.value.trim();
    if (!line) return;
    const ack = await cmd.run(() => live.conn.send('caption:write', { text: line }));
    if (ack.ok) text.value = '';
  };
  return (
    <>
      <ConnectionBanner live={live} />
      {view ? <h1 class="page-heading">{view.debate.title}</h1> : null}
      <p role="status">{view?.turns.floor ? t('captioner.floor', { name: view.turns.floor.name }) : t('floor.nobody')}</p>
      <form class="card" onSubmit={send}>
        <label for="caption-line">{t('captioner.label')}</label>
        <input id="caption-line" class="input" autoComplete="off" maxLength={500} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />
        <p class="muted">{t('captioner.hint')}</p>
        <button type="submit" class="button" disabled={cmd.busy.value}>
          {t('captioner.send')}
        </button>
        <ErrorText error={cmd.error.value} />
      </form>
      <ProgramPlayer media={media} nameOf={nameOf} variant="page" audioOnlyToggle />
      <CaptionsPanel live={live} />
    </>
  );
}

export function CaptionerPage(props: { debateId: string }) {
  const { session } = useStaffSession('captioner', props.debateId, { onlyOwnRole: true });
  return (
    <AppShell title={t('captioner.title')}>
      {session.value ? <CaptionerLive key={session.value.token} session={session.value} /> : <p>{t('captioner.setup')}</p>}
    </AppShell>
  );
}
