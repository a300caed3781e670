// Command-line flags of the media benchmark, parsed and bounded once.
import { parseArgs } from 'node:util';

export interface MediaBenchArgs {
  /** Stop adding consumers past this many (audio + video, two per viewer). */
  maxConsumers: number;
  /** Consumers added per step (even: a viewer is one audio and one video consumer). */
  step: number;
  /** Seconds of CPU measurement per step (after `settleSec`). */
  windowSec: number;
  settleSec: number;
  /** Worker CPU (fraction of one core) at which the worker counts as saturated. */
  saturation: number;
  /** Chromium joins measured for join-to-first-frame. */
  joins: number;
  /** Hard limit for the whole run, seconds. */
  timeoutSec: number;
  /** First port of the worker's RTC range (2,000 ports from there). */
  rtcMinPort: number;
}

export const USAGE = `usage: npm run bench:media -- [--max-consumers N] [--step N] [--window S] [--settle S]
  [--saturation FRACTION] [--joins N] [--timeout S] [--rtc-min-port PORT]`;

function num(value: string | undefined, name: string, def: number, min: number, max: number, integer = true): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
  }
  return n;
}

export function parseMediaBenchArgs(argv: string[]): MediaBenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      'max-consumers': { type: 'string' },
      step: { type: 'string' },
      window: { type: 'string' },
      settle: { type: 'string' },
      saturation: { type: 'string' },
      joins: { type: 'string' },
      timeout: { type: 'string' },
      'rtc-min-port': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const step = num(values.step, 'step', 50, 2, 500);
  if (step % 2 !== 0) throw new Error('--step must be even (one audio and one video consumer per viewer)');
  return {
    maxConsumers: num(values['max-consumers'], 'max-consumers', 1600, step, 3600),
    step,
    windowSec: num(values.window, 'window', 4, 1, 60),
    settleSec: num(values.settle, 'settle', 2, 0, 60),
    saturation: num(values.saturation, 'saturation', 0.95, 0.3, 1, false),
    joins: num(values.joins, 'joins', 7, 1, 50),
    timeoutSec: num(values.timeout, 'timeout', 900, 60, 3600),
    rtcMinPort: num(values['rtc-min-port'], 'rtc-min-port', 42_000, 1024, 63_000),
  };
}
