// Names for the people behind publications, from what the debate view already says
// (the floor, the queue, past turns, the invited guests). The media layer carries ids
// only; a name the view does not know is shown as a short id rather than guessed.
import type { MediaProducerInfo } from '../../../../server/src/protocol/media.ts';
import { t } from '../i18n.ts';
import type { DebateView } from '../view-types.ts';

export function participantNames(view: DebateView | null): Map<string, string> {
  const names = new Map<string, string>();
  if (!view) return names;
  for (const r of view.turns.turns) names.set(r.participantId, r.name);
  for (const e of view.turns.queue) names.set(e.participantId, e.name);
  if (view.turns.floor) names.set(view.turns.floor.participantId, view.turns.floor.name);
  return names;
}

/** How to call a publisher in the console and on the players. */
export function publisherName(
  participantId: string,
  o: { names: Map<string, string>; self: string | null; producers?: readonly MediaProducerInfo[] },
): string {
  if (participantId === o.self) return t('media.who.you');
  const known = o.names.get(participantId);
  if (known) return known;
  if (o.producers?.some((p) => p.participantId === participantId && p.appData.source === 'room')) return t('media.who.room');
  // The room feed is sent by a display page, whose id is its display token's subject.
  if (participantId.startsWith('dsp_')) return t('media.who.room');
  return t('media.who.unknown', { id: participantId.slice(-4) });
}
