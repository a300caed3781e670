// The session of a staff page (moderator console, room display): the token taken once
// from the URL fragment or the one kept for this debate, why there is none (an expired
// link says so), renewed once when it runs out soon (staff-link.ts). Both staff pages
// share it so that they behave alike.
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { loadSession, saveSession, sessionFromToken, storedExpiry, takeFromFragment, type StoredSession } from './session.ts';
import { expiredAt, renewIfDue, type StaffLinkProblem } from './staff-link.ts';

export type StaffPage = 'moderator' | 'display' | 'captioner';

export interface StaffSession {
  session: Signal<StoredSession | null>;
  problem: Signal<StaffLinkProblem | null>;
}

/** `onlyOwnRole`: a token of another role in the fragment is ignored (the console takes moderator tokens only). */
export function useStaffSession(page: StaffPage, debateId: string, opts: { onlyOwnRole?: boolean } = {}): StaffSession {
  const fromUrl = useMemo(() => takeFromFragment('token'), [debateId]);
  const initial = useMemo(() => {
    const s = fromUrl ? sessionFromToken(fromUrl, debateId) : null;
    const usable = s && (!opts.onlyOwnRole || s.role === page) ? s : null;
    if (usable) saveSession(page, debateId, usable);
    return usable ?? loadSession(page, debateId);
  }, [debateId]);
  const session = useSignal<StoredSession | null>(initial);
  const expired = initial ? null : expiredAt(fromUrl, debateId) ?? storedExpiry(page, debateId);
  const problem = useSignal<StaffLinkProblem | null>(expired === null ? null : { kind: 'expired', at: expired });
  useEffect(() => {
    const s = session.value;
    if (!s) return;
    void renewIfDue(debateId, s).then((next) => {
      if (next.token === s.token) return;
      saveSession(page, debateId, next);
      session.value = next;
    });
  }, [debateId]);
  return { session, problem };
}
