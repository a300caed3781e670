// Fan-out of committed events and tallies to the sockets of a debate, with per-viewer
// redaction. Every viewer receives every seq (gap detection relies on it); only the
// payload may be reduced. Rooms: all / staff (moderators) / public / one per participant.
import type { Server } from 'socket.io';
import type { DebateEvent, ViewerEvent } from '../domain/types.ts';
import { redactEvent } from '../domain/debate.ts';
import type { PollResults } from '../domain/polls/index.ts';
import type { Broadcaster, PresenceProbe } from '../live/ports.ts';
import { SERVER_EVENTS, type TallyMessage, type WireEvent } from '../protocol/realtime.ts';

export const rooms = {
  all: (debateId: string) => `d:${debateId}`,
  staff: (debateId: string) => `d:${debateId}:staff`,
  public: (debateId: string) => `d:${debateId}:pub`,
  person: (debateId: string, participantId: string) => `d:${debateId}:p:${participantId}`,
  /** Every socket also sits in one of TALLY_SHARDS shard rooms (see tally()). */
  shard: (debateId: string, socketId: string) => `d:${debateId}:s:${shardOf(socketId)}`,
};

const TALLY_SHARDS = 16;
/** A tally's fan-out is paced at about this many socket writes per ms... */
const TALLY_WRITES_PER_MS = 20;
/** ...over at most this long (half the poll desk's interval at 10,000 viewers). */
const TALLY_MAX_SPREAD_MS = 500;

function shardOf(socketId: string): number {
  let h = 0;
  for (let i = 0; i < socketId.length; i += 1) h = (h * 31 + socketId.charCodeAt(i)) | 0;
  return Math.abs(h) % TALLY_SHARDS;
}

export function toWire(e: ViewerEvent): WireEvent {
  const { debateId: _omit, ...rest } = e;
  return rest;
}

/** The node id of sockets whose gateway did not say (a single node). */
export const LOCAL_NODE = 'local';

/** Presence from the participant's room: with Redis, fetchSockets asks every node (and says which node holds each socket). */
export function socketPresence(io: Server): PresenceProbe {
  return {
    async connected(debateId, participantIds) {
      const sockets = await io.in(participantIds.map((p) => rooms.person(debateId, p))).fetchSockets();
      const where = new Map<string, Set<string>>();
      for (const s of sockets) {
        const data = s.data as { claims?: { sub?: string }; node?: string };
        const id = data.claims?.sub;
        if (!id) continue;
        const nodes = where.get(id) ?? new Set<string>();
        nodes.add(data.node ?? LOCAL_NODE);
        where.set(id, nodes);
      }
      return where;
    },
  };
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

  /**
   * Tallies go to the whole audience during a vote, one shard at a time so that sending
   * to 10,000 sockets never holds back the acks of the votes still arriving. A large
   * audience's shards are spread over up to half a second (20 writes per ms): sent back to
   * back, 10,000 writes took the server ~100 ms and arrived at once, and the acks caught
   * in between waited that long. The spread stays under half the poll desk's interval
   * (audience / 10 ms at least), so one shard's tallies never overtake each other; a
   * shard arriving after the poll closed is ignored by clients (the poll is not open).
   */
  tally(debateId: string, pollId: string, results: PollResults, visibleToAll: boolean): void {
    const message: TallyMessage = { pollId, results, at: Date.now() };
    if (!visibleToAll) {
      this.io.to(rooms.staff(debateId)).emit(SERVER_EVENTS.tally, message);
      return;
    }
    const spreadMs = Math.min(TALLY_MAX_SPREAD_MS, this.audience(debateId) / TALLY_WRITES_PER_MS);
    const gapMs = spreadMs / TALLY_SHARDS;
    const send = (k: number) => {
      this.io.to(`d:${debateId}:s:${k}`).emit(SERVER_EVENTS.tally, message);
      if (k + 1 >= TALLY_SHARDS) return;
      if (gapMs < 1) setImmediate(send, k + 1);
      else setTimeout(send, gapMs, k + 1).unref();
    };
    send(0);
  }
}
