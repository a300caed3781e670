// A staff link that cannot be used, said in plain words with what to do: expired (when),
// or revoked by the organizers. Shown above the token form of the console and the display.
import { useEffect } from 'preact/hooks';
import { formatDateTime, t } from '../lib/i18n.ts';
import type { LiveDebate } from '../lib/live.ts';
import type { StaffLinkProblem } from '../lib/staff-link.ts';

export function StaffLinkNotice(props: { problem: StaffLinkProblem | null; page: 'moderator' | 'display' }) {
  const p = props.problem;
  if (!p) return null;
  const what = t(props.page === 'moderator' ? 'staffLink.moderator' : 'staffLink.display');
  return (
    <div class="banner banner--error staff-link-problem" role="alert">
      <p>{p.kind === 'expired' ? t('staffLink.expired', { what, date: formatDateTime(p.at) }) : t('staffLink.revoked', { what })}</p>
      <p>{t('staffLink.whatToDo')}</p>
    </div>
  );
}

/** Leaves the live page at once when the server refuses the link as expired or revoked (nothing rendered). */
export function StaffRefusal(props: { live: LiveDebate; onRefused: (code: string | undefined) => void }) {
  const status = props.live.status.value;
  const code = props.live.refusal.value?.code;
  useEffect(() => {
    if (status === 'refused' && (code === 'TOKEN_REVOKED' || code === 'TOKEN_EXPIRED')) props.onRefused(code);
  }, [status, code]);
  return null;
}
