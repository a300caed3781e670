// The media layer's MediaNotifier over Socket.IO: pushes go to the debate's room
// `d:<debateId>` or to one participant's media room (every socket of that participant,
// whatever its role), which each socket joins on connection.
import type { Server } from 'socket.io';
import { rooms } from '../realtime/broadcaster.ts';
import type { MediaNotifier } from '../../../media/ports.ts';

export const mediaPersonRoom = (debateId: string, participantId: string) => `d:${debateId}:m:${participantId}`;

export function socketNotifier(io: Server): MediaNotifier {
  return {
    toDebate: (debateId, event, payload) => {
      io.to(rooms.all(debateId)).emit(event, payload);
    },
    toParticipants: (debateId, participantIds, event, payload) => {
      if (participantIds.length === 0) return;
      io.to(participantIds.map((id) => mediaPersonRoom(debateId, id))).emit(event, payload);
    },
  };
}
