// Captions configuration, parsed once from the environment: CAPTIONS_ENGINE (none by
// default, or pocketsphinx) and CAPTIONS_MODEL_DIR. The model directory is checked at
// startup so a town that forgot to download (or unpack) its model gets one line naming
// what is missing instead of a debate without captions.
import { z } from 'zod';
import { locatePocketsphinx, PocketsphinxSetupError, type PocketsphinxSetup } from './pocketsphinx-model.ts';

export const CAPTION_ENGINES = ['none', 'pocketsphinx'] as const;

const EnvSchema = z.object({
  CAPTIONS_ENGINE: z.enum(CAPTION_ENGINES).default('none'),
  CAPTIONS_MODEL_DIR: z.string().min(1).optional(),
});

export type CaptionsConfig = { engine: 'pocketsphinx'; modelDir: string; setup: PocketsphinxSetup };

export class CaptionsConfigError extends Error {}

/** null: captions off. Throws CaptionsConfigError naming the variable, the file or the binary missing. */
export function captionsConfigFromEnv(env: NodeJS.ProcessEnv): CaptionsConfig | null {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CaptionsConfigError(`Invalid configuration: ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.CAPTIONS_ENGINE === 'none') return null;
  if (!e.CAPTIONS_MODEL_DIR) {
    throw new CaptionsConfigError(`Invalid configuration: CAPTIONS_MODEL_DIR: required when CAPTIONS_ENGINE=${e.CAPTIONS_ENGINE} (the directory of the downloaded model)`);
  }
  try {
    const setup = locatePocketsphinx(e.CAPTIONS_MODEL_DIR, env.PATH ?? process.env.PATH ?? '');
    return { engine: 'pocketsphinx', modelDir: e.CAPTIONS_MODEL_DIR, setup };
  } catch (err) {
    if (!(err instanceof PocketsphinxSetupError)) throw err;
    throw new CaptionsConfigError(`Invalid configuration: ${err.variable}: ${err.message}`);
  }
}
