// The room screen in the log: which public question the moderator shows on the room
// display (null: none), and the polls taken off it (a closed poll otherwise stays there
// as the last result). Every viewer sees them whole.
import { z } from 'zod';

export const ScreenQuestionShownSchema = z.object({ questionId: z.string().nullable() });
export type ScreenQuestionShown = z.infer<typeof ScreenQuestionShownSchema>;

export const ScreenPollHiddenSchema = z.object({ pollId: z.string() });
export type ScreenPollHidden = z.infer<typeof ScreenPollHiddenSchema>;

export const SCREEN_EVENTS = {
  'screen:question-shown': ScreenQuestionShownSchema,
  'screen:poll-hidden': ScreenPollHiddenSchema,
} as const;
