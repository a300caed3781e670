// The feed hub: a loopback TCP server that the encoder's tee muxer sends its MPEG-TS copy
// to, handed to every RTMP push of the debate. One encoding for any number of
// destinations; a push that is slow to read is dropped (its retry starts afresh) rather
// than holding the others or the encoder back. An encoder restart is a new connection:
// the pushes go on.
import net from 'node:net';

export interface FeedSubscriber {
  write(chunk: Buffer): boolean;
  /** Bytes waiting to be read by this subscriber. */
  readonly backlog: number;
  /** Called when the subscriber falls too far behind. */
  drop(): void;
}

const MAX_BACKLOG = 8 * 1024 * 1024;

export class FeedHub {
  readonly #server: net.Server;
  readonly #subscribers = new Set<FeedSubscriber>();
  readonly #sockets = new Set<net.Socket>();
  #port = 0;

  private constructor(server: net.Server) {
    this.#server = server;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('data', (chunk: Buffer) => this.#fanOut(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async open(): Promise<FeedHub> {
    const server = net.createServer();
    const hub = new FeedHub(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    hub.#port = (server.address() as net.AddressInfo).port;
    return hub;
  }

  get port(): number {
    return this.#port;
  }

  subscribe(s: FeedSubscriber): () => void {
    this.#subscribers.add(s);
    return () => this.#subscribers.delete(s);
  }

  #fanOut(chunk: Buffer): void {
    for (const s of this.#subscribers) {
      if (s.backlog > MAX_BACKLOG) {
        this.#subscribers.delete(s);
        s.drop();
        continue;
      }
      s.write(chunk);
    }
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    this.#subscribers.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
