/**
 * CPU time and memory of a process, read from Linux's /proc. Units: CPU in milliseconds (user + system, all threads,
 * the Rust core threads of a Temporal worker included), memory in bytes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, almost always 100). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time used so far by process `pid` (utime + stime of /proc/<pid>/stat), in milliseconds; undefined once gone. */
export function cpuMsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at field 3 (state); utime is field 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

/** One `Vm*` line of /proc/<pid>/status, in bytes; undefined once the process is gone. */
function vmBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Samples a process's memory every `intervalMs` (default 500) until {@link RssSampler.stop}. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 500,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  /** The peak RSS seen so far, in bytes: the kernel's high-water mark (VmHWM) or the largest sampled VmRSS. */
  peakBytes(): number {
    this.sample();
    return this.peak;
  }

  /** Stops sampling and returns {@link peakBytes}. Call it before the process exits. */
  stop(): number {
    const peak = this.peakBytes();
    clearInterval(this.timer);
    return peak;
  }

  private sample(): void {
    this.peak = Math.max(this.peak, vmBytes(this.pid, 'VmHWM') ?? 0, vmBytes(this.pid, 'VmRSS') ?? 0);
  }
}
