// The organizer's side of the REST API (/admin): the instance's admin token, kept in
// sessionStorage (one tab, gone with it, never in a URL), and the calls made with it —
// list, create, update, lifecycle transitions, and the links that give access to a debate
// (moderator console, room display, guest invitations).
import type { CreateDebateBody, DebateDto } from '../../../server/src/protocol/rest.ts';
import { api } from './api.ts';
import type { Ack } from './view-types.ts';
import { newCommandId } from './command-id.ts';

const KEY = 'tribune.admin';

function store(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage disabled: the token lasts as long as the page.
    return null;
  }
}

export function loadAdminToken(): string | null {
  return store()?.getItem(KEY) ?? null;
}

export function saveAdminToken(token: string): void {
  store()?.setItem(KEY, token);
}

export function clearAdminToken(): void {
  store()?.removeItem(KEY);
}

export type Transition = 'announce' | 'start' | 'end' | 'archive';

/** The transition an organizer can make next from a status (archived: none). */
export function nextTransition(status: DebateDto['status']): Transition | null {
  switch (status) {
    case 'draft':
      return 'announce';
    case 'scheduled':
      return 'start';
    case 'live':
      return 'end';
    case 'ended':
      return 'archive';
    default:
      return null;
  }
}

/** Debates can be edited until they start (the server answers DEBATE_LOCKED after). */
export const isEditable = (status: DebateDto['status']) => status === 'draft' || status === 'scheduled';

/** Links can be issued while people can still get in. */
export const canIssueAccess = (status: DebateDto['status']) => status === 'draft' || status === 'scheduled' || status === 'live';

export interface AccessToken {
  token: string;
  participantId: string;
  expiresAt: number;
}

export interface Invitation {
  invitationId: string;
  kind: 'participant' | 'speaker';
  code: string;
  joinUrl: string;
}

export function adminApi(token: string) {
  const auth = { token };
  return {
    list: (signal?: AbortSignal): Promise<Ack<{ debates: DebateDto[] }>> =>
      api('GET', '/api/debates', { ...auth, ...(signal ? { signal } : {}) }),
    create: (body: CreateDebateBody): Promise<Ack<{ debate: DebateDto }>> => api('POST', '/api/debates', { ...auth, body }),
    update: (id: string, body: CreateDebateBody): Promise<Ack<{ debate: DebateDto }>> =>
      api('PATCH', `/api/debates/${id}`, { ...auth, body, idempotencyKey: newCommandId() }),
    transition: (id: string, action: Transition): Promise<Ack<{ debate: DebateDto }>> =>
      api('POST', `/api/debates/${id}/${action}`, { ...auth, idempotencyKey: newCommandId() }),
    cancel: (id: string, body: { reason?: string }): Promise<Ack<{ debate: DebateDto }>> =>
      api('POST', `/api/debates/${id}/cancel`, { ...auth, body, idempotencyKey: newCommandId() }),
    postpone: (id: string, body: { scheduledStart: string; reason?: string }): Promise<Ack<{ debate: DebateDto }>> =>
      api('POST', `/api/debates/${id}/postpone`, { ...auth, body, idempotencyKey: newCommandId() }),
    duplicate: (id: string): Promise<Ack<{ debate: DebateDto }>> => api('POST', `/api/debates/${id}/duplicate`, auth),
    moderatorToken: (id: string): Promise<Ack<AccessToken>> => api('POST', `/api/debates/${id}/tokens/moderator`, { ...auth, body: {} }),
    displayToken: (id: string): Promise<Ack<AccessToken>> => api('POST', `/api/debates/${id}/tokens/display`, { ...auth, body: {} }),
    invite: (id: string, guestId: string): Promise<Ack<Invitation>> =>
      api('POST', `/api/debates/${id}/invitations`, { ...auth, body: { kind: 'speaker', guestId } }),
  };
}

/** Page links carrying a token in the fragment (never sent to a server or a log). */
export function moderatorLink(origin: string, debateId: string, token: string): string {
  return `${origin}/moderate/${debateId}#token=${encodeURIComponent(token)}`;
}

export function displayLink(origin: string, debateId: string, token: string): string {
  return `${origin}/display/${debateId}#token=${encodeURIComponent(token)}`;
}
