// The local microphone and camera: asking for them (one prompt for both), falling back
// to the microphone alone when the camera cannot be had, and naming what went wrong in
// a code the page turns into a sentence (errors.ts). Tests inject their own tracks.
export interface LocalTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  /** Why a requested track is missing (the other one may still be there). */
  problem: string | null;
}

export type AcquireTracks = (want: { audio: boolean; video: boolean }) => Promise<LocalTracks>;

/** Client-side media error codes (see errors.ts for their sentences). */
export const DEVICE_ERRORS = {
  DENIED: 'MEDIA_DEVICE_DENIED',
  NOT_FOUND: 'MEDIA_DEVICE_NOT_FOUND',
  BUSY: 'MEDIA_DEVICE_BUSY',
  INSECURE: 'MEDIA_INSECURE_CONTEXT',
  FAILED: 'MEDIA_DEVICE_FAILED',
} as const;

/** A talking head for a debate: modest enough for a phone's uplink and a small CPU. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 960 },
  height: { ideal: 540 },
  frameRate: { ideal: 24, max: 30 },
};

export const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export function deviceErrorCode(err: unknown): string {
  const name = (err as { name?: string } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return DEVICE_ERRORS.DENIED;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return DEVICE_ERRORS.NOT_FOUND;
    case 'NotReadableError':
    case 'AbortError':
      return DEVICE_ERRORS.BUSY;
    default:
      return DEVICE_ERRORS.FAILED;
  }
}

async function ask(constraints: MediaStreamConstraints): Promise<{ stream: MediaStream | null; code: string | null }> {
  try {
    return { stream: await navigator.mediaDevices.getUserMedia(constraints), code: null };
  } catch (err) {
    return { stream: null, code: deviceErrorCode(err) };
  }
}

/** The browser's devices: both in one prompt, else each alone (a broken camera must not silence the voice). */
export const browserTracks: AcquireTracks = async (want) => {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    return { audio: null, video: null, problem: DEVICE_ERRORS.INSECURE };
  }
  const constraints = {
    audio: want.audio ? AUDIO_CONSTRAINTS : false,
    video: want.video ? VIDEO_CONSTRAINTS : false,
  };
  const both = await ask(constraints);
  if (both.stream) {
    return { audio: both.stream.getAudioTracks()[0] ?? null, video: both.stream.getVideoTracks()[0] ?? null, problem: null };
  }
  if (!(want.audio && want.video) || both.code === DEVICE_ERRORS.DENIED) return { audio: null, video: null, problem: both.code };
  const audio = await ask({ audio: AUDIO_CONSTRAINTS });
  if (audio.stream) return { audio: audio.stream.getAudioTracks()[0] ?? null, video: null, problem: both.code };
  const video = await ask({ video: VIDEO_CONSTRAINTS });
  return { audio: null, video: video.stream?.getVideoTracks()[0] ?? null, problem: audio.code ?? both.code };
};
