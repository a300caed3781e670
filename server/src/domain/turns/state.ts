// The speaking-turns slice of a debate's state: the queue, the floor (the turn being
// spoken), finished turns with their accounting, and the agenda of a template.
// JSON-safe on purpose (no Map/Set): it is snapshotted, cloned for views and rebuilt
// from the event log. Timers are server timestamps, never ticking counters.
import type { Role } from '../../protocol/common.ts';
import type { InterventionMode } from '../../protocol/modalities.ts';

export interface QueueEntry {
  participantId: string;
  name: string;
  role: Role;
  mode: InterventionMode;
  group: string | null;
  raisedAt: number;
  /** Point of order: kept at the top of the queue. */
  priority: boolean;
}

export interface Floor {
  turnId: string;
  participantId: string;
  name: string;
  role: Role;
  mode: InterventionMode;
  group: string | null;
  grantedAt: number;
  /** Allotted speaking time, extensions included. */
  allottedMs: number;
  /** Time spoken before the current running segment (pauses excluded). */
  accumulatedMs: number;
  /** Start of the running segment; null while paused. */
  runningSince: number | null;
  /** Server time at which the allotted time runs out; null while paused.
   *  Invariant while running: deadline = runningSince + allottedMs - accumulatedMs. */
  deadline: number | null;
  /** allottedMs - spoken at the pause (negative in soft overtime); null while running. */
  pausedRemainingMs: number | null;
  /** Warning thresholds (seconds) already announced or already behind us. */
  warningsSent: number[];
  /** Soft expiry: when the overtime began (the deadline), once announced. */
  overtimeSince: number | null;
  agendaSlotId: string | null;
  contributionId: string | null;
}

export type TurnEndReason = 'ended' | 'expired' | 'yielded' | 'debate_ended';

export interface TurnRecord {
  turnId: string;
  participantId: string;
  name: string;
  role: Role;
  group: string | null;
  mode: InterventionMode;
  startedAt: number;
  endedAt: number;
  allottedMs: number;
  /** Total time spoken, overtime included, pauses excluded. */
  spokenMs: number;
  /** Part of spokenMs beyond allottedMs (soft expiry only). */
  overtimeMs: number;
  endReason: TurnEndReason;
  agendaSlotId: string | null;
  contributionId: string | null;
}

export interface AgendaSlot {
  id: string;
  label: string;
  /** `speech`: one turn by the slot's group; `audience`: a period of turns from the queue. */
  kind: 'speech' | 'audience';
  group: string | null;
  guestId: string | null;
  seconds: number;
  status: 'pending' | 'current' | 'done';
}

export interface TurnsState {
  /** Index 0 speaks next. */
  queue: QueueEntry[];
  floor: Floor | null;
  turns: TurnRecord[];
  /** Finished turns only, by participant id; the live floor is derived from its timestamps. */
  spokenMs: Record<string, number>;
  /** Finished turns only, by group id. */
  groupSpokenMs: Record<string, number>;
  agenda: AgendaSlot[];
}
