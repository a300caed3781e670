// How a citizen watches the program (pure): WebRTC (live, a consumer on the debate's
// media workers) or HLS (a few seconds late, served by a CDN or the caching proxy). HLS
// when the broadcast is live and the viewer asked for data saving, or the WebRTC audience
// has reached the server's threshold, or WebRTC failed (UDP blocked); never while the
// viewer has the floor orally (they publish over WebRTC and must hear the debate live).
export type ViewerMode = 'webrtc' | 'hls';
export type HlsReason = 'dataSaver' | 'threshold' | 'fallback';

export interface ViewerSituation {
  hlsLive: boolean;
  dataSaver: boolean;
  /** The server says newcomers should play HLS (WebRTC viewers >= threshold). */
  preferHls: boolean;
  webrtcFailed: boolean;
  /** The viewer has the floor in oral mode (publishes). */
  onAirOral: boolean;
  /** The mode chosen until now: the threshold only moves newcomers, not those already on WebRTC. */
  current: ViewerMode | null;
}

export function chooseViewerMode(s: ViewerSituation): { mode: ViewerMode; reason: HlsReason | null } {
  if (s.onAirOral || !s.hlsLive) return { mode: 'webrtc', reason: null };
  if (s.dataSaver) return { mode: 'hls', reason: 'dataSaver' };
  if (s.webrtcFailed) return { mode: 'hls', reason: 'fallback' };
  if (s.preferHls && s.current !== 'webrtc') return { mode: 'hls', reason: 'threshold' };
  return { mode: 'webrtc', reason: null };
}
