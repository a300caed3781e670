// Links that let people into one debate, issued on request by the organizer: the
// moderator console and the room display (a token in the URL fragment), and a personal
// invitation per guest. Each link is shown once in a read-only field with "copy" and
// "open"; nothing is issued until asked, since every link is a credential.
import { useSignal } from '@preact/signals';
import { adminApi, displayLink, moderatorLink } from '../../lib/admin-api.ts';
import { errorMessage, t } from '../../lib/i18n.ts';
import type { Ack, DebateDto } from '../../lib/view-types.ts';
import { StaffLinks } from './staff-links.tsx';
import { AlertText } from '../../components/command.tsx';

export function LinkBox(props: { id: string; label: string; url: string; openLabel: string }) {
  const copied = useSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url);
      copied.value = true;
    } catch {
      // No clipboard permission: select the text so that Ctrl+C works.
      (document.getElementById(props.id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div class="link-box">
      <label for={props.id}>{props.label}</label>
      <div class="link-box__row">
        <input id={props.id} readOnly value={props.url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button button--small" onClick={copy}>
          {t('admin.links.copy')}
        </button>
        <a class="button button--small" href={props.url} target="_blank" rel="noopener noreferrer">
          {props.openLabel}
        </a>
      </div>
      <p class="visually-hidden" role="status">
        {copied.value ? t('admin.links.copied') : ''}
      </p>
    </div>
  );
}

/** A button that issues a link, then shows it. */
function IssueLink(props: { id: string; button: string; context: string; label: string; openLabel: string; issue: () => Promise<Ack<string>> }) {
  const url = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const run = async () => {
    busy.value = true;
    error.value = null;
    const ack = await props.issue();
    busy.value = false;
    if (ack.ok) url.value = ack.data;
    else error.value = errorMessage(ack.error);
  };
  return (
    <div class="issue-link">
      {url.value ? (
        <LinkBox id={props.id} label={props.label} url={url.value} openLabel={props.openLabel} />
      ) : (
        <button type="button" class="button button--small" disabled={busy.value} onClick={run}>
          {props.button}
          <span class="visually-hidden"> ({props.context})</span>
        </button>
      )}
      <AlertText text={error.value} />
    </div>
  );
}

const mapAck = <A, B>(ack: Ack<A>, f: (a: A) => B): Ack<B> => (ack.ok ? { ok: true, data: f(ack.data) } : ack);

export function AccessLinks(props: { token: string; debate: DebateDto }) {
  const { debate } = props;
  const client = adminApi(props.token);
  const origin = location.origin;
  return (
    <div class="access-links">
      <IssueLink
        id={`mod-link-${debate.id}`}
        button={t('admin.links.moderator')}
        context={debate.title}
        label={t('admin.links.moderatorLabel')}
        openLabel={t('admin.links.openConsole')}
        issue={async () => mapAck(await client.moderatorToken(debate.id), (d) => moderatorLink(origin, debate.id, d.token))}
      />
      <IssueLink
        id={`display-link-${debate.id}`}
        button={t('admin.links.display')}
        context={debate.title}
        label={t('admin.links.displayLabel')}
        openLabel={t('admin.links.openDisplay')}
        issue={async () => mapAck(await client.displayToken(debate.id), (d) => displayLink(origin, debate.id, d.token))}
      />
      {debate.modalities.guests.map((g) => (
        <IssueLink
          key={g.id}
          id={`invite-link-${debate.id}-${g.id}`}
          button={t('admin.links.invite', { name: g.name })}
          context={debate.title}
          label={t('admin.links.inviteLabel', { name: g.name })}
          openLabel={t('admin.links.openInvite')}
          issue={async () => mapAck(await client.invite(debate.id, g.id), (d) => d.joinUrl)}
        />
      ))}
      <StaffLinks token={props.token} debate={debate} />
    </div>
  );
}
