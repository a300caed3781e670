// Loopback UDP between the recorder and FFmpeg. Ports: FFmpeg binds them itself (from
// the SDP), so the recorder picks an even port whose successor (RTCP) is free too,
// releases both, and later waits until FFmpeg holds them before letting media flow:
// packets sent earlier would be lost while FFmpeg starts. Readiness is read from
// /proc/net/udp on Linux, which observes the bind without touching the port; elsewhere a
// short fixed delay stands in. And the poke that lets FFmpeg stop while the feed is silent.
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

const HOST = '127.0.0.1';
const ATTEMPTS = 50;

function bind(port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind(port, HOST, () => resolve(socket));
  });
}

/** An even port P such that P and P + 1 are free on 127.0.0.1 right now. */
export async function findFreePortPair(): Promise<number> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port % 2 === 0 && port < 65_535 ? await bind(port + 1) : null;
    first.close();
    second?.close();
    if (second) return port;
  }
  throw new Error(`no free UDP port pair on ${HOST} after ${ATTEMPTS} attempts`);
}

/** Local ports of the IPv4 UDP sockets bound on this host, or null when /proc is not there. */
async function boundUdpPorts(): Promise<Set<number> | null> {
  let text: string;
  try {
    text = await readFile('/proc/net/udp', 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const ports = new Set<number>();
  for (const line of text.split('\n').slice(1)) {
    const local = line.trim().split(/\s+/)[1];
    const hexPort = local?.split(':')[1];
    if (hexPort) ports.add(Number.parseInt(hexPort, 16));
  }
  return ports;
}

const FALLBACK_DELAY_MS = 500;

/**
 * Resolves once every port is bound (by FFmpeg), false on timeout or when `abort()` turns
 * true (FFmpeg exited). Without /proc/net/udp, waits FALLBACK_DELAY_MS and resolves true.
 */
export async function waitForUdpBound(ports: readonly number[], timeoutMs: number, abort: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (abort()) return false;
    const bound = await boundUdpPorts();
    if (!bound) {
      await new Promise((r) => setTimeout(r, FALLBACK_DELAY_MS));
      return !abort();
    }
    if (ports.every((p) => bound.has(p))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A 20 ms Opus frame of silence (CELT, fullband, one frame): what the poke carries. */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
/** FFmpeg, like RFC 3550's probation, drops a stream's first packet after a sequence jump. */
const POKE_PACKETS = 3;

/**
 * Sends FFmpeg a few RTP packets of Opus silence on its audio port. FFmpeg only notices a
 * stop request between two packets; when the feed is silent (paused producers) these
 * are what let it finish and write the file's trailer.
 */
export async function pokeWithOpusSilence(port: number, payloadType: number): Promise<void> {
  const seq = Math.floor(Math.random() * 0x10000);
  const timestamp = Math.floor(Math.random() * 0x1_0000_0000);
  const socket = dgram.createSocket('udp4');
  try {
    for (let i = 0; i < POKE_PACKETS; i++) {
      const header = Buffer.alloc(12);
      header[0] = 0x80; // RTP version 2, no padding, no extension, no CSRC
      header[1] = payloadType & 0x7f;
      header.writeUInt16BE((seq + i) & 0xffff, 2);
      header.writeUInt32BE((timestamp + i * 960) >>> 0, 4);
      header.writeUInt32BE(0x5452_4942, 8); // SSRC "TRIB"
      await new Promise<void>((resolve, reject) =>
        socket.send(Buffer.concat([header, OPUS_SILENCE]), port, HOST, (err) => (err ? reject(err) : resolve())),
      );
    }
  } finally {
    socket.close();
  }
}
