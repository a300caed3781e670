// Where the mediasoup worker binary is. Mirrors build-worker.sh: the cache key is the
// mediasoup version plus the first 12 hex chars of sha256(apply-fixes.sh), so a binary
// built by that script is found here without any environment variable.
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXES_SCRIPT = fileURLToPath(new URL('./apply-fixes.sh', import.meta.url));
export const BUILD_SCRIPT = 'media/worker/build-worker.sh';

export interface WorkerCacheLocation {
  version: string;
  key: string;
  /** ${TRIBUNE_CACHE_DIR:-$HOME/.cache/tribune}/mediasoup-worker/<version>-<key>/mediasoup-worker */
  binary: string;
}

/** The installed mediasoup package directory (found from its main entry: no `exports` needed). */
function mediasoupPackageDir(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('mediasoup'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'mediasoup') return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('mediasoup package.json not found above its main entry');
    dir = parent;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: the caller falls back to the next candidate.
    return false;
  }
}

export function workerCacheLocation(env: NodeJS.ProcessEnv = process.env): WorkerCacheLocation {
  const pkgDir = mediasoupPackageDir();
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const key = createHash('sha256').update(readFileSync(FIXES_SCRIPT)).digest('hex').slice(0, 12);
  const cacheDir = env.TRIBUNE_CACHE_DIR || join(env.HOME || homedir(), '.cache', 'tribune');
  return { version, key, binary: join(cacheDir, 'mediasoup-worker', `${version}-${key}`, 'mediasoup-worker') };
}

/**
 * MEDIASOUP_WORKER_BIN if set; else the cached offline build; else the binary mediasoup's
 * own postinstall puts in the package (machines with internet access); else null.
 */
export function workerBinaryPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MEDIASOUP_WORKER_BIN) return env.MEDIASOUP_WORKER_BIN;
  const cached = workerCacheLocation(env).binary;
  if (isExecutable(cached)) return cached;
  const inPackage = join(mediasoupPackageDir(), 'worker', 'out', 'Release', 'mediasoup-worker');
  return isExecutable(inPackage) ? inPackage : null;
}
