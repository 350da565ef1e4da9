/**
 * Shared pieces of the reliability scenarios (`npm run test:reliability`): a persistent dev server that can be
 * stopped and restarted on its SQLite file, worker processes that can be SIGKILLed, waiting for many workflows, and
 * the figures each scenario reports (written to `reliability-results/<scenario>.json`, git-ignored, and rendered into
 * docs/RELIABILITY.md by scripts/reliability-report.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startDevServer, type DevServer } from '../../src/embedded/dev-server';

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
  maxRequestsPerSecond?: number;
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
