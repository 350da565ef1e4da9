/**
 * Shared pieces of the reliability scenarios (`npm run test:reliability`): a persistent dev server that can be
 * stopped and restarted on its SQLite file, worker processes that can be SIGKILLed, a scenario's stack of dev server,
 * simulator, client and workers, waiting for many workflows, asserting typed failures, and the figures each scenario
 * reports (written to `reliability-results/<scenario>.json`, git-ignored, and rendered into docs/RELIABILITY.md by
 * scripts/reliability-report.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer, type DevServer } from '../../src/servers/dev-server';
import { HubSpotSimulator, type HubSpotSimulatorOptions } from '../../src/simulator';
import { ROOT, spawnPackageWorker, type ManagedProcess, type PackageWorkerSettings } from '../helpers/processes';

export { ROOT } from '../helpers/processes';
export { endingOf, until, type Ending } from '../helpers/waiting';
export { applicationFailureOf, assertTypedFailure } from '../helpers/failures';
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
  // '1. …' → 01.json, '1b. …' → 01b.json: files sort in scenario order.
  const number = figures.scenario.split('.')[0]!.replace(/^\d+/, (n) => n.padStart(2, '0'));
  const file = path.join(RESULTS_DIR, `${number}.json`);
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
export type WorkerProcess = ManagedProcess;

let workersSpawned = 0;

/**
 * Spawns `npm run worker`'s entry with the given settings (HUBSPOT_MAX_REQUESTS_PER_SECOND defaults to 1000; `null`
 * leaves it unset), its whole output kept under {@link LOGS_DIR} for the secrets scan.
 */
export function spawnWorker(settings: PackageWorkerSettings): WorkerProcess {
  const name = `worker-${settings.taskQueue}-${process.pid}-${++workersSpawned}`;
  return spawnPackageWorker(name, settings, { logDir: LOGS_DIR });
}

/** Resolves once `worker` runs; rejects with its output if it exits first. */
export async function startedWorker(worker: WorkerProcess): Promise<WorkerProcess> {
  await worker.ready;
  return worker;
}

/** Stops a worker gracefully (SIGTERM), or with SIGKILL after 15 s; does nothing if it has already exited. */
export function stopWorker(worker: WorkerProcess): Promise<void> {
  return worker.stop();
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
