// What the edges (REST, Socket.IO) may do with a debate, wherever its owner runs. On the
// owner node the calls go straight to the LiveDebate; on another node they are forwarded
// to the owner (bus/rpc.ts). Arguments and results are plain JSON for that reason.
import type { Actor } from '../domain/types.ts';
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
  execute(name: string, payload: unknown, actor: Actor): Promise<CommandResult>;
  update(patch: DebateUpdatedPayload, actor: Actor): Promise<CommandResult>;
  transition(action: LifecycleAction, actor: Actor): Promise<CommandResult>;
  /** Cancel or postpone a debate that has not started. */
  reschedule(change: ScheduleChange, actor: Actor): Promise<CommandResult>;
  closePoll(pollId: string, actor: Actor): Promise<CommandResult>;
  vote(pollId: string, choices: number[], voterId: string): Promise<VoteReceipt>;
  view(viewer: Viewer): Promise<DebateSnapshot>;
  /** The whole state (staff reads: report, audit). */
  read(): Promise<DebateRead>;
}

/** The operations a handle forwards, by name (the RPC protocol between nodes). */
export const HANDLE_OPS = ['execute', 'update', 'transition', 'reschedule', 'closePoll', 'vote', 'view', 'read'] as const;
export type HandleOp = (typeof HANDLE_OPS)[number];
