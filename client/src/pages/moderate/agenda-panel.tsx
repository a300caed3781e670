// The agenda of a templated debate (oxford: openings, rebuttals, audience questions,
// closings): each slot with its state, giving the floor for a slot (its guest or side),
// and moving past the current slot. Hidden for free debates, which have no agenda.
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { AgendaSlot, DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

const KNOWN = ['opening_for', 'opening_against', 'rebuttal_for', 'rebuttal_against', 'audience', 'closing_against', 'closing_for'] as const;
type KnownSlot = (typeof KNOWN)[number];

function slotLabel(view: DebateView, slot: AgendaSlot): string {
  if (!(KNOWN as readonly string[]).includes(slot.id)) return slot.label;
  return t(`agenda.${slot.id as KnownSlot}`, { side: groupName(view, slot.group) ?? '' });
}

export function AgendaPanel(props: { live: LiveDebate; view: DebateView }) {
  const { live, view } = props;
  const cmd = useCommand();
  const agenda = view.turns.agenda;
  if (agenda.length === 0) return null;
  const floorBusy = view.turns.floor !== null;
  const isLive = view.debate.status === 'live';
  return (
    <section class="card" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('agenda.title')}</h2>
      <ol class="agenda">
        {agenda.map((slot) => (
          <li key={slot.id} class={`agenda__slot agenda__slot--${slot.status}`} aria-current={slot.status === 'current' ? 'step' : undefined}>
            <span>{slotLabel(view, slot)}</span> <span class="tag">{t(`agenda.status.${slot.status}`)}</span>
            {slot.kind === 'speech' && slot.status !== 'done' ? (
              <button type="button" class="button button--small" disabled={cmd.busy.value || floorBusy || !isLive}
                aria-label={t('agenda.grantFor', { slot: slotLabel(view, slot) })}
                onClick={() => cmd.run(() => live.conn.send('floor:grant', { agendaSlotId: slot.id }))}>
                {t('mod.queue.grant')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <button type="button" class="button" disabled={cmd.busy.value || !isLive || agenda.every((s) => s.status === 'done')}
        onClick={() => cmd.run(() => live.conn.send('agenda:advance', {}))}>
        {t('agenda.advance')}
      </button>
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
