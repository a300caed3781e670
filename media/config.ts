// Media layer options: parsed once by a zod schema (from an object or from the
// environment) and passed to the worker pool and the rooms. No module reads
// process.env for media settings except mediaConfigFromEnv.
import os from 'node:os';
import { z } from 'zod';

const PortSchema = z.number().int().min(1024).max(65_535);
const IpSchema = z.union([z.ipv4(), z.ipv6()]);

export const MediaConfigSchema = z
  .object({
    /** mediasoup workers (one process each); one per core by default. */
    workers: z.number().int().min(1).max(128).default(() => os.availableParallelism()),
    /** UDP/TCP range for ICE; split evenly between the workers. */
    rtcMinPort: PortSchema.default(40_000),
    rtcMaxPort: PortSchema.default(49_999),
    /** Local address the transports listen on. */
    listenIp: IpSchema.default('127.0.0.1'),
    /** Public address put in ICE candidates when the server sits behind NAT. */
    announcedIp: IpSchema.optional(),
    maxConsumersPerRouter: z.number().int().min(1).max(100_000).default(1_000),
    maxTransportsPerParticipant: z.number().int().min(1).max(16).default(4),
    /** How long a disconnected participant's media survives, waiting for a reconnection. */
    participantGraceMs: z.number().int().min(0).max(300_000).default(10_000),
    logLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  })
  .refine((c) => c.rtcMaxPort - c.rtcMinPort + 1 >= c.workers * 2, {
    message: 'the RTC port range must give every worker at least 2 ports',
    path: ['rtcMaxPort'],
  });
export type MediaConfig = z.infer<typeof MediaConfigSchema>;
export type MediaConfigInput = z.input<typeof MediaConfigSchema>;

export class MediaConfigError extends Error {}

export function parseMediaConfig(input: MediaConfigInput = {}): MediaConfig {
  const parsed = MediaConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MediaConfigError(`Invalid media configuration: ${issue.path.join('.') || 'media'}: ${issue.message}`);
  }
  return parsed.data;
}

const ENV_NAMES = {
  workers: 'MEDIA_WORKERS',
  rtcMinPort: 'MEDIA_RTC_MIN_PORT',
  rtcMaxPort: 'MEDIA_RTC_MAX_PORT',
  listenIp: 'MEDIA_LISTEN_IP',
  announcedIp: 'MEDIA_ANNOUNCED_IP',
  maxConsumersPerRouter: 'MEDIA_MAX_CONSUMERS_PER_ROUTER',
  maxTransportsPerParticipant: 'MEDIA_MAX_TRANSPORTS_PER_PARTICIPANT',
  participantGraceMs: 'MEDIA_PARTICIPANT_GRACE_MS',
  logLevel: 'MEDIA_LOG_LEVEL',
} as const satisfies Record<keyof MediaConfig, string>;

const NUMERIC = new Set<keyof MediaConfig>([
  'workers',
  'rtcMinPort',
  'rtcMaxPort',
  'maxConsumersPerRouter',
  'maxTransportsPerParticipant',
  'participantGraceMs',
]);

/** Reads MEDIA_* variables; errors name the variable, like server/src/config.ts. */
export function mediaConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MediaConfig {
  const input: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof MediaConfig, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    input[key] = NUMERIC.has(key) && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  }
  const parsed = MediaConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] as keyof MediaConfig | undefined;
    throw new MediaConfigError(`Invalid configuration: ${key ? ENV_NAMES[key] : 'MEDIA_*'}: ${issue.message}`);
  }
  return parsed.data;
}
