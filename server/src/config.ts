// Configuration: parsed once from the environment by a zod schema and passed down.
// A bad value stops startup with one line naming the variable. Secrets that are not
// given are generated once and kept in the data directory, so restarts keep tokens valid.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MediaConfigError, mediaConfigFromEnv, type MediaConfig } from '../../media/config.ts';
import type { LimitsConfig } from './plugins/rate-limits.ts';
import { NotifyConfigError, notifyConfigFromEnv, TimeZoneSchema, type NotifyConfig } from './notify/notify-config.ts';
import { CaptionsConfigError, captionsConfigFromEnv, type CaptionsConfig } from '../../media/captions/config.ts';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL used in links, QR codes and calendars (default http://localhost:PORT). */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL URL; absent = embedded PGlite in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Redis URL; absent = single node with the in-process Socket.IO adapter. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Namespace of Tribune's Redis keys and channels (several deployments, one Redis). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/, 'letters, digits, : _ - (max 40)').default('tribune'),
  /** This node's name in leases, forwarding and logs; default: random per start. */
  NODE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ - (max 40)').optional(),
  /** Lifetime of a node's ownership lease on a live debate (renewed every fifth of it). */
  LEASE_TTL_MS: z.coerce.number().int().min(500).max(120_000).default(15_000),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The secret JWT_SECRET replaced: its tokens stay valid until JWT_PREVIOUS_SECRET_UNTIL. */
  JWT_PREVIOUS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** End of the rotation's grace period (ISO 8601); default TOKEN_TTL_HOURS after start. */
  JWT_PREVIOUS_SECRET_UNTIL: z.iso.datetime({ offset: true }).optional(),
  /** Fastify's trustProxy: `true`, or the addresses/CIDRs (comma-separated) of the TLS proxy. */
  TRUST_PROXY: z.string().regex(/^(true|false|[0-9a-fA-F.:/, ]+)$/, 'true, false or proxy addresses').default('false'),
  /** HTTP rate limits (plugins/rate-limits.ts). */
  JOIN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(60),
  JOIN_LIMIT_PER_DEBATE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  JOIN_FAILURES_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(10),
  JOIN_FAILURES_PER_DEBATE: z.coerce.number().int().min(1).max(1_000_000).default(200),
  AUTH_FAILURES_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(10),
  FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Bearer token a Prometheus scraper sends to GET /metrics (the admin token works too). */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Lifetime of participant/speaker/display tokens. */
  TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Per-socket rate limit: sustained events per second and burst. */
  SOCKET_RATE_PER_SEC: z.coerce.number().min(1).max(10_000).default(20),
  SOCKET_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(40),
  /** Largest accepted socket message, bytes. */
  SOCKET_MAX_PAYLOAD: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
  /** How long a participant may be away (no socket on any node) before "next" passes over them. */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Tally broadcast period while votes flow. */
  TALLY_INTERVAL_MS: z.coerce.number().int().min(50).max(5000).default(250),
  /** Live audio/video (mediasoup). false: nothing of mediasoup is loaded (MEDIA_* ignored). */
  MEDIA_ENABLED: z.enum(['true', 'false', '1', '0']).default('true'),
  /** The built browser client (`npm run client:build`); default client/dist of this checkout. */
  CLIENT_DIR: z.string().min(1).optional(),
  /** Origins (comma-separated) allowed to show /embed in an <iframe>: CSP frame-ancestors. */
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .regex(/^\s*(https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?\s*(,\s*|$))*$/, 'comma-separated origins such as https://www.ville.fr')
    .default(''),
  /** The town's time zone: dates written by the server (feeds, embed, mails). */
  TIME_ZONE: TimeZoneSchema,
  /** Webhooks may reach private, loopback and link-local addresses (SSRF guard off; tests, intranets). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** Retries of a webhook message after its first attempt, and the first delay (doubled each time). */
  WEBHOOK_RETRIES: z.coerce.number().int().min(0).max(20).default(6),
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How long one attempt waits for the receiver's answer. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Broadcast (HLS + RTMP pushes) every live debate from the start; else the moderator starts it. */
  BROADCAST_AUTOSTART: z.enum(['true', 'false', '1', '0']).default('false'),
  /** WebRTC viewers of a debate from which the citizen page plays HLS instead (bench:broadcast suggests one). */
  BROADCAST_WEBRTC_THRESHOLD: z.coerce.number().int().min(0).max(1_000_000).default(400),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string | null;
  databaseUrl: string | null;
  redisUrl: string | null;
  redisPrefix: string;
  /** null: a random id per start. */
  nodeId: string | null;
  leaseTtlMs: number;
  dataDir: string;
  jwtSecret: string;
  /** Key rotation: the previous secret and until when (ms) its tokens are accepted. */
  jwtPreviousSecret: { secret: string; until: number } | null;
  trustProxy: boolean | string;
  limits: LimitsConfig;
  adminToken: string;
  /** True when the admin token was generated by this start (print it once). */
  adminTokenGenerated: boolean;
  /** Also reads GET /metrics; null: only the admin token does. */
  metricsToken: string | null;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  tokenTtlSeconds: number;
  socketRatePerSec: number;
  socketRateBurst: number;
  socketMaxPayload: number;
  tallyIntervalMs: number;
  presenceGraceMs: number;
  /** null when MEDIA_ENABLED=false; else the MEDIA_* options (media/config.ts). */
  media: MediaConfig | null;
  /** Directory of the built browser client served at / (may not exist: pages then answer 503). */
  clientDir: string;
  /** Origins allowed to frame /embed (empty: only this origin). */
  embedAllowedOrigins: string[];
  timeZone: string;
  webhookAllowPrivate: boolean;
  webhookRetries: number;
  webhookRetryDelaySeconds: number;
  webhookTimeoutMs: number;
  /** E-mail and job queue (notify/notify-config.ts). */
  notify: NotifyConfig;
  /** null when CAPTIONS_ENGINE=none (default); else the engine and its model (media/captions/config.ts). */
  captions: CaptionsConfig | null;
  /** The broadcast of the program feed (media/broadcast/). */
  broadcast: { autoStart: boolean; webrtcThreshold: number };
}

