/**
 * Shared pieces of the reliability scenarios (`npm run test:reliability`): a persistent dev server that can be
 * stopped and restarted on its SQLite file, worker processes that can be SIGKILLed, a scenario's stack of dev server,
 * simulator, client and workers, waiting for many workflows, asserting typed failures, and the figures each scenario
 * reports (written to `reliability-results/<scenario>.json`, git-ignored, and rendered into docs/RELIABILITY.md by
 * scripts/reliability-report.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server';
import { HubSpotSimulator, type HubSpotSimulatorOptions } from '../../src/simulator';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'reliability-results');
/** Where worker and CLI output is kept for the secrets scan (scenario 10). */
export const LOGS_DIR = path.join(RESULTS_DIR, 'logs');

/** The HubSpot token every scenario uses: distinctive, so that the secrets scan can search for it. */
export const RELIABILITY_TOKEN = 'pat-na1-RELIABILITY-7c1f9e2b-SECRET';

/** Keeps a process's output under {@link LOGS_DIR} for the secrets scan. */
export function keepLog(name: string, text: string): void {
  fs.mkdirSync(LOGS_DIR, { recursive: true });
  fs.appendFileSync(path.join(LOGS_DIR, `${name.replace(/[^\w.-]/g, '_')}.log`), text);
}

/** The figures every scenario reports. Counts are of workflows unless `unit` says otherwise. */
export interface Figures {
  /** Scenario number and name, e.g. '1. Worker crash'. */
  scenario: string;
  unit?: string;
  started: number;
  completedCorrectly: number;
  lost: number;
  duplicated: number;
  stuck: number;
  /** Time from the fault's end (restart, recovery) to the last workflow finishing, in milliseconds. */
  recoveryMs?: number;
  /** Anything else worth a column, e.g. extra HubSpot requests. */
  notes?: string;
}

