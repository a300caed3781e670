// Finds the FFmpeg and ffprobe executables the recorder runs: the system ones on PATH
// first (Debian's ffmpeg 5.1 is what the recorder is verified with), else the static
// builds shipped by the npm packages @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe
// (optional dependencies; `npm run setup` makes their binaries executable, since install
// scripts are off). When nothing is found the error says how to get one, instead of
// failing later inside a spawn.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { AppError } from '../../server/src/errors.ts';

export type MediaTool = 'ffmpeg' | 'ffprobe';

export interface ResolvedTool {
  path: string;
  source: 'path' | 'npm';
}

export interface ResolveOptions {
  /** The PATH to search; process.env.PATH by default. */
  pathEnv?: string;
  /** Resolves npm packages; relative to this module by default. */
  requirePackage?: (name: string) => unknown;
}

const NPM_PACKAGE: Record<MediaTool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

const defaultRequire = createRequire(import.meta.url);

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    // Not there or not executable: the caller tries the next candidate.
    return false;
  }
}

/** First executable `name` in the directories of `pathEnv`, like a shell's lookup. */
export function findOnPath(name: string, pathEnv: string): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return null;
}

function fromNpm(tool: MediaTool, requirePackage: (name: string) => unknown): string | null {
  let mod: unknown;
  try {
    mod = requirePackage(NPM_PACKAGE[tool]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw err;
  }
  const path = (mod as { path?: unknown } | null)?.path;
  return typeof path === 'string' && executable(path) ? path : null;
}

/** The executable to run for `tool`; UNAVAILABLE (with the way to install one) if none. */
export function resolveMediaTool(tool: MediaTool, opts: ResolveOptions = {}): ResolvedTool {
  const onPath = findOnPath(tool, opts.pathEnv ?? process.env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'path' };
  const npm = fromNpm(tool, opts.requirePackage ?? defaultRequire);
  if (npm) return { path: npm, source: 'npm' };
  throw new AppError(
    'UNAVAILABLE',
    `${tool} not found: not on PATH and the npm package ${NPM_PACKAGE[tool]} is not installed ` +
      `(install Debian's ffmpeg with \`apt-get install -y ffmpeg\`, which provides ffmpeg and ffprobe)`,
  );
}
