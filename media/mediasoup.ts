// The one place that imports the mediasoup library. mediasoup reads MEDIASOUP_WORKER_BIN
// when its module is first evaluated, so the binary is located and the variable set
// before a dynamic import; a static `import 'mediasoup'` anywhere else would freeze the
// default (in-package) path first. Type-only imports (`import type { types }`) are fine.
import { accessSync, constants } from 'node:fs';
import { AppError } from '../server/src/errors.ts';
import { BUILD_SCRIPT, workerBinaryPath, workerCacheLocation } from './worker/locate.ts';

export type Mediasoup = typeof import('mediasoup');

let loading: Promise<Mediasoup> | null = null;

function missing(detail: string): AppError {
  return new AppError(
    'UNAVAILABLE',
    `mediasoup worker binary ${detail}: run ${BUILD_SCRIPT} (or set MEDIA_ENABLED=false to run without media)`,
  );
}

/** Rejects with UNAVAILABLE, naming the build script, when no runnable worker binary exists. */
export async function loadMediasoup(): Promise<Mediasoup> {
  if (loading) return loading;
  const bin = workerBinaryPath();
  if (!bin) throw missing(`not found (expected ${workerCacheLocation().binary})`);
  try {
    accessSync(bin, constants.X_OK);
  } catch (err) {
    throw missing(`at ${bin} is not executable (${(err as Error).message})`);
  }
  process.env.MEDIASOUP_WORKER_BIN = bin;
  loading = import('mediasoup');
  return loading;
}
