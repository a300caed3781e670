// What the media layer needs from the rest of the server, as narrow interfaces: the
// debate core's state and committed events (the debates registry satisfies DebateSource)
// and a way to push to clients (the realtime edge implements MediaNotifier over Socket.IO).
import type { DebateState } from '../server/src/domain/state.ts';
import type { DebateEvent } from '../server/src/domain/types.ts';

export interface DebateSource {
  /** The live debate on this node (NOT_OWNER / DEBATE_NOT_FOUND otherwise). */
  get(debateId: string): Promise<{ state: DebateState }>;
  /** Every committed event of every debate this node owns. */
  onEvent(listener: (event: DebateEvent) => void): void;
}

export interface MediaNotifier {
  /** To every client of the debate. */
  toDebate(debateId: string, event: string, payload: unknown): void;
  /** To every socket of these participants of the debate. */
  toParticipants(debateId: string, participantIds: string[], event: string, payload: unknown): void;
}
