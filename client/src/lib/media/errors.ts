// Media problems in plain words: the codes of this side (devices, browser support) have
// their own sentences; the server's codes go through the common error catalog.
import { errorMessage, t, type MessageKey } from '../i18n.ts';
import { DEVICE_ERRORS } from './local-tracks.ts';

export const SESSION_ERRORS = {
  UNSUPPORTED: 'MEDIA_UNSUPPORTED_BROWSER',
  CONNECTION_FAILED: 'MEDIA_CONNECTION_FAILED',
} as const;

export interface MediaProblem {
  code: string;
  message?: string;
}

const KEYS: Record<string, MessageKey> = {
  [DEVICE_ERRORS.DENIED]: 'media.err.denied',
  [DEVICE_ERRORS.NOT_FOUND]: 'media.err.notFound',
  [DEVICE_ERRORS.BUSY]: 'media.err.busy',
  [DEVICE_ERRORS.INSECURE]: 'media.err.insecure',
  [DEVICE_ERRORS.FAILED]: 'media.err.device',
  [SESSION_ERRORS.UNSUPPORTED]: 'media.err.unsupported',
  [SESSION_ERRORS.CONNECTION_FAILED]: 'media.err.connection',
};

export function mediaErrorText(problem: MediaProblem): string {
  const key = Object.hasOwn(KEYS, problem.code) ? KEYS[problem.code] : undefined;
  return key ? t(key) : errorMessage({ code: problem.code });
}
