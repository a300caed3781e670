// Public surface of the live-polls domain module: poll lifecycle (propose, approve,
// create, open, close), the ballot checks and tally engine used by the vote path, and
// per-viewer visibility of results. See ../state.ts for the module contract.
import type { Modalities } from '../../protocol/modalities.ts';
import type { PollsState } from './state.ts';

export function initialPolls(_modalities: Modalities): PollsState {
  return { polls: {}, order: [] };
}

export { applyPolls } from './apply.ts';
export { pollsCommands } from './commands.ts';
export { assertClosable, closePollDraft, duePollCloses, nextWakePolls } from './closing.ts';
export { checkVotable, findPoll, normalizeChoices } from './ballots.ts';
export { applyBallot, choiceCount, createTally, tallyResults } from './tally.ts';
export { resultsFromCount, type BallotCount } from './results.ts';
export { pollVisibleTo, redactPollsEvent, resultsVisibleTo, viewPolls, type PollView, type PollsView } from './view.ts';
export type * from './state.ts';
export type * from './events.ts';