export class ConfigError extends Error {}

/** Parse the environment. Throws ConfigError with a one-line message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let media: MediaConfig | null = null;
  if (e.MEDIA_ENABLED === 'true' || e.MEDIA_ENABLED === '1') {
    try {
      media = mediaConfigFromEnv(env);
    } catch (err) {
      if (err instanceof MediaConfigError) throw new ConfigError(err.message);
      throw err;
    }
  }
  let notify: NotifyConfig;
  try {
    notify = notifyConfigFromEnv(env);
  } catch (err) {
    if (err instanceof NotifyConfigError) throw new ConfigError(err.message);
    throw err;
  }
  let captions: CaptionsConfig | null = null;
  try {
    captions = captionsConfigFromEnv(env);
  } catch (err) {
    if (err instanceof CaptionsConfigError) throw new ConfigError(err.message);
    throw err;
  }
  const secrets = loadOrCreateSecrets(dataDir, e.JWT_SECRET, e.ADMIN_TOKEN);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/$/, '') : null,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    nodeId: e.NODE_ID ?? null,
    leaseTtlMs: e.LEASE_TTL_MS,
    dataDir,
    jwtSecret: secrets.jwtSecret,
    jwtPreviousSecret: e.JWT_PREVIOUS_SECRET
      ? {
          secret: e.JWT_PREVIOUS_SECRET,
          until: e.JWT_PREVIOUS_SECRET_UNTIL ? Date.parse(e.JWT_PREVIOUS_SECRET_UNTIL) : Date.now() + e.TOKEN_TTL_HOURS * 3_600_000,
        }
      : null,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    limits: {
      joinPerIp: e.JOIN_LIMIT_PER_IP,
      joinPerDebate: e.JOIN_LIMIT_PER_DEBATE,
      joinFailuresPerIp: e.JOIN_FAILURES_PER_IP,
      joinFailuresPerDebate: e.JOIN_FAILURES_PER_DEBATE,
      authFailuresPerIp: e.AUTH_FAILURES_PER_IP,
      failureWindowMs: e.FAILURE_WINDOW_SECONDS * 1000,
    },
    adminToken: secrets.adminToken,
    adminTokenGenerated: secrets.adminTokenGenerated,
    metricsToken: e.METRICS_TOKEN ?? null,
    logLevel: e.LOG_LEVEL,
    tokenTtlSeconds: e.TOKEN_TTL_HOURS * 3600,
    socketRatePerSec: e.SOCKET_RATE_PER_SEC,
    socketRateBurst: e.SOCKET_RATE_BURST,
    socketMaxPayload: e.SOCKET_MAX_PAYLOAD,
    tallyIntervalMs: e.TALLY_INTERVAL_MS,
    presenceGraceMs: e.PRESENCE_GRACE_MS,
    media,
    clientDir: e.CLIENT_DIR ? resolve(e.CLIENT_DIR) : fileURLToPath(new URL('../../client/dist', import.meta.url)),
    embedAllowedOrigins: e.EMBED_ALLOWED_ORIGINS.split(',').map((o) => o.trim().toLowerCase()).filter(Boolean),
    timeZone: e.TIME_ZONE,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
    webhookRetries: e.WEBHOOK_RETRIES,
    webhookRetryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    notify,
    captions,
    broadcast: { autoStart: e.BROADCAST_AUTOSTART === 'true' || e.BROADCAST_AUTOSTART === '1', webrtcThreshold: e.BROADCAST_WEBRTC_THRESHOLD },
  };
}

function parseTrustProxy(v: string): boolean | string {
  if (v === 'true') return true;
  return v === 'false' ? false : v;
}

interface Secrets {
  jwtSecret: string;
  adminToken: string;
  adminTokenGenerated: boolean;
}

const SecretsFileSchema = z.object({ jwtSecret: z.string().min(32), adminToken: z.string().min(24) });

function loadOrCreateSecrets(dataDir: string, jwtSecret?: string, adminToken?: string): Secrets {
  if (jwtSecret && adminToken) return { jwtSecret, adminToken, adminTokenGenerated: false };
  const file = join(dataDir, 'secrets.json');
  let stored: z.infer<typeof SecretsFileSchema> | null = null;
  if (existsSync(file)) {
    // Owner-only, whatever an older version or a copy left: the file signs every token.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const ok = SecretsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!ok.success) throw new ConfigError(`Invalid configuration: ${file} is not a valid secrets file`);
    stored = ok.data;
  }
  const generated = !stored;
  stored ??= {
    jwtSecret: randomBytes(48).toString('base64url'),
    adminToken: randomBytes(24).toString('base64url'),
  };
  if (generated) {
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return {
    jwtSecret: jwtSecret ?? stored.jwtSecret,
    adminToken: adminToken ?? stored.adminToken,
    adminTokenGenerated: generated && !adminToken,
  };
}

export function publicBaseUrl(config: Config, port = config.port): string {
  return config.publicUrl ?? `http://localhost:${port}`;
}
