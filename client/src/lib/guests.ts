// Invited guests as the pages name them: their affiliation next to their name (queue,
// floor, lower third), from the debate's modalities.
import { guestOfParticipant } from '../../../server/src/protocol/guests.ts';
import type { DebateView } from './view-types.ts';

/** The affiliation of the guest behind a participant id, or null. */
export function affiliationOf(view: Pick<DebateView, 'debate'>, participantId: string): string | null {
  return guestOfParticipant(view.debate.modalities.guests, participantId)?.affiliation ?? null;
}
