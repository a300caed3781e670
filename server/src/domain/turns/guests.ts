// Invited guests as turn holders: a guest speaks under the participant id
// `guest_<guestId>` (the id their invitation token carries) and for their guest group.
import type { Guest, Modalities } from '../../protocol/modalities.ts';

const PREFIX = 'guest_';

export function guestParticipantId(guestId: string): string {
  return `${PREFIX}${guestId}`;
}

export function guestForParticipant(modalities: Modalities, participantId: string): Guest | null {
  if (!participantId.startsWith(PREFIX)) return null;
  const guestId = participantId.slice(PREFIX.length);
  return modalities.guests.find((g) => g.id === guestId) ?? null;
}
