// Fan-out of committed events and tallies to the sockets of a debate, with per-viewer
// redaction. Every viewer receives every seq (gap detection relies on it); only the
// payload may be reduced. Rooms: all / staff (moderators) / public / one per participant.
import type { Server } from 'socket.io';
import type { DebateEvent } from '../debate/types.ts';
import { redactEvent } from '../debate/debate.ts';
import type { PollResults } from '../debate/polls/index.ts';
import type { Broadcaster } from '../debates/ports.ts';
import { SERVER_EVENTS } from '../protocol/realtime.ts';

export const rooms = {
  all: (debateId: string) => `d:${debateId}`,
  staff: (debateId: string) => `d:${debateId}:staff`,
  public: (debateId: string) => `d:${debateId}:pub`,
  person: (debateId: string, participantId: string) => `d:${debateId}:p:${participantId}`,
};

export type WireEvent = Omit<DebateEvent, 'debateId'>;

export function toWire(e: DebateEvent): WireEvent {
  const { debateId: _omit, ...rest } = e;
  return rest;
}

const PUBLIC_VIEWER = { role: 'participant' as const, participantId: null };

export class SocketBroadcaster implements Broadcaster {
  constructor(private readonly io: Server) {}

  event(e: DebateEvent): void {
    const id = e.debateId;
    const publicView = redactEvent(e, PUBLIC_VIEWER);
    if (publicView === e) {
      this.io.to(rooms.all(id)).emit(SERVER_EVENTS.event, toWire(e));
      return;
    }
    this.io.to(rooms.staff(id)).emit(SERVER_EVENTS.event, toWire(e));
    const actorId = e.actor.kind === 'participant' ? e.actor.id : null;
    if (actorId) {
      const own = rooms.person(id, actorId);
      const actorView = redactEvent(e, { role: 'participant', participantId: actorId });
      this.io.to(own).except(rooms.staff(id)).emit(SERVER_EVENTS.event, toWire(actorView));
      this.io.to(rooms.public(id)).except(own).emit(SERVER_EVENTS.event, toWire(publicView));
    } else {
      this.io.to(rooms.public(id)).emit(SERVER_EVENTS.event, toWire(publicView));
    }
  }

  audience(debateId: string): number {
    return this.io.sockets.adapter.rooms.get(rooms.all(debateId))?.size ?? 0;
  }

  tally(debateId: string, pollId: string, results: PollResults, visibleToAll: boolean): void {
    const room = visibleToAll ? rooms.all(debateId) : rooms.staff(debateId);
    this.io.to(room).emit(SERVER_EVENTS.tally, { pollId, results, at: Date.now() });
  }
}
