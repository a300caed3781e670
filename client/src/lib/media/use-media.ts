// Preact glue: one MediaSession per live debate connection, its state as a signal,
// started while the debate is live and closed with the page; the publish intent kept in
// step with the view; the "audio only" choice remembered on this device; and a small
// read-only debug hook (`window.__tribuneMedia`: stats and milestones) that browser
// tests and the media benchmark read.
import { signal, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { LiveDebate } from '../live.ts';
import type { Role } from '../view-types.ts';
import type { PublishIntent } from './publish-rules.ts';
import type { ConsumeScope } from './selection.ts';
import { MediaSession, type MediaSnapshot, type MediaStats } from './session.ts';
import { socketLink } from './signaling.ts';

export interface MediaHandle {
  session: MediaSession;
  state: Signal<MediaSnapshot>;
  self: { role: Role; participantId: string | null };
  /** The publisher's own choice: keep the camera off (voice only). */
  cameraOff: Signal<boolean>;
}

export interface MediaDebugHook {
  stats(): Promise<MediaStats>;
  status(): string;
  /** Producer ids this page publishes. */
  published(): string[];
}

declare global {
  interface Window {
    __tribuneMedia?: MediaDebugHook;
  }
}

const AUDIO_ONLY_KEY = 'tribune.media.audioOnly';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage disabled: the choice lasts as long as the page.
    return null;
  }
}

export function loadAudioOnly(): boolean {
  return storage()?.getItem(AUDIO_ONLY_KEY) === '1';
}

export function saveAudioOnly(on: boolean): void {
  storage()?.setItem(AUDIO_ONLY_KEY, on ? '1' : '0');
}

export function useMediaSession(
  live: LiveDebate,
  self: { role: Role; participantId: string | null },
  scope: ConsumeScope,
): MediaHandle {
  const handle = useMemo(() => {
    const session = new MediaSession({ link: socketLink(live.conn.socket), self, scope, audioOnly: loadAudioOnly() });
    const state = signal(session.snapshot);
    session.subscribe((s) => {
      state.value = s;
    });
    return { session, state, self, cameraOff: signal(false) };
    // One session per connection (a new token is a new connection) and per scope (an HLS
    // viewer consumes nothing over WebRTC; the effect below closes the previous session).
  }, [live, scope]);

  useEffect(() => {
    const hook: MediaDebugHook = {
      stats: () => handle.session.stats(),
      status: () => handle.session.snapshot.status,
      published: () => handle.session.snapshot.publish.producerIds,
    };
    window.__tribuneMedia = hook;
    // Leaving (reload, another page): give the transports back now rather than after the
    // server's grace period, so a quick reload is not refused TOO_MANY_TRANSPORTS. A page
    // restored from the back-forward cache then has no media: it loads again.
    const onHide = () => handle.session.close();
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) location.reload();
    };
    addEventListener('pagehide', onHide);
    addEventListener('pageshow', onShow);
    return () => {
      removeEventListener('pagehide', onHide);
      removeEventListener('pageshow', onShow);
      handle.session.close();
      if (window.__tribuneMedia === hook) delete window.__tribuneMedia;
    };
  }, [handle]);

  // Started as soon as the socket is up (a viewer's first frame comes sooner), unless the
  // view already says the debate is not live; stopped when the view says so.
  const debateStatus = live.view.value?.debate.status;
  const online = live.status.value === 'online';
  useEffect(() => {
    if (debateStatus !== undefined && debateStatus !== 'live') handle.session.stop();
    else if (debateStatus === 'live' || online) handle.session.start();
  }, [handle, debateStatus, online]);

  return handle;
}

/** The intent with the publisher's camera choice applied. */
export function effectiveIntent(handle: MediaHandle, intent: PublishIntent | null): PublishIntent | null {
  return intent && handle.cameraOff.value ? { ...intent, video: false } : intent;
}

/** Publish (or stop) as the intent says; a new intent object with the same content changes nothing. */
export function usePublishIntent(handle: MediaHandle, intent: PublishIntent | null): void {
  const wanted = effectiveIntent(handle, intent);
  const key = wanted ? `${wanted.source}:${wanted.audio}:${wanted.video}` : 'off';
  useEffect(() => {
    handle.session.setPublishing(wanted);
  }, [handle, key]);
}
