// Joining a debate as a citizen, per its join policy: a display name (open), a name and
// the access code (code), or a personal invitation (invite; also accepted under any
// policy when the link carried one). The session and this browser's rejoin credential go
// to localStorage. A person who joined on another device types its transfer code instead.
import { useSignal } from '@preact/signals';
import { api } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import { rejoinSession, sessionOfJoin } from '../../lib/rejoin.ts';
import type { StoredSession } from '../../lib/session.ts';
import type { DebateDto, JoinResponse } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { RecordingNotice } from '../../components/recording-notice.tsx';

export function JoinForm(props: { debate: DebateDto; invitation: string | null; onJoined: (s: StoredSession) => void }) {
  const { debate } = props;
  const policy = debate.modalities.joinPolicy;
  const name = useSignal('');
  const code = useSignal('');
  const invitation = useSignal(props.invitation ?? '');
  const cmd = useCommand();
  const transfer = useSignal('');
  const transferCmd = useCommand();
  const joinable = debate.status === 'scheduled' || debate.status === 'live';
  const needsInvitation = policy === 'invite' || props.invitation !== null;

  async function submit(ev: Event) {
    ev.preventDefault();
    const body: Record<string, string> = {};
    if (name.value.trim()) body.displayName = name.value.trim();
    if (policy === 'code' && !needsInvitation) body.accessCode = code.value.trim();
    if (needsInvitation && invitation.value.trim()) body.invitation = invitation.value.trim();
    const ack = await cmd.run(() => api<JoinResponse>('POST', `/api/debates/${debate.id}/join`, { body }));
    if (!ack.ok) return;
    const session = sessionOfJoin(debate.id, ack.data);
    if (session) props.onJoined(session);
  }

  async function takeOver(ev: Event) {
    ev.preventDefault();
    const ack = await transferCmd.run(() => rejoinSession(debate.id, { transferCode: transfer.value.trim() }));
    if (ack.ok) props.onJoined(ack.data);
  }

  if (!joinable) {
    return (
      <section class="card" aria-labelledby="join-title">
        <h2 id="join-title">{t('join.title')}</h2>
        <p>{t(`join.closed.${debate.status}`)}</p>
        {debate.status === 'cancelled' ? null : (
          <p>
            <a href={`/archive/${debate.id}`}>{t('join.toArchive')}</a>
          </p>
        )}
      </section>
    );
  }

  return (
    <section class="card" aria-labelledby="join-title">
      <h2 id="join-title">{t('join.title')}</h2>
      <p>{t(needsInvitation ? 'join.intro.invite' : policy === 'code' ? 'join.intro.code' : 'join.intro.open')}</p>
      <form onSubmit={submit} class="form">
        <label for="join-name">{t(needsInvitation ? 'join.nameOptional' : 'join.name')}</label>
        <input
          id="join-name"
          autoComplete="nickname"
          maxLength={60}
          required={!needsInvitation}
          value={name.value}
          onInput={(e) => (name.value = e.currentTarget.value)}
        />
        {policy === 'code' && !needsInvitation ? (
          <>
            <label for="join-code">{t('join.code')}</label>
            <input
              id="join-code"
              required
              maxLength={64}
              autoComplete="off"
              value={code.value}
              onInput={(e) => (code.value = e.currentTarget.value)}
            />
          </>
        ) : null}
        {needsInvitation ? (
          <>
            <label for="join-invitation">{t('join.invitation')}</label>
            <input
              id="join-invitation"
              required
              maxLength={128}
              autoComplete="off"
              value={invitation.value}
              onInput={(e) => (invitation.value = e.currentTarget.value)}
            />
          </>
        ) : null}
        <RecordingNotice modalities={debate.modalities} id="join-recording" />
        <ErrorText error={cmd.error.value} />
        <button type="submit" class="button button--primary" disabled={cmd.busy.value} aria-describedby="join-recording">
          {t('join.submit')}
        </button>
      </form>
      <form onSubmit={takeOver} class="form join-transfer" aria-labelledby="join-transfer-title">
        <h3 id="join-transfer-title">{t('join.transfer.title')}</h3>
        <p class="muted">{t('join.transfer.intro')}</p>
        <label for="join-transfer">{t('join.transfer.code')}</label>
        <input
          id="join-transfer"
          required
          maxLength={32}
          autoComplete="off"
          autoCapitalize="characters"
          value={transfer.value}
          onInput={(e) => (transfer.value = e.currentTarget.value)}
        />
        <ErrorText error={transferCmd.error.value} />
        <button type="submit" class="button" disabled={transferCmd.busy.value}>
          {t('join.transfer.submit')}
        </button>
      </form>
    </section>
  );
}
