// Who is in the room, for the moderator: the invited guests as a panel of their own (with
// their side, affiliation and presence, and the floor given to one directly), and every
// citizen seen so far with presence, role and side (the side of their hand or last turn).
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { PresenceTag } from '../../components/presence-tag.tsx';
import { grantSeconds, type GrantLength } from './floor-panel.tsx';

const guestId = (id: string) => `guest_${id}`;

/** The side of a citizen: their raised hand's group, else their last turn's. */
function sideOf(view: DebateView, participantId: string): string | null {
  const queued = view.turns.queue.find((e) => e.participantId === participantId);
  if (queued) return queued.group;
  return view.turns.turns.findLast((r) => r.participantId === participantId)?.group ?? null;
}

export function GuestsPanel(props: { live: LiveDebate; view: DebateView; length: GrantLength }) {
  const { live, view } = props;
  const cmd = useCommand();
  const guests = view.debate.modalities.guests;
  if (guests.length === 0) return null;
  // Once the debate is over the panel is only a record, like the queue: no floor to give.
  const over = view.debate.status === 'ended' || view.debate.status === 'archived';
  const canGrant = view.debate.status === 'live' && view.turns.floor === null;
  return (
    <section class="card" aria-labelledby="guests-title">
      <h2 id="guests-title">
        {t('mod.guests.title')} <span class="count">({guests.length})</span>
      </h2>
      <ul class="people">
        {guests.map((g) => (
          <li key={g.id} class="people__item">
            <div>
              <strong>{g.name}</strong>
              {g.group ? <span class="tag">{groupName(view, g.group)}</span> : null}
              <PresenceTag view={view} participantId={guestId(g.id)} />
              {g.affiliation ? <span class="muted people__affiliation"> {g.affiliation}</span> : null}
            </div>
            {over ? null : (
              <button type="button" class="button button--small button--primary" disabled={cmd.busy.value || !canGrant}
                aria-label={t('mod.queue.grantTo', { name: g.name })}
                onClick={() => cmd.run(() => live.conn.send('floor:grant', { participantId: guestId(g.id), ...grantSeconds(props.length) }))}>
                {t('mod.queue.grant')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorText error={cmd.error.value} />
    </section>
  );
}

export function ParticipantsPanel(props: { view: DebateView }) {
  const { view } = props;
  const people = Object.entries(view.turns.presence)
    .filter(([, p]) => p.role === 'participant')
    .sort(([, a], [, b]) => Number(b.connected) - Number(a.connected) || a.name.localeCompare(b.name));
  const online = people.filter(([, p]) => p.connected).length;
  return (
    <section class="card" aria-labelledby="people-title">
      <h2 id="people-title">
        {t('mod.people.title')} <span class="count">({t('mod.people.count', { online, total: people.length })})</span>
      </h2>
      {people.length === 0 ? <p class="muted">{t('mod.people.empty')}</p> : null}
      <ul class="people">
        {people.map(([id, p]) => {
          const side = sideOf(view, id);
          const place = view.turns.queue.findIndex((e) => e.participantId === id);
          return (
            <li key={id} class="people__item">
              <div>
                <strong>{p.name}</strong>
                <span class="tag">{t('role.participant')}</span>
                {side ? <span class="tag">{groupName(view, side)}</span> : null}
                <PresenceTag view={view} participantId={id} />
                {place >= 0 ? <span class="muted"> {t('mod.people.queued', { position: place + 1 })}</span> : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
