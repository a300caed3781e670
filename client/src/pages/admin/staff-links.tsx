// The moderator and display links issued for a debate, and revoking one that leaked: the
// link stops working at once (its open pages are disconnected and told why).
import { useSignal } from '@preact/signals';
import { api } from '../../lib/api.ts';
import { formatDateTime, t } from '../../lib/i18n.ts';
import type { DebateDto } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

interface StaffLink {
  participantId: string;
  role: 'moderator' | 'display';
  displayName: string;
  issuedAt: number;
  revokedAt: number | null;
}

export function StaffLinks(props: { token: string; debate: DebateDto }) {
  const { debate } = props;
  const links = useSignal<StaffLink[] | null>(null);
  const cmd = useCommand();
  const load = async () => {
    const ack = await cmd.run(() => api<{ links: StaffLink[] }>('GET', `/api/debates/${debate.id}/staff-links`, { token: props.token }));
    if (ack.ok) links.value = ack.data.links;
  };
  const revoke = async (l: StaffLink) => {
    const ack = await cmd.run(() => api('DELETE', `/api/debates/${debate.id}/staff-links/${l.participantId}`, { token: props.token }));
    if (ack.ok) await load();
  };
  return (
    <details class="staff-links" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && void load()}>
      <summary>
        {t('admin.staffLinks.title')}
        <span class="visually-hidden"> ({debate.title})</span>
      </summary>
      <p class="muted">{t('admin.staffLinks.intro')}</p>
      {links.value?.length === 0 ? <p class="muted">{t('admin.staffLinks.none')}</p> : null}
      <ul class="staff-links__list">
        {(links.value ?? []).map((l) => (
          <li key={l.participantId}>
            <span>
              {t(l.role === 'moderator' ? 'admin.staffLinks.moderator' : 'admin.staffLinks.display', { name: l.displayName })} ·{' '}
              {t('admin.staffLinks.issued', { date: formatDateTime(l.issuedAt) })}
            </span>{' '}
            {l.revokedAt !== null ? (
              <span class="tag tag--warning">{t('admin.staffLinks.revokedAt', { date: formatDateTime(l.revokedAt) })}</span>
            ) : (
              <button type="button" class="button button--small button--danger" disabled={cmd.busy.value} onClick={() => void revoke(l)}
                aria-label={t('admin.staffLinks.revokeFor', { name: l.displayName, date: formatDateTime(l.issuedAt) })}>
                {t('admin.staffLinks.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorText error={cmd.error.value} />
    </details>
  );
}
