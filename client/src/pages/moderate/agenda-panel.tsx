// The agenda of a templated debate (oxford: openings, rebuttals, audience questions,
// closings): each slot with its state, giving the floor for a slot (its guest or side),
// and the next step, named on its button (the current slot closes, the next one starts;
// a slot that did not happen is never shown as done). Hidden for free debates.
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { AgendaSlot, DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

const SPEECH = /^(opening|rebuttal|closing)_(for|against)$/;

/** Tell the stance only when the side's name does not already say it ("Pour" is "pour"). */
function sameWord(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
  return norm(a) === norm(b);
}

export function slotLabel(view: DebateView, slot: AgendaSlot): string {
  if (slot.id === 'audience') return t('agenda.audience');
  const m = SPEECH.exec(slot.id);
  if (!m) return slot.label;
  const part = t(`agenda.slot.${m[1] as 'opening' | 'rebuttal' | 'closing'}`);
  const stance = t(`agenda.stance.${m[2] as 'for' | 'against'}`);
  const side = groupName(view, slot.group);
  if (!side) return `${part} (${stance})`;
  return sameWord(side, stance) ? `${part} : ${side}` : `${part} : ${side} (${stance})`;
}

/** What the next-step button does, in words (mirrors the domain's agendaStep). */
function stepLabel(view: DebateView, agenda: readonly AgendaSlot[]): string | null {
  const enter = agenda.find((s) => s.status === 'pending');
  if (enter) return t('agenda.enter', { slot: slotLabel(view, enter) });
  const current = agenda.find((s) => s.status === 'current');
  return current ? t('agenda.closeLast', { slot: slotLabel(view, current) }) : null;
}

export function AgendaPanel(props: { live: LiveDebate; view: DebateView }) {
  const { live, view } = props;
  const cmd = useCommand();
  const agenda = view.turns.agenda;
  if (agenda.length === 0) return null;
  const floorBusy = view.turns.floor !== null;
  const isLive = view.debate.status === 'live';
  const step = stepLabel(view, agenda);
  return (
    <section class="card" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('agenda.title')}</h2>
      <ol class="agenda">
        {agenda.map((slot) => (
          <li key={slot.id} class={`agenda__slot agenda__slot--${slot.status}`} aria-current={slot.status === 'current' ? 'step' : undefined}>
            <span>{slotLabel(view, slot)}</span> <span class="tag">{t(`agenda.status.${slot.status}`)}</span>
            {slot.kind === 'speech' && slot.status !== 'done' && isLive ? (
              <button type="button" class="button button--small" disabled={cmd.busy.value || floorBusy}
                aria-label={t('agenda.grantFor', { slot: slotLabel(view, slot) })}
                onClick={() => cmd.run(() => live.conn.send('floor:grant', { agendaSlotId: slot.id }))}>
                {t('mod.queue.grant')}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {step === null ? (
        <p class="muted">{t('agenda.finished')}</p>
      ) : isLive ? (
        <button type="button" class="button" disabled={cmd.busy.value} onClick={() => cmd.run(() => live.conn.send('agenda:advance', {}))}>
          {step}
        </button>
      ) : null}
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
