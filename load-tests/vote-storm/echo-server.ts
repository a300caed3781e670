// Echo baseline for the vote-storm benchmark: a bare Socket.IO 4.8 server speaking just
// enough of Tribune's protocol for the same client code to run against it. Its vote path
// is an ack and a counter, so its figures are the transport's ceiling on this machine.
// Runs as a child process; exits when its stdin closes or after ECHO_MAX_SECONDS.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
/** 0 = no tally broadcast (the default: a bare baseline); otherwise the period in ms. */
const tallyMs = Number(process.env.ECHO_TALLY_MS ?? 0);
const maxSeconds = Number(process.env.ECHO_MAX_SECONDS ?? 1800);

const http = createServer((req, res) => {
  const ok = req.url === '/healthz' || req.url === '/readyz';
  res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
  res.end(ok ? '{"ok":true}' : '{"ok":false}');
});
const io = new Server(http, { serveClient: false, transports: ['websocket'] });

type AckFn = (ack: unknown) => void;
let seq = 0;
let pollCount = 0;
let pollId = '';
let counts = [0, 0, 0];
let total = 0;
let dirty = false;

function results(): { counts: number[]; totalBallots: number } {
  return { counts: [...counts], totalBallots: total };
}

io.on('connection', (socket) => {
  socket.emit('state:snapshot', { seq, serverTime: Date.now(), state: {} });

  socket.on('poll:vote', (payload: { choices?: number[] }, ack: AckFn) => {
    const choice = payload?.choices?.[0] ?? 0;
    counts[choice] = (counts[choice] ?? 0) + 1;
    total++;
    dirty = true;
    if (typeof ack === 'function') ack({ ok: true, data: { receipt: 'x' } });
  });

  socket.on('poll:create', (payload: { options?: string[] }, ack: AckFn) => {
    pollId = `echo-poll-${++pollCount}`;
    counts = new Array<number>(payload?.options?.length ?? 3).fill(0);
    total = 0;
    io.emit('debate:event', {
      seq: ++seq,
      at: Date.now(),
      type: 'poll:opened',
      payload: { pollId },
      actor: { role: 'moderator' },
    });
    if (typeof ack === 'function') ack({ ok: true, data: { pollId } });
  });

  socket.on('poll:close', (_payload: unknown, ack: AckFn) => {
    if (typeof ack === 'function') ack({ ok: true, data: { results: results() } });
  });
});

if (tallyMs > 0) {
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    io.emit('poll:tally', { pollId, results: results(), at: Date.now() });
  }, tallyMs);
}

function shutdown(code: number): void {
  io.close();
  http.close();
  setTimeout(() => process.exit(code), 500).unref();
}

process.stdin.on('end', () => shutdown(0));
process.stdin.resume();
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
setTimeout(() => {
  console.error(`echo-server: ECHO_MAX_SECONDS=${maxSeconds} reached, exiting`);
  shutdown(1);
}, maxSeconds * 1000).unref();

http.listen(port, host, () => {
  const addr = http.address();
  console.log(`echo-server listening on ${host}:${typeof addr === 'object' && addr ? addr.port : port}`);
});
