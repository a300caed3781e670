// The worker pool against real mediasoup workers: start, death and replacement, close.
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool, type WorkerReplaced } from '../../../media/worker-pool.ts';
import { collectingLogger, isAlive, testMediaConfig, withWorker } from './helpers.ts';
import { until } from '../helpers/until.ts';

describe('WorkerPool', () => {
  const log = collectingLogger();
  let pool: WorkerPool;

  withWorker(async () => {
    pool = await WorkerPool.create(testMediaConfig({ workers: 2, rtcMinPort: 43_000, rtcMaxPort: 43_199 }), log);
  });
  afterAll(() => pool?.close());

  it('starts one worker process per configured slot', async () => {
    const workers = pool.workers();
    expect(pool.size).toBe(2);
    expect(workers).toHaveLength(2);
    expect(new Set(workers.map((w) => w.pid)).size).toBe(2);
    for (const w of workers) expect(isAlive(w.pid)).toBe(true);
    const usage = await Promise.all(workers.map((w) => w.getResourceUsage()));
    expect(usage.every((u) => u.ru_maxrss > 0)).toBe(true);
  });

  it('spreads routers: pickWorker returns the least loaded worker', async () => {
    const first = pool.pickWorker();
    const router = await first.createRouter({ mediaCodecs: [] });
    try {
      expect(pool.pickWorker()).not.toBe(first);
    } finally {
      router.close();
    }
    expect(pool.pickWorker()).toBe(first);
  });

  it('replaces a killed worker, notifies listeners, and keeps the process alive', async () => {
    const events: WorkerReplaced[] = [];
    const off = pool.onWorkerReplaced((e) => events.push(e));
    const victim = pool.workers()[0]!;
    const survivor = pool.workers()[1]!;
    process.kill(victim.pid);

    const replaced = await until('worker replacement', () => events[0]);
    off();
    expect(replaced.previousPid).toBe(victim.pid);
    expect(replaced.slot).toBe(0);
    expect(replaced.worker.pid).not.toBe(victim.pid);
    expect(isAlive(replaced.worker.pid)).toBe(true);
    expect(victim.closed).toBe(true);
    expect(pool.workers()).toEqual([replaced.worker, survivor]);
    expect(log.lines.some((l) => l.level === 'error' && /died/.test(l.msg))).toBe(true);

    // The replacement is a working worker.
    const router = await replaced.worker.createRouter({ mediaCodecs: [] });
    expect(router.id).toMatch(/^[0-9a-f-]{36}$/);
    router.close();
  });

  it('an unsubscribed listener is not called; a throwing listener does not stop the others', async () => {
    const calls: string[] = [];
    const off = pool.onWorkerReplaced(() => calls.push('removed'));
    off();
    pool.onWorkerReplaced(() => {
      throw new Error('listener bug');
    });
    const offOk = pool.onWorkerReplaced(() => calls.push('ok'));
    process.kill(pool.workers()[1]!.pid);
    await until('second replacement', () => calls.length > 0);
    offOk();
    expect(calls).toEqual(['ok']);
    expect(log.lines.some((l) => /listener threw/.test(l.msg))).toBe(true);
    expect(pool.workers()).toHaveLength(2);
  });

  it('close() stops every worker and is safe twice', async () => {
    const local = await WorkerPool.create(testMediaConfig({ workers: 2, rtcMinPort: 43_200, rtcMaxPort: 43_299 }), log);
    const pids = local.workers().map((w) => w.pid);
    local.close();
    local.close();
    expect(local.closed).toBe(true);
    expect(local.workers()).toEqual([]);
    expect(() => local.pickWorker()).toThrow(/closed/);
    await until('worker processes to exit', () => pids.every((pid) => !isAlive(pid)));
  });
});
