// Preact glue for one live debate: opens a DebateConnection for the page, exposes its
// view, connection status and announcements as signals, and a server-time ticker for
// countdowns (re-rendered a few times a second, computed from server timestamps).
import { signal, useSignal, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { announcementFor, type Announcement } from './announce.ts';
import { DebateConnection, type ConnectionStatus } from './socket.ts';
import { CaptionFeed } from './captions.ts';
import type { DebateView, ErrorBody, ViewerInfo } from './view-types.ts';

export interface LiveDebate {
  conn: DebateConnection;
  view: Signal<DebateView | null>;
  status: Signal<ConnectionStatus>;
  refusal: Signal<Pick<ErrorBody, 'code' | 'message'> | null>;
  /** Latest polite and urgent announcements (with a counter so equal texts re-announce). */
  polite: Signal<{ n: number; a: Announcement } | null>;
  urgent: Signal<{ n: number; a: Announcement } | null>;
  /** The last caption lines (final segments and the engine's partial), lib/captions.ts. */
  captions: CaptionFeed;
}

export function createLiveDebate(token: string, viewer: ViewerInfo): LiveDebate {
  const view = signal<DebateView | null>(null);
  const status = signal<ConnectionStatus>('connecting');
  const refusal = signal<Pick<ErrorBody, 'code' | 'message'> | null>(null);
  const polite = signal<{ n: number; a: Announcement } | null>(null);
  const urgent = signal<{ n: number; a: Announcement } | null>(null);
  let n = 0;
  const captions = new CaptionFeed();
  const conn = new DebateConnection({
    token,
    viewer,
    onView: (v) => {
      view.value = v;
    },
    onStatus: (s, err) => {
      status.value = s;
      refusal.value = s === 'refused' && err ? err : null;
    },
    onEvent: (e, before, after) => {
      captions.event(e, after);
      const a = announcementFor(e, before, after, viewer);
      if (!a) return;
      n += 1;
      if (a.urgent) urgent.value = { n, a };
      else polite.value = { n, a };
    },
  });
  captions.listen(conn.socket, () => view.value);
  return { conn, view, status, refusal, polite, urgent, captions };
}

/** One live connection for the lifetime of the component (or of the token). */
export function useLiveDebate(token: string | null, viewer: ViewerInfo | null): LiveDebate | null {
  const live = useMemo(
    () => (token && viewer ? createLiveDebate(token, viewer) : null),
    // A new token means a new person: a new connection.
    [token, viewer?.participantId, viewer?.role],
  );
  useEffect(() => () => live?.conn.close(), [live]);
  return live;
}

/** Server time, refreshed every `everyMs` while the component is mounted. */
export function useServerNow(live: LiveDebate | null, everyMs = 200): Signal<number> {
  const now = useSignal(live ? live.conn.clock.now() : Date.now());
  useEffect(() => {
    const tick = () => {
      now.value = live ? live.conn.clock.now() : Date.now();
    };
    tick();
    const id = setInterval(tick, everyMs);
    return () => clearInterval(id);
  }, [live, everyMs]);
  return now;
}

