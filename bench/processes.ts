/**
 * Child processes of the bench: worker processes (the package's `src/worker.ts`, or `bench-worker.ts`) and the plain
 * loop. Each runs as Node itself with tsx's loader (not the `tsx` CLI, which would add a wrapper process), so that
 * its pid is the process whose CPU and memory are measured. Output goes to `.scratch/bench-logs/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

/** The package root. */
export const ROOT = path.resolve(__dirname, '..');
/** Where child output is kept (git-ignored). */
export const LOG_DIR = path.join(ROOT, '.scratch', 'bench-logs');

/** A running child process of the bench. */
export interface BenchProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it printed on stderr (stdout too unless `captureStdout`). */
  output(): string;
  /** Its stdout, when `captureStdout`. */
  stdout(): string;
  /** Resolves once it printed its ready line. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 15 s); resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node --import tsx <script>` with `env` added to this process's environment. */
export function spawnTs(
  name: string,
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  captureStdout = false,
): BenchProcess {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  const log = fs.createWriteStream(path.join(LOG_DIR, `${name}.log`));
  let out = '';
  let stdout = '';
  let resolveReady: () => void = () => undefined;
  let rejectReady: (err: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  const onOutput = (d: Buffer): void => {
    const text = d.toString();
    log.write(text);
    out = (out + text).slice(-20_000);
    if (readyPattern.test(out)) resolveReady();
  };
  child.stderr?.on('data', onOutput);
  child.stdout?.on('data', (d: Buffer) => {
    if (captureStdout) stdout += d.toString();
    else onOutput(d);
  });
  const exited = once(child, 'exit').then(([code]) => {
    log.end();
    rejectReady(new Error(`${name} exited with code ${String(code)} before it was ready:\n${out.slice(-3000)}`));
    return code as number | null;
  });
  const stop = async (graceMs = 15_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid, output: () => out, stdout: () => stdout, ready, exited, stop };
}

/** Settings of a package worker process (`src/worker.ts`), passed as a user would, through the environment. */
export interface PackageWorkerSettings {
  address: string;
  taskQueue: string;
  hubspotBaseUrl: string;
  token: string;
  /** HUBSPOT_MAX_REQUESTS_PER_SECOND: the whole app's request budget. */
  maxRequestsPerSecond: number;
  /** HUBSPOT_WORKER_COUNT: how many worker processes share the budget. */
  workerCount?: number;
  /** HUBSPOT_MAX_CONCURRENT_ACTIVITIES, when set. */
  maxConcurrentActivities?: number;
}

/** Spawns the package's worker (`npm run worker`'s entry). */
export function spawnPackageWorker(name: string, settings: PackageWorkerSettings): BenchProcess {
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: settings.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    HUBSPOT_ACCESS_TOKEN: settings.token,
    HUBSPOT_BASE_URL: settings.hubspotBaseUrl,
    HUBSPOT_MAX_REQUESTS_PER_SECOND: String(settings.maxRequestsPerSecond),
    HUBSPOT_WORKER_COUNT: String(settings.workerCount ?? 1),
  };
  if (settings.maxConcurrentActivities !== undefined) {
    env.HUBSPOT_MAX_CONCURRENT_ACTIVITIES = String(settings.maxConcurrentActivities);
  }
  return spawnTs(name, path.join(ROOT, 'src', 'worker.ts'), env, /state: 'RUNNING'|temporal-hubspot-files worker:/);
}
