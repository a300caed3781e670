// Tokens in the browser. A citizen's session is kept in localStorage, per debate, with the
// rejoin credential the join answered: every tab, reload and reconnection of one browser
// is the same participant (one place in the queue, one ballot, their own questions); an
// expired token is traded for a new one with the credential (rejoin.ts). Clearing the
// browser's storage makes a new participant: binding polls need `code` or `invite`.
// Moderator and display tokens arrive in the URL fragment (`#token=`),
// which never reaches a server log; they are moved to sessionStorage and the fragment is
// cleared. The claims are read (not verified: the server does that) to know who we are.
import type { Role } from './view-types.ts';

export type TokenKind = 'citizen' | 'moderator' | 'display' | 'captioner';

export interface StoredSession {
  token: string;
  participantId: string;
  role: Role;
  name: string;
  /** ms since the epoch; null if the token carries no expiry. */
  expiresAt: number | null;
  /** Citizens: this browser's rejoin credential. */
  credential?: string;
}

export interface Claims {
  sub: string;
  debateId: string;
  role: Role;
  name: string;
  exp?: number;
}

function base64UrlDecode(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, or null when it does not look like a Tribune token. */
export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const c = JSON.parse(base64UrlDecode(part)) as Partial<Claims>;
    if (typeof c.sub !== 'string' || typeof c.debateId !== 'string' || typeof c.role !== 'string') return null;
    return { sub: c.sub, debateId: c.debateId, role: c.role, name: String(c.name ?? ''), ...(c.exp ? { exp: c.exp } : {}) };
  } catch {
    return null;
  }
}

/** A session from a token, checked against the debate of the page (and the clock). */
export function sessionFromToken(token: string, debateId: string, now = Date.now()): StoredSession | null {
  const c = decodeClaims(token.trim());
  if (!c || c.debateId !== debateId) return null;
  const expiresAt = c.exp ? c.exp * 1000 : null;
  if (expiresAt !== null && expiresAt <= now) return null;
  return { token: token.trim(), participantId: c.sub, role: c.role, name: c.name, expiresAt };
}

/** `#a=1&b=2` → { a: '1', b: '2' } */
export function parseFragment(hash: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(hash.replace(/^#/, ''))) out[k] = v;
  return out;
}

const key = (kind: TokenKind, debateId: string) => `tribune.${kind}.${debateId}`;

/** Citizens: shared by every tab of the browser; staff: this tab only. */
function store(kind: TokenKind): Storage | null {
  try {
    if (kind === 'citizen') return typeof localStorage === 'undefined' ? null : localStorage;
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage disabled: the session lasts as long as the page.
    return null;
  }
}

function readStored(kind: TokenKind, debateId: string): StoredSession | null {
  const raw = store(kind)?.getItem(key(kind, debateId));
  if (!raw) return null;
  try {
    return JSON.parse(raw) as StoredSession;
  } catch {
    return null;
  }
}

/** The stored session if its token is still valid (its credential kept). */
export function loadSession(kind: TokenKind, debateId: string, now = Date.now()): StoredSession | null {
  const s = readStored(kind, debateId);
  if (!s) return null;
  const fresh = sessionFromToken(s.token, debateId, now);
  return fresh ? { ...fresh, ...(s.credential ? { credential: s.credential } : {}) } : null;
}

/** A citizen's rejoin credential, even when the stored token has expired. */
export function loadCredential(debateId: string): string | null {
  return readStored('citizen', debateId)?.credential ?? null;
}

/** When the stored token of this page expired, or null (none stored, or still valid): said instead of asking for a token silently. */
export function storedExpiry(kind: TokenKind, debateId: string, now = Date.now()): number | null {
  const s = readStored(kind, debateId);
  const c = s ? decodeClaims(s.token) : null;
  if (!c || c.debateId !== debateId || c.exp === undefined) return null;
  return c.exp * 1000 <= now ? c.exp * 1000 : null;
}

export function saveSession(kind: TokenKind, debateId: string, s: StoredSession): void {
  store(kind)?.setItem(key(kind, debateId), JSON.stringify(s));
  if (kind === 'citizen') store(kind)?.removeItem(refusedKey(debateId));
}

const refusedKey = (debateId: string) => `tribune.citizen-refused.${debateId}`;

/** A citizen session ended by a refusal (e.g. moved to another device): why, for every tab. */
export function clearRefusedSession(debateId: string, code: string): void {
  store('citizen')?.setItem(refusedKey(debateId), code);
  clearSession('citizen', debateId);
}

/** Why the citizen session of this debate ended, if it was refused. */
export function refusedSessionCode(debateId: string): string | null {
  return store('citizen')?.getItem(refusedKey(debateId)) ?? null;
}

export function clearSession(kind: TokenKind, debateId: string): void {
  store(kind)?.removeItem(key(kind, debateId));
}

/** Calls `fn` when another tab of this browser stores or clears a citizen session of this debate. */
export function onSessionChange(debateId: string, fn: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const k = key('citizen', debateId);
  const listener = (e: StorageEvent) => {
    if (e.key === k) fn();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/**
 * Read a value from the URL fragment once and remove it from the address bar, so that
 * a token or an invitation code is not left in the history or a shared screenshot.
 */
export function takeFromFragment(name: string): string | null {
  if (typeof location === 'undefined') return null;
  const params = parseFragment(location.hash);
  const value = params[name];
  if (value === undefined) return null;
  delete params[name];
  const rest = new URLSearchParams(params).toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return value;
}
