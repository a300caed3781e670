// The citizen page's side of the broadcast: whether to watch over WebRTC or HLS
// (viewer-mode.ts, with the server's figure from GET /api/debates/:id/broadcast, the
// viewer's "économie de données" remembered on this device, and a WebRTC that failed),
// the measured media delay, and the debate view held back by it (delay-buffer.ts) for
// what the page *shows*; actions keep using the live view.
import { signal, useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { BroadcastPublic } from '../../../../server/src/protocol/broadcast.ts';
import type { DebateView } from '../view-types.ts';
import { delayedValue, HISTORY_MARGIN_MS, mediaDelayMs, record, type Stamped } from './delay-buffer.ts';
import { chooseViewerMode, type HlsReason, type ViewerMode } from './viewer-mode.ts';

const DATA_SAVER_KEY = 'tribune.dataSaver';
const POLL_MS = 15_000;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage disabled: the choice lasts for the page only.
    return null;
  }
}

export const dataSaver = signal(storage()?.getItem(DATA_SAVER_KEY) === '1');
export function setDataSaver(on: boolean): void {
  dataSaver.value = on;
  storage()?.setItem(DATA_SAVER_KEY, on ? '1' : '0');
}

export interface BroadcastView {
  mode: ViewerMode;
  reason: HlsReason | null;
  playlist: string | null;
  delayMs: number | null;
  onPlayingDate: (ms: number | null) => void;
  /** The view to show: live over WebRTC, held back by the delay over HLS. */
  shown: DebateView | null;
  /** The server instant the shown view is at (for countdowns). */
  shownNow: number;
}

export function useBroadcastView(o: {
  debateId: string;
  view: DebateView | null;
  serverNow: number;
  /** The server clock (the program date-time is the server's wall clock). */
  clockNow: () => number;
  onAirOral: boolean;
  webrtcFailed: boolean;
}): BroadcastView {
  const info = useSignal<BroadcastPublic | null>(null);
  const current = useSignal<ViewerMode | null>(null);
  const delay = useSignal<number | null>(null);
  const history = useMemo(() => ({ list: [] as Stamped<DebateView>[] }), [o.debateId]);
  useEffect(() => {
    let stop = false;
    const load = () =>
      fetch(`/api/debates/${o.debateId}/broadcast`)
        .then((r) => (r.ok ? (r.json() as Promise<BroadcastPublic>) : null))
        .then((b) => {
          if (!stop && b) info.value = b;
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [o.debateId]);
  const choice = chooseViewerMode({
    hlsLive: info.value?.live ?? false,
    dataSaver: dataSaver.value,
    preferHls: info.value?.preferHls ?? false,
    webrtcFailed: o.webrtcFailed,
    onAirOral: o.onAirOral,
    current: current.value,
  });
  useEffect(() => {
    current.value = choice.mode;
  }, [choice.mode]);
  if (o.view) history.list = record(history.list, o.serverNow, o.view, (delay.value ?? 0) + HISTORY_MARGIN_MS);
  const hls = choice.mode === 'hls';
  const lag = hls ? (delay.value ?? 0) : 0;
  return {
    mode: choice.mode,
    reason: choice.reason,
    playlist: info.value?.playlist ?? null,
    delayMs: hls ? delay.value : null,
    onPlayingDate: (ms) => (delay.value = mediaDelayMs(o.clockNow(), ms)),
    shown: hls ? delayedValue(history.list, o.serverNow, lag) : o.view,
    shownNow: o.serverNow - lag,
  };
}

