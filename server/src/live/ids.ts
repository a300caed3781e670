// Random, URL-safe ids (72 bits): debates, participants, turns, polls, questions.
import { randomBytes } from 'node:crypto';

export const newId = (): string => randomBytes(9).toString('base64url');
