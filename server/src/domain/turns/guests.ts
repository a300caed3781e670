// Invited guests as turn holders: a guest speaks under the participant id
// `guest_<guestId>` (the id their invitation token carries) and for their guest group.
import { guestOfParticipant, guestParticipantId } from '../../protocol/guests.ts';
import type { Guest, Modalities } from '../../protocol/modalities.ts';

export { guestParticipantId };

export function guestForParticipant(modalities: Modalities, participantId: string): Guest | null {
  return guestOfParticipant(modalities.guests, participantId);
}
