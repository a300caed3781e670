// Payloads of the room-screen commands (moderator): show a public question on the room
// display (or none), take a poll off it.
import { z } from 'zod';
import { IdSchema } from './common.ts';

export const ScreenShowQuestionSchema = z.strictObject({ questionId: IdSchema.nullable() });
export type ScreenShowQuestion = z.infer<typeof ScreenShowQuestionSchema>;

export const ScreenHidePollSchema = z.strictObject({ pollId: IdSchema });
export type ScreenHidePoll = z.infer<typeof ScreenHidePollSchema>;
