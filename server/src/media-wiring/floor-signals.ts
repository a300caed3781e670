// The media layer's view of the debate core, computed here (outside media/) with the
// domain's own rule: committed floor events become FloorSignals, and a live debate's
// state becomes the DebateFloor a media session opening mid-debate applies. The instant
// of the microphone cut is the domain's `micCutAt` (server/src/domain/turns/timing.ts),
// carried by the events as `cutAt`; media/ never sees the state or the rule.
import { z } from 'zod';
import type { DebateState } from '../domain/state.ts';
import { micCutAt } from '../domain/turns/timing.ts';
import type { DebateEvent } from '../domain/types.ts';
import { RoleSchema } from '../protocol/common.ts';
import { InterventionModeSchema } from '../protocol/modalities.ts';
import type { DebateFloor, FloorSignal } from '../../../media/ports.ts';

// The fields of the floor payloads the media layer reads (turns/events.ts has the whole shapes).
const CutAt = z.number().nullable();
const Granted = z.object({ turnId: z.string(), participantId: z.string(), role: RoleSchema, mode: InterventionModeSchema, cutAt: CutAt });
const Running = z.object({ turnId: z.string(), cutAt: CutAt });
const Extended = Running.extend({ deadline: z.number().nullable() });
const Ended = z.object({ participantId: z.string() });

/** The floor signal of a committed event; null for every other event. Throws on a malformed floor payload. */
export function floorSignalOf(e: Pick<DebateEvent, 'debateId' | 'type' | 'payload'>): FloorSignal | null {
  const debateId = e.debateId;
  switch (e.type) {
    case 'floor:granted':
      return { type: 'granted', debateId, ...Granted.parse(e.payload) };
    case 'floor:paused':
      return { type: 'halted', debateId };
    case 'floor:resumed':
      return { type: 'running', debateId, ...Running.parse(e.payload) };
    case 'floor:extended': {
      // Extended while paused (no deadline) changes nothing the media layer acts on.
      const { turnId, cutAt, deadline } = Extended.parse(e.payload);
      return deadline === null ? null : { type: 'running', debateId, turnId, cutAt };
    }
    case 'floor:expired':
    case 'floor:ended':
      return { type: 'ended', debateId, participantId: Ended.parse(e.payload).participantId };
    case 'debate:ended':
      return { type: 'debateEnded', debateId };
    default:
      return null;
  }
}

/** The debate's status and floor as the media layer may know them. */
export function debateFloorOf(state: DebateState): DebateFloor {
  const floor = state.turns.floor;
  return {
    live: state.status === 'live',
    floor: floor && {
      turnId: floor.turnId,
      participantId: floor.participantId,
      role: floor.role,
      mode: floor.mode,
      running: floor.runningSince !== null,
      cutAt: floor.runningSince === null ? null : micCutAt(state, floor.mode, floor.deadline),
    },
  };
}