/** Writes a scenario's figures for the report, and prints them. */
export function recordFigures(figures: Figures): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${figures.scenario.split('.')[0]!.padStart(2, '0')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...figures, recordedAt: new Date().toISOString() }, null, 2)}\n`);
  process.stderr.write(`[figures] ${JSON.stringify(figures)}\n`);
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'thf-rel-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A dev server persisted to SQLite in `dataDir`, restartable on the same port and file. */
export class PersistentTemporal {
  private server: DevServer | undefined;
  private port: number | undefined;

  constructor(readonly dataDir: string) {}

  get address(): string {
    if (!this.server) throw new Error('the dev server is not running');
    return this.server.address;
  }

  /** Starts (or restarts) the server on the same port and SQLite file. */
  async start(): Promise<void> {
    this.server = await startDevServer({ dataDir: this.dataDir, port: this.port ?? 0 });
    this.port = Number(this.server.address.split(':').pop());
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /** A client; reconnects lazily after a restart because the address stays the same. */
  async client(): Promise<{ client: Client; close: () => Promise<void> }> {
    const connection = await Connection.connect({ address: this.address });
    return { client: new Client({ connection }), close: () => connection.close() };
  }
}

/** A worker process running `src/worker.ts`, configured through the environment as a user would. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed. */
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the worker says it runs. */
  ready: Promise<void>;
}

/** Spawns `npm run worker`'s entry with the given settings. */
export function spawnWorker(settings: {
  address: string;
  taskQueue: string;
  hubspotBaseUrl: string;
  token: string;
  /** HUBSPOT_MAX_REQUESTS_PER_SECOND; defaults to 1000; `null` leaves it unset (no budget setting at all). */
  maxRequestsPerSecond?: number | null;
  extraEnv?: Record<string, string>;
}): WorkerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: settings.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    HUBSPOT_ACCESS_TOKEN: settings.token,
    HUBSPOT_BASE_URL: settings.hubspotBaseUrl,
    HUBSPOT_MAX_REQUESTS_PER_SECOND: String(settings.maxRequestsPerSecond ?? 1000),
    ...settings.extraEnv,
  };
  if (settings.maxRequestsPerSecond === null) delete env.HUBSPOT_MAX_REQUESTS_PER_SECOND;
  // Node itself with tsx's loader, not the `tsx` CLI: the CLI runs the worker in a child process of its own, so a
  // SIGKILL would kill only the wrapper and leave the worker running (and holding this process's pipes open).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'worker.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const onData = (d: Buffer): void => {
    out += d.toString();
    if (/state: 'RUNNING'|temporal-hubspot-files worker:/.test(out)) resolveReady();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit').then(([code]) => {
    keepLog(`worker-${settings.taskQueue}-${child.pid}`, out);
    return code as number | null;
  });
  return { child, output: () => out, exited, ready };
}

/** Resolves once `worker` runs; rejects with its output if it exits first. */
export async function startedWorker(worker: WorkerProcess): Promise<WorkerProcess> {
  await Promise.race([
    worker.ready,
    worker.exited.then((code) => {
      throw new Error(`the worker exited with code ${code} before it ran:\n${worker.output().slice(-3000)}`);
    }),
  ]);
  return worker;
}

/** Stops a worker gracefully (SIGTERM), or with SIGKILL after 15 s; does nothing if it has already exited. */
export async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
  await worker.exited;
  clearTimeout(timer);
}

/** What a scenario's workers are started with, beyond the stack's addresses and the reliability token. */
export interface StackWorkerSettings {
  taskQueue: string;
  token?: string;
  /** HUBSPOT_MAX_REQUESTS_PER_SECOND; defaults to 1000 (no practical limit); `null` leaves it unset. */
  maxRequestsPerSecond?: number | null;
  extraEnv?: Record<string, string>;
}

/**
 * A scenario's stack: a dev server persisted to a fresh SQLite folder, a HubSpot simulator, a client, and the worker
 * processes started against them. `close()` tears it all down and removes the folder.
 */
export class ScenarioStack {
  readonly workers: WorkerProcess[] = [];

  private constructor(
    readonly temporal: PersistentTemporal,
    readonly sim: HubSpotSimulator,
    readonly client: Client,
    private readonly closeClient: () => Promise<void>,
  ) {}

  /**
   * Starts the dev server (data under a fresh `prefix` temp folder) and a simulator with `simulator` options, which
   * accepts {@link RELIABILITY_TOKEN} unless they say otherwise.
   */
  static async start(prefix: string, simulator: HubSpotSimulatorOptions): Promise<ScenarioStack> {
    const temporal = new PersistentTemporal(tempDir(prefix));
    const sim = new HubSpotSimulator({ tokens: { [RELIABILITY_TOKEN]: {} }, ...simulator });
    try {
      await Promise.all([temporal.start(), sim.start()]);
      const { client, close } = await temporal.client();
      return new ScenarioStack(temporal, sim, client, close);
    } catch (err) {
      await Promise.allSettled([temporal.stop(), sim.stop()]);
      fs.rmSync(temporal.dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Spawns a worker (`npm run worker`'s entry) against this stack, without waiting for it to run. */
  spawnWorker(settings: StackWorkerSettings): WorkerProcess {
    const worker = spawnWorker({
      address: this.temporal.address,
      hubspotBaseUrl: this.sim.baseUrl,
      token: RELIABILITY_TOKEN,
      ...settings,
    });
    this.workers.push(worker);
    return worker;
  }

  /** Spawns a worker and waits until it runs. */
  startWorker(settings: StackWorkerSettings): Promise<WorkerProcess> {
    return startedWorker(this.spawnWorker(settings));
  }

  /** Ends the workers (SIGKILL by default, or gracefully), the client, the servers, and removes the SQLite folder. */
  async close(workers: 'kill' | 'stop' = 'kill'): Promise<void> {
    for (const worker of this.workers) {
      if (workers === 'stop') await stopWorker(worker);
      else if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await this.closeClient();
    await this.temporal.stop();
    await this.sim.stop();
    fs.rmSync(this.temporal.dataDir, { recursive: true, force: true });
  }
}

/** How one workflow ended: its result, or its failure's type. */
export type Ending = { ok: true; value: unknown } | { ok: false; type: string; message: string };

/** The ending of a workflow, or 'stuck' if it has not ended within `timeoutMs`. */
export async function endingOf(handle: WorkflowHandle, timeoutMs: number): Promise<Ending | 'stuck'> {
  const timeout = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), timeoutMs).unref());
  const ending = handle.result().then(
    (value): Ending => ({ ok: true, value }),
    (err: unknown): Ending => {
      let failure: unknown = err instanceof WorkflowFailedError ? err.cause : err;
      while (failure instanceof Error && !(failure instanceof ApplicationFailure) && failure.cause)
        failure = failure.cause;
      return {
        ok: false,
        type:
          failure instanceof ApplicationFailure
            ? (failure.type ?? 'ApplicationFailure')
            : String((failure as Error)?.name),
        message: (failure as Error)?.message ?? String(failure),
      };
    },
  );
  return Promise.race([ending, timeout]);
}

/** Waits until `check()` holds, polling every 100 ms. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The `ApplicationFailure` that `promise` rejects with: directly (an activity run under MockActivityEnvironment), or
 * as the cause of a `WorkflowFailedError` (`from: 'workflow'`). Fails the test if it resolves or rejects otherwise.
 */
export async function applicationFailureOf(
  promise: Promise<unknown>,
  from: 'activity' | 'workflow' = 'activity',
): Promise<ApplicationFailure> {
  const err = await promise.then(
    (value: unknown) => assert.fail(`expected a failure, got ${JSON.stringify(value)?.slice(0, 300)}`),
    (e: unknown) => e,
  );
  if (from === 'activity') {
    assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
    return err;
  }
  assert.ok(err instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(err)}`);
  assert.ok(err.cause instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err.cause)}`);
  return err.cause;
}

/**
 * Asserts a clear, non-retryable failure of `type`: its message matches `message` and stays under 400 characters,
 * and `details[0].field` is `field` (when given).
 */
export function assertTypedFailure(failure: ApplicationFailure, type: string, message: RegExp, field?: string): void {
  assert.equal(failure.type, type, failure.message);
  assert.equal(failure.nonRetryable, true);
  assert.match(failure.message, message);
  assert.ok(failure.message.length < 400, `a readable message (${failure.message.length} chars)`);
  if (field !== undefined) assert.equal((failure.details?.[0] as { field?: string } | undefined)?.field, field);
}
