// Tokens in the browser. A citizen's token is kept in sessionStorage (one tab, gone with
// it), per debate, so that a reload or a reconnection keeps their place in the queue and
// their ballots. Moderator and display tokens arrive in the URL fragment (`#token=`),
// which never reaches a server log; they are moved to sessionStorage and the fragment is
// cleared. The claims are read (not verified: the server does that) to know who we are.
import type { Role } from './view-types.ts';

export type TokenKind = 'citizen' | 'moderator' | 'display';

export interface StoredSession {
  token: string;
  participantId: string;
  role: Role;
  name: string;
  /** ms since the epoch; null if the token carries no expiry. */
  expiresAt: number | null;
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

function store(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage disabled: the session lasts as long as the page.
    return null;
  }
}

export function loadSession(kind: TokenKind, debateId: string, now = Date.now()): StoredSession | null {
  const raw = store()?.getItem(key(kind, debateId));
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as StoredSession;
    return sessionFromToken(s.token, debateId, now);
  } catch {
    return null;
  }
}

export function saveSession(kind: TokenKind, debateId: string, s: StoredSession): void {
  store()?.setItem(key(kind, debateId), JSON.stringify(s));
}

export function clearSession(kind: TokenKind, debateId: string): void {
  store()?.removeItem(key(kind, debateId));
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
