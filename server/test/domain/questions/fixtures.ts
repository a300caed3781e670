// The questions tests drive the same harness as the polls tests (every slice folded,
// so that a contribution read out really opens a turn).
export { citizen, codeOf, Harness, makeState, MODERATOR, payloadOf, replay, SINGLE, viewer } from '../polls/fixtures.ts';
