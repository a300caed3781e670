// How an invited guest appears as a participant: under the id `guest_<guestId>` (the id
// their invitation token carries). Shared by the domain (turns) and the client (names and
// affiliations of guests in the queue, the floor and the lower third).
import type { Guest } from './modalities.ts';

const PREFIX = 'guest_';

export function guestParticipantId(guestId: string): string {
  return `${PREFIX}${guestId}`;
}

/** The guest behind a participant id, or null (not a guest, or unknown). */
export function guestOfParticipant(guests: readonly Guest[], participantId: string): Guest | null {
  if (!participantId.startsWith(PREFIX)) return null;
  const guestId = participantId.slice(PREFIX.length);
  return guests.find((g) => g.id === guestId) ?? null;
}
