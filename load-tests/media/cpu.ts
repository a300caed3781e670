// CPU time of a process (the mediasoup worker) and of the whole machine, read from /proc:
// utime + stime of /proc/<pid>/stat in clock ticks, and the busy share of /proc/stat.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSec: number | null = null;

/** Clock ticks per second (USER_HZ), 100 on Linux unless getconf says otherwise. */
export function clockTicks(): number {
  if (ticksPerSec === null) {
    try {
      ticksPerSec = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // No getconf: Linux's USER_HZ is 100 on every common architecture.
      ticksPerSec = 100;
    }
  }
  return ticksPerSec;
}

/** CPU seconds a process has used so far, in user and in system (kernel) mode. */
export function processCpuSec(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / clockTicks(), system: Number(fields[12]) / clockTicks() };
}

export interface MachineSample {
  busy: number;
  total: number;
}

export function machineSample(): MachineSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuMeasure {
  /** Worker CPU, fraction of one core (user + system). */
  worker: number;
  /** Of which in the kernel (sendto and the loopback path). */
  workerSystem: number;
  /** Machine busy share, 0..1 of all cores. */
  machine: number;
}

/** Worker CPU and machine busy share over `ms`. */
export async function measure(pid: number, ms: number): Promise<CpuMeasure> {
  const c0 = processCpuSec(pid);
  const m0 = machineSample();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const c1 = processCpuSec(pid);
  const m1 = machineSample();
  const wall = (performance.now() - t0) / 1000;
  return {
    worker: (c1.user + c1.system - c0.user - c0.system) / wall,
    workerSystem: (c1.system - c0.system) / wall,
    machine: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total),
  };
}
