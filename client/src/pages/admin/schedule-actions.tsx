// What an organizer can do about when a debate takes place: postpone it (a new start and
// an optional reason, both public), cancel it (an announced one; asks first, with an
// optional public reason) and duplicate it (a new draft with the same settings, e.g. for
// the next session or to plan a cancelled one anew).
import { useSignal } from '@preact/signals';
import { adminApi } from '../../lib/admin-api.ts';
import { isoToLocalInput, localInputToIso } from '../../lib/admin-form.ts';
import { errorMessage, t } from '../../lib/i18n.ts';
import type { Ack, DebateDto } from '../../lib/view-types.ts';
import { AlertText } from '../../components/command.tsx';

type Open = null | 'postpone' | 'cancel';

export function ScheduleActions(props: {
  token: string;
  debate: DebateDto;
  onChanged: (d: DebateDto) => void;
  onDuplicated: (d: DebateDto) => void;
}) {
  const { debate } = props;
  const open = useSignal<Open>(null);
  const when = useSignal(isoToLocalInput(debate.modalities.scheduledStart));
  const reason = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const api = adminApi(props.token);
  const id = (k: string) => `debate-${debate.id}-${k}`;
  const canPostpone = debate.status === 'draft' || debate.status === 'scheduled';
  const canCancel = debate.status === 'scheduled';

  const run = async (call: () => Promise<Ack<{ debate: DebateDto }>>, done: (d: DebateDto) => void) => {
    busy.value = true;
    error.value = null;
    const ack = await call();
    busy.value = false;
    if (!ack.ok) {
      error.value = errorMessage(ack.error);
      return;
    }
    open.value = null;
    reason.value = '';
    done(ack.data.debate);
  };
  const why = () => (reason.value.trim() ? { reason: reason.value.trim() } : {});

  const submitPostpone = (ev: Event) => {
    ev.preventDefault();
    const scheduledStart = localInputToIso(when.value);
    if (!scheduledStart) {
      error.value = t('admin.schedule.badDate');
      return;
    }
    void run(() => api.postpone(debate.id, { scheduledStart, ...why() }), props.onChanged);
  };
  const submitCancel = (ev: Event) => {
    ev.preventDefault();
    void run(() => api.cancel(debate.id, why()), props.onChanged);
  };

  const reasonField = (
    <>
      <label for={id('reason')}>{t('admin.schedule.reason')}</label>
      <input id={id('reason')} maxLength={500} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
    </>
  );

  return (
    <div class="schedule-actions">
      <div class="button-row">
        {canPostpone ? (
          <button type="button" class="button" aria-expanded={open.value === 'postpone'} onClick={() => (open.value = open.value === 'postpone' ? null : 'postpone')}>
            {t('admin.schedule.postpone')}
            <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
          </button>
        ) : null}
        {canCancel ? (
          <button type="button" class="button button--danger" aria-expanded={open.value === 'cancel'} onClick={() => (open.value = open.value === 'cancel' ? null : 'cancel')}>
            {t('admin.schedule.cancel')}
            <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
          </button>
        ) : null}
        <button type="button" class="button" disabled={busy.value} onClick={() => run(() => api.duplicate(debate.id), props.onDuplicated)}>
          {t('admin.schedule.duplicate')}
          <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
        </button>
      </div>
      {open.value === 'postpone' ? (
        <form class="form" onSubmit={submitPostpone}>
          <label for={id('when')}>{t('admin.schedule.newStart')}</label>
          <input id={id('when')} type="datetime-local" required value={when.value} onInput={(e) => (when.value = e.currentTarget.value)} />
          {reasonField}
          <button type="submit" class="button button--primary" disabled={busy.value}>
            {t('admin.schedule.postponeConfirm')}
          </button>
        </form>
      ) : null}
      {open.value === 'cancel' ? (
        <form class="form" onSubmit={submitCancel}>
          <p>{t('admin.schedule.cancelWarning', { title: debate.title })}</p>
          {reasonField}
          <button type="submit" class="button button--danger" disabled={busy.value}>
            {t('admin.schedule.cancelConfirm')}
          </button>
        </form>
      ) : null}
      <AlertText text={error.value} />
    </div>
  );
}
