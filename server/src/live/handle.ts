// What the edges (REST, Socket.IO) may do with a debate, wherever its owner runs. On the
// owner node the calls go straight to the LiveDebate; on another node they are forwarded
// to the owner (bus/rpc.ts, typed by forwarded.ts). Arguments and results are plain JSON
// for that reason. `commandId` is the client's idempotency key: a command sent again
// with it returns its first result.
import type { Actor } from '../domain/types.ts';
import type { Role } from '../protocol/common.ts';
import type { DebateState, Viewer } from '../domain/state.ts';
import type { DebateUpdatedPayload, LifecycleAction, ScheduleChange } from '../domain/lifecycle.ts';
import type { PollResults } from '../domain/polls/index.ts';
import type { CommandResult, Snapshot, VoteReceipt } from '../protocol/realtime.ts';

/** `state:snapshot` (protocol/realtime.ts). */
export type DebateSnapshot = Snapshot;

export interface DebateRead {
  state: DebateState;
  tallies: Record<string, PollResults>;
}

export interface DebateHandle {
  readonly id: string;
  execute(name: string, payload: unknown, actor: Actor, commandId?: string): Promise<CommandResult>;
  update(patch: DebateUpdatedPayload, actor: Actor, commandId?: string): Promise<CommandResult>;
  transition(action: LifecycleAction, actor: Actor, commandId?: string): Promise<CommandResult>;
  /** Cancel or postpone a debate that has not started. */
  reschedule(change: ScheduleChange, actor: Actor, commandId?: string): Promise<CommandResult>;
  closePoll(pollId: string, actor: Actor, commandId?: string): Promise<CommandResult>;
  /** Written by the node that receives it (ballot-intake.ts), never forwarded. */
  vote(pollId: string, choices: number[], voterId: string, seq?: number): Promise<VoteReceipt>;
  view(viewer: Viewer): Promise<DebateSnapshot>;
  /** The whole state (staff reads: report, audit). */
  read(): Promise<DebateRead>;
  /** A socket of this participant connected or left somewhere: the owner counts them and records a change. */
  presence(participantId: string, name: string, role: Role): Promise<void>;
}
