// A real RTMP ingest for the tests: Debian's nginx with libnginx-mod-rtmp, started on a
// given loopback port with a private configuration (see /work/shared/docs/offline-tools.md),
// recording every published stream to FLV so that ffprobe can measure what arrived.
// stop() ends nginx (the recordings are finalised) and waits for it to be gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from '../helpers/until.ts';

const MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

export interface RtmpServer {
  port: number;
  url: string;
  dir: string;
  /** The FLV files recorded so far, full paths. */
  recordings(): Promise<string[]>;
  stop(): Promise<void>;
  /** stop() and remove the directory. */
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

export async function startRtmpServer(port: number, dir?: string): Promise<RtmpServer> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'tribune-rtmp-')));
  const rec = join(root, 'rec');
  await mkdir(join(root, 'logs'), { recursive: true });
  await mkdir(rec, { recursive: true });
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  await writeFile(
    join(root, 'nginx.conf'),
    `${user}load_module ${MODULE};
daemon off;
master_process off;
pid ${root}/nginx.pid;
error_log ${root}/logs/error.log info;
events {}
rtmp {
  server {
    listen 127.0.0.1:${port};
    application live {
      live on;
      record all;
      record_path ${rec};
      record_unique on;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn('nginx', ['-c', join(root, 'nginx.conf'), '-p', root], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await until(`nginx-rtmp on ${port}`, () => accepts(port), 10_000, 50);
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      child.kill('SIGQUIT'); // graceful: the recordings are closed
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    })());
  return {
    port,
    url: `rtmp://127.0.0.1:${port}/live`,
    dir: root,
    recordings: async () => (await readdir(rec)).filter((f) => f.endsWith('.flv')).map((f) => join(rec, f)),
    stop,
    close: async () => {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
