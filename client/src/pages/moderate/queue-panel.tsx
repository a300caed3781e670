// The speaking queue for the moderator: who waits, oral or written, their group and the
// time they have already spoken, whether they are connected; give the floor (for the
// length typed in the floor panel; also to someone away), move up / down, point of order,
// remove. Says whom the last "next" passed over because they were away. Once the debate
// is over the queue is only a record: no action, and it says why.
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { formatDuration } from '../../lib/clock.ts';
import { affiliationOf } from '../../lib/guests.ts';
import { groupName, spokenBy } from '../../lib/speaking-time.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { PresenceTag, SkippedNotice } from '../../components/presence-tag.tsx';
import { grantSeconds, type GrantLength } from './floor-panel.tsx';

export function QueuePanel(props: { live: LiveDebate; view: DebateView; length: GrantLength }) {
  const { live, view } = props;
  const cmd = useCommand();
  const queue = view.turns.queue;
  const isLive = view.debate.status === 'live';
  const over = view.debate.status === 'ended' || view.debate.status === 'archived';
  const floorBusy = view.turns.floor !== null;
  const send = cmd.run;
  return (
    <section class="card" aria-labelledby="queue-title">
      <h2 id="queue-title">
        {t('mod.queue.title')} <span class="count">({queue.length})</span>
      </h2>
      {over ? <p class="muted">{t('ended.queueClosed')}</p> : <SkippedNotice view={view} />}
      {queue.length === 0 && !over ? <p class="muted">{t('mod.queue.empty')}</p> : null}
      <ol class="queue">
        {queue.map((e, i) => {
          const who = { name: e.name };
          const affiliation = affiliationOf(view, e.participantId);
          return (
            <li key={e.participantId} class={e.priority ? 'queue__item queue__item--priority' : 'queue__item'}>
              <div class="queue__who">
                <strong>{e.name}</strong>
                <PresenceTag view={view} participantId={e.participantId} />
                {affiliation ? <span class="muted"> · {affiliation}</span> : null}
                <span class="tag">{t(e.mode === 'oral' ? 'mode.oral' : 'mode.written')}</span>
                {e.group ? <span class="tag">{groupName(view, e.group)}</span> : null}
                {e.role === 'speaker' ? <span class="tag">{t('role.speaker')}</span> : null}
                {e.priority ? <span class="tag tag--warning">{t('mod.queue.pointOfOrder')}</span> : null}
                <span class="muted"> {t('mod.queue.spoken', { time: formatDuration(spokenBy(view, e.participantId), false) })}</span>
              </div>
              {over ? null : <div class="button-row button-row--compact">
                <button type="button" class="button button--small button--primary" disabled={cmd.busy.value || floorBusy || !isLive}
                  aria-label={t('mod.queue.grantTo', who)}
                  onClick={() => send(() => live.conn.send('floor:grant', { participantId: e.participantId, ...grantSeconds(props.length) }))}>
                  {t('mod.queue.grant')}
                </button>
                <button type="button" class="button button--small" disabled={cmd.busy.value || i === 0}
                  aria-label={t('mod.queue.upFor', who)}
                  onClick={() => send(() => live.conn.send('queue:move', { participantId: e.participantId, position: i - 1 }))}>
                  ↑
                </button>
                <button type="button" class="button button--small" disabled={cmd.busy.value || i === queue.length - 1}
                  aria-label={t('mod.queue.downFor', who)}
                  onClick={() => send(() => live.conn.send('queue:move', { participantId: e.participantId, position: i + 1 }))}>
                  ↓
                </button>
                {!e.priority ? (
                  <button type="button" class="button button--small" disabled={cmd.busy.value}
                    aria-label={t('mod.queue.prioritizeFor', who)}
                    onClick={() => send(() => live.conn.send('queue:prioritize', { participantId: e.participantId }))}>
                    {t('mod.queue.prioritize')}
                  </button>
                ) : null}
                <button type="button" class="button button--small button--danger" disabled={cmd.busy.value}
                  aria-label={t('mod.queue.removeFor', who)}
                  onClick={() => send(() => live.conn.send('queue:remove', { participantId: e.participantId }))}>
                  {t('mod.queue.remove')}
                </button>
              </div>}
            </li>
          );
        })}
      </ol>
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
