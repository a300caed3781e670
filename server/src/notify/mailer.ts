// Outgoing e-mail: nodemailer's SMTP pool over SMTP_URL, with a sender and a rate limit.
// Without SMTP_URL e-mail is off: `enabled` is false and `send` throws MailOffError, so
// nothing pretends to send. Every header value is checked here, whatever the caller
// validated: a CR or LF in a subject or display name would let a subscriber-controlled
// string add headers (header injection), so it is refused, not stripped.
import nodemailer from 'nodemailer';
import { isMailAddress } from '../protocol/notify.ts';

export interface MailerConfig {
  /** smtp://user:pass@host:port or smtps://...; null: e-mail is off. */
  smtpUrl: string | null;
  /** From header, e.g. `Mairie de Villeneuve <debats@villeneuve.fr>`. */
  from: string;
  /** Messages per second through the pool (nodemailer rateLimit per 1000 ms). */
  ratePerSecond: number;
  /** Parallel SMTP connections. */
  maxConnections: number;
}

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  /** The recipient's display name (checked like every header value). */
  toName?: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 8058 one-click unsubscribe: List-Unsubscribe + List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
  /** Extra headers (names and values checked). */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface MailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface Mailer {
  readonly enabled: boolean;
  /** The configured sender (shown to the organizer), even when off. */
  readonly from: string;
  /** Throws MailOffError when off, MailRefusedError for a bad message, else SMTP errors. */
  send(msg: MailMessage): Promise<MailResult>;
  /** Idempotent. */
  close(): void;
}

export class MailOffError extends Error {
  readonly code = 'EMAIL_OFF';
  constructor() {
    super('e-mail is off: no SMTP_URL configured');
  }
}

export class MailRefusedError extends Error {
  readonly code = 'EMAIL_REFUSED';
}

/** A forbidden character in a header value: CR, LF, NUL or another control character. */
const HEADER_UNSAFE = /[\u0000-\u001F\u007F\u2028\u2029]/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,60}$/;
export { isMailAddress };

export function assertHeaderSafe(field: string, value: string): void {
  if (HEADER_UNSAFE.test(value)) throw new MailRefusedError(`${field} contains a line break or control character`);
}

export function checkMessage(msg: MailMessage): void {
  if (!isMailAddress(msg.to)) throw new MailRefusedError('invalid recipient address');
  if (msg.toName !== undefined) assertHeaderSafe('recipient name', msg.toName);
  assertHeaderSafe('subject', msg.subject);
  if (msg.subject.length > 250) throw new MailRefusedError('subject too long');
  if (msg.unsubscribeUrl !== undefined) {
    assertHeaderSafe('unsubscribeUrl', msg.unsubscribeUrl);
    if (!/^https?:\/\//.test(msg.unsubscribeUrl)) throw new MailRefusedError('unsubscribeUrl must be http(s)');
  }
  for (const [k, v] of Object.entries(msg.headers ?? {})) {
    if (!HEADER_NAME.test(k)) throw new MailRefusedError(`invalid header name ${JSON.stringify(k)}`);
    assertHeaderSafe(k, v);
  }
  for (const a of msg.attachments ?? []) assertHeaderSafe('attachment filename', a.filename);
}

export function createMailer(config: MailerConfig): Mailer {
  assertHeaderSafe('from', config.from);
  if (!config.smtpUrl) {
    return {
      enabled: false,
      from: config.from,
      async send() {
        throw new MailOffError();
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(
    {
      url: config.smtpUrl,
      pool: true,
      maxConnections: config.maxConnections,
      rateLimit: config.ratePerSecond,
      rateDelta: 1000,
      // A dead server fails the attempt quickly: the job queue retries it with backoff.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: config.from },
  );
  let closed = false;
  return {
    enabled: true,
    from: config.from,
    async send(msg) {
      checkMessage(msg);
      const headers: Record<string, string> = { ...msg.headers };
      const info = await transport.sendMail({
        to: msg.toName ? { name: msg.toName, address: msg.to } : msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        headers,
        ...(msg.unsubscribeUrl
          ? { list: { unsubscribe: msg.unsubscribeUrl } }
          : {}),
        ...(msg.unsubscribeUrl ? { headers: { ...headers, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
        ...(msg.attachments ? { attachments: msg.attachments } : {}),
      });
      return {
        messageId: String(info.messageId),
        accepted: (info.accepted as unknown[]).map(String),
        rejected: (info.rejected as unknown[]).map(String),
      };
    },
    close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}
