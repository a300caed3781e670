// One debate in the organizer's list: when and where, its status, the next lifecycle step
// (announce → start → end → archive; starting and ending ask for confirmation), edit while it has not
// started, postpone / cancel / duplicate, the public pages with the public link's QR code,
// calendar entry and access code, and the access links (moderator console, room display,
// guest invitations).
import { useSignal } from '@preact/signals';
import { adminApi, canIssueAccess, isEditable, nextTransition, type Transition } from '../../lib/admin-api.ts';
import { errorMessage, formatDateTime, t } from '../../lib/i18n.ts';
import type { DebateDto } from '../../lib/view-types.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { EndDebateButton } from '../../components/end-debate.tsx';
import { AccessLinks } from './access-links.tsx';
import { PublicLink } from './public-link.tsx';
import { ScheduleActions } from './schedule-actions.tsx';
import { NotifyPanel } from './notify-panel.tsx';
import { AlertText } from '../../components/command.tsx';

const ACTION_KEYS = {
  announce: 'admin.action.announce',
  start: 'admin.action.start',
  end: 'admin.action.end',
  archive: 'admin.action.archive',
} as const;

export function DebateCard(props: {
  token: string;
  debate: DebateDto;
  onChanged: (d: DebateDto) => void;
  onEdit: (d: DebateDto) => void;
  onDuplicated?: (d: DebateDto) => void;
}) {
  const { debate } = props;
  const next = nextTransition(debate.status);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const m = debate.modalities;
  const run = async (action: Transition) => {
    busy.value = true;
    error.value = null;
    const ack = await adminApi(props.token).transition(debate.id, action);
    busy.value = false;
    if (ack.ok) props.onChanged(ack.data.debate);
    else error.value = errorMessage(ack.error);
  };
  const titleId = `debate-${debate.id}-title`;
  return (
    <li class="admin-debate">
      <article aria-labelledby={titleId}>
        <h3 id={titleId} class="admin-debate__title">
          {debate.title}
        </h3>
        <p class="muted">
          <span class={`status status--${debate.status}`}>{t(`status.${debate.status}`)}</span> · {formatDateTime(m.scheduledStart)} ·{' '}
          {t('admin.card.duration', { minutes: m.plannedDurationMinutes })} · {t(`admin.format.${m.format}`)}
          {debate.location ? ` · ${debate.location}` : ''}
        </p>
        <p class="muted small-text">
          {t('admin.card.rules', {
            seconds: m.turn.defaultSeconds,
            expiry: t(`admin.expiry.${m.turn.expiry}`),
            join: t(`admin.join.${m.joinPolicy}`),
          })}
          {m.groups.length ? ` · ${m.groups.map((g) => g.name).join(' / ')}` : ''}
        </p>
        <div class="button-row">
          {next === 'start' ? (
            <ConfirmButton busy={busy.value} onConfirm={() => run('start')} yes={t('mod.startYes')}
              question={t('mod.startConfirm', { date: formatDateTime(m.scheduledStart) })}>
              {t(ACTION_KEYS.start)}
              <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
            </ConfirmButton>
          ) : null}
          {next && next !== 'end' && next !== 'start' ? (
            <button type="button" class="button" disabled={busy.value} onClick={() => run(next)}>
              {t(ACTION_KEYS[next])}
              <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
            </button>
          ) : null}
          {next === 'end' ? (
            <EndDebateButton busy={busy.value} onEnd={() => run('end')}>
              {t('admin.action.end')}
              <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
            </EndDebateButton>
          ) : null}
          {isEditable(debate.status) ? (
            <button type="button" class="button" onClick={() => props.onEdit(debate)}>
              {t('admin.action.edit')}
              <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
            </button>
          ) : null}
        </div>
        <AlertText text={error.value} />
        <p class="admin-debate__pages">
          {debate.status === 'draft' ? (
            <span class="muted">{t('admin.card.draftHidden')}</span>
          ) : (
            <>
              <a href={`/d/${debate.id}`}>
                {t('admin.card.publicPage')}
                <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
              </a>
              {' · '}
              <a href={`/archive/${debate.id}`}>
                {t('admin.card.archivePage')}
                <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
              </a>
            </>
          )}
        </p>
        {debate.status === 'scheduled' || debate.status === 'live' ? <PublicLink debate={debate} /> : null}
        {debate.modalities.accessCode && debate.status === 'draft' ? (
          <p>
            {t('admin.public.accessCode')}
            {t('common.colon')}
            <strong class="access-code">{debate.modalities.accessCode}</strong>
          </p>
        ) : null}
        <ScheduleActions token={props.token} debate={debate} onChanged={props.onChanged} onDuplicated={props.onDuplicated ?? props.onChanged} />
        {canIssueAccess(debate.status) ? <AccessLinks token={props.token} debate={debate} /> : null}
        <NotifyPanel token={props.token} debate={debate} />
      </article>
    </li>
  );
}
