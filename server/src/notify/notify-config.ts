// The notification settings, parsed once from the environment beside config.ts: SMTP,
// sender, rate, reminder offsets and the job queue's polling period.
import { z } from 'zod';

/** The town's time zone (`TIME_ZONE`): an IANA name; one schema for mails, feeds and the embed. */
export const TimeZoneSchema = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('fr-FR', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Paris')
  .default('Europe/Paris');

const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "1d" → 86400000; null when not a duration. */
export function parseDuration(s: string): number | null {
  const m = DURATION.exec(s.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null;
}

const NotifyEnvSchema = z.object({
  /** smtp://user:pass@host:587 or smtps://...; absent: e-mail is off. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** The From header of every mail. */
  MAIL_FROM: z
    .string()
    .min(3)
    .max(200)
    .refine((v) => !/[\r\n\u0000]/.test(v), 'must be one line')
    .default('Tribune <no-reply@localhost>'),
  /** Messages per second through the SMTP pool. */
  MAIL_RATE_PER_SEC: z.coerce.number().int().min(1).max(10_000).default(20),
  MAIL_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(3),
  /** Reminder offsets before a debate's start, comma-separated (s, m, h, d). */
  NOTIFY_REMINDER_OFFSETS: z
    .string()
    .refine((v) => v.split(',').every((p) => parseDuration(p) !== null), 'comma-separated durations like 1d,1h,30m')
    .default('1d,1h'),
  /** Retries of a mail that failed (SMTP down), and the first retry's delay (doubled each time). */
  MAIL_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(5),
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** The town's time zone: the dates written in mails. */
  TIME_ZONE: TimeZoneSchema,
  /** Subscribe requests per client IP per minute (each one sends a mail). */
  NOTIFY_SUBSCRIBE_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** How often idle job workers look for due jobs (seconds, >= 0.5). */
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
});

export interface NotifyConfig {
  smtpUrl: string | null;
  mailFrom: string;
  mailRatePerSecond: number;
  mailMaxConnections: number;
  /** Milliseconds before the start, largest first. */
  reminderOffsetsMs: number[];
  jobsPollSeconds: number;
  mailRetryLimit: number;
  mailRetryDelaySeconds: number;
  timeZone: string;
  subscribePerIpPerMinute: number;
}

export class NotifyConfigError extends Error {}

export function notifyConfigFromEnv(env: NodeJS.ProcessEnv): NotifyConfig {
  const parsed = NotifyEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NotifyConfigError(`Invalid configuration: ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const offsets = [...new Set(e.NOTIFY_REMINDER_OFFSETS.split(',').map((p) => parseDuration(p)!))].sort((a, b) => b - a);
  return {
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    mailRatePerSecond: e.MAIL_RATE_PER_SEC,
    mailMaxConnections: e.MAIL_MAX_CONNECTIONS,
    reminderOffsetsMs: offsets,
    jobsPollSeconds: e.JOBS_POLL_SECONDS,
    mailRetryLimit: e.MAIL_RETRY_LIMIT,
    mailRetryDelaySeconds: e.MAIL_RETRY_DELAY_SECONDS,
    timeZone: e.TIME_ZONE,
    subscribePerIpPerMinute: e.NOTIFY_SUBSCRIBE_PER_IP,
  };
}
