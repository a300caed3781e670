// A real SMTP server for the tests (smtp-server, the receiving side), every message parsed
// with mailparser. `failNext(n)` answers the next n messages with a 451 temporary failure;
// `failAll(true)` fails every one, to drive retries.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** Messages refused so far (451). */
  refused: number;
  failNext(n: number): void;
  failAll(on: boolean): void;
  /** Mails to one address. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  let failCount = 0;
  let failEvery = false;
  const state: TestSmtp = {
    url: '',
    mails: [],
    refused: 0,
    failNext: (n) => {
      failCount = n;
    },
    failAll: (on) => {
      failEvery = on;
    },
    to: (address) => state.mails.filter((m) => m.envelopeTo.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failEvery || failCount > 0) {
          if (failCount > 0) failCount--;
          state.refused++;
          const err = new Error('mailbox temporarily unavailable') as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            state.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}
