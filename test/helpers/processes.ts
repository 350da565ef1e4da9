/**
 * Child processes of the tests and the bench: the package's worker (`src/worker.ts`, configured through the
 * environment as a user would) or any TypeScript entry. Each runs as Node itself with tsx's loader, not the `tsx` CLI:
 * the CLI would add a wrapper process, so a SIGKILL would kill only the wrapper (leaving the worker running and
 * holding the pipes open), and the measured pid would not be the worker's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

/** The package root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** What the package's worker prints once it runs. */
export const WORKER_READY = /state: 'RUNNING'|temporal-hubspot-files worker:/;

/** A running child process. */
export interface ManagedProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it printed on stderr (stdout too unless `captureStdout`), or its last `keepChars`. */
  output(): string;
  /** Its stdout, when `captureStdout`. */
  stdout(): string;
  /** Resolves once it printed its ready line; rejects with its output if it exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 15 s); resolves once it exited (at once if it had). */
  stop(graceMs?: number): Promise<void>;
}

/** Where a process's output goes besides memory. */
export interface SpawnOptions {
  /** Keep stdout apart from `output()`, readable through `stdout()` (default false). */
  captureStdout?: boolean;
  /** Write the output, whole, to `<logDir>/<name>.log`, replacing an older file of that name (default: no file). */
  logDir?: string;
  /** Keep only the last this many characters of `output()` (default: all). */
  keepChars?: number;
}

/**
 * Spawns `node --import tsx <script>` with `env` added to this process's environment (an `undefined` value unsets
 * the variable).
 */
export function spawnTs(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  readyPattern: RegExp,
  options: SpawnOptions = {},
): ManagedProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  let log: fs.WriteStream | undefined;
  if (options.logDir) {
    fs.mkdirSync(options.logDir, { recursive: true });
    log = fs.createWriteStream(path.join(options.logDir, `${name.replace(/[^\w.-]/g, '_')}.log`));
  }
  const keepChars = options.keepChars ?? Infinity;
  let out = '';
  let stdout = '';
  let resolveReady: () => void = () => undefined;
  let rejectReady: (err: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined); // a process killed before it was ready is no unhandled rejection
  const onOutput = (d: Buffer): void => {
    const text = d.toString();
    log?.write(text);
    out += text;
    if (out.length > keepChars) out = out.slice(-keepChars);
    if (readyPattern.test(out)) resolveReady();
  };
  child.stderr?.on('data', onOutput);
  child.stdout?.on('data', (d: Buffer) => {
    if (options.captureStdout) stdout += d.toString();
    else onOutput(d);
  });
  const exited = once(child, 'exit').then(async ([code]) => {
    if (log) await new Promise((resolve) => log.end(resolve));
    rejectReady(new Error(`${name} exited with code ${String(code)} before it was ready:\n${out.slice(-3000)}`));
    return code as number | null;
  });
  const stop = async (graceMs = 15_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return void (await exited);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid, output: () => out, stdout: () => stdout, ready, exited, stop };
}

/** Settings of a package worker process, passed as a user would, through the environment. */
export interface PackageWorkerSettings {
  address: string;
  taskQueue: string;
  hubspotBaseUrl: string;
  token: string;
  /** HUBSPOT_MAX_REQUESTS_PER_SECOND; defaults to 1000 (no practical limit); `null` leaves it unset. */
  maxRequestsPerSecond?: number | null;
  /** HUBSPOT_MAX_CONCURRENT_ACTIVITIES, when set. */
  maxConcurrentActivities?: number;
  /** Any other variables. */
  extraEnv?: Record<string, string>;
}

/** The environment of a package worker with `settings`. */
export function packageWorkerEnv(settings: PackageWorkerSettings): Record<string, string | undefined> {
  return {
    TEMPORAL_ADDRESS: settings.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    HUBSPOT_ACCESS_TOKEN: settings.token,
    HUBSPOT_BASE_URL: settings.hubspotBaseUrl,
    HUBSPOT_MAX_REQUESTS_PER_SECOND:
      settings.maxRequestsPerSecond === null ? undefined : String(settings.maxRequestsPerSecond ?? 1000),
    ...(settings.maxConcurrentActivities === undefined
      ? {}
      : { HUBSPOT_MAX_CONCURRENT_ACTIVITIES: String(settings.maxConcurrentActivities) }),
    ...settings.extraEnv,
  };
}

/** Spawns the package's worker (`npm run worker`'s entry) without waiting for it to run. */
export function spawnPackageWorker(
  name: string,
  settings: PackageWorkerSettings,
  options: SpawnOptions = {},
): ManagedProcess {
  return spawnTs(name, path.join(ROOT, 'src', 'worker.ts'), packageWorkerEnv(settings), WORKER_READY, options);
}
