/**
 * What the cluster tests share: the cluster `npm run cluster:up` brought up (read from its state file), a client on
 * it, a HubSpot simulator, the package's worker processes, the CLI as a child process, and the scripted workloads
 * (waits in the early window and in the retry phase, a migration) with their checks: every wait and folder as
 * scripted, one execution per workflow id, no folder POSTed twice.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import {
  readMigrationItems,
  startFolderUpdateWait,
  startMigration,
  type MigrationItem,
  type MigrationReport,
  type MigrationResult,
  type PollOptions,
} from '../../src';
import { HubSpotSimulator } from '../../src/simulator';
import { readState, type ClusterState } from '../../scripts/cluster';
import { ROOT, spawnPackageWorker, type ManagedProcess } from '../helpers/processes';
import { endingOf, mapLimit, type Ending } from '../helpers/waiting';
import {
  endedAsScripted,
  executionsOn,
  outcomeScript,
  planTasks,
  plannedOutcome,
  type Executions,
  type Expected,
  type PlannedTask,
} from '../reliability/scripted-workload';

export const CLUSTER_TOKEN = 'pat-na1-CLUSTER-TIER-0d6b';
const POST_PATH = '/files/v3/folders/update/async';
const LOG_DIR = path.join(ROOT, '.scratch', 'cluster', 'test-logs');

/** The cluster, a client on it, a simulator, and the workers started so far. */
export class ClusterStack {
  readonly workers: ManagedProcess[] = [];
  private spawned = 0;

  private constructor(
    private readonly target: StackTarget,
    readonly client: Client,
    private readonly connection: Connection,
    readonly sim: HubSpotSimulator,
  ) {}

  /**
   * Connects to `target` (by default the cluster of the state file; a dev server for the comparison runs) and starts a
   * simulator that accepts {@link CLUSTER_TOKEN}.
   */
  static async open(target: StackTarget = readState()): Promise<ClusterStack> {
    const connection = await Connection.connect({ address: target.address });
    const sim = new HubSpotSimulator({ tokens: { [CLUSTER_TOKEN]: {} }, rateLimit: false });
    await sim.start();
    return new ClusterStack(target, new Client({ connection, namespace: target.namespace }), connection, sim);
  }

  /** The cluster's state (ports, pids); throws when the stack runs on a dev server. */
  get state(): ClusterState {
    if (!('pids' in this.target)) throw new Error(`${this.target.address} is not the cluster of scripts/cluster.ts`);
    return this.target;
  }

  /** Spawns a package worker process on `taskQueue` (environment as a user would set it), and waits until it runs. */
  async startWorker(taskQueue: string): Promise<ManagedProcess> {
    const worker = spawnPackageWorker(
      `cluster-worker-${taskQueue}-${++this.spawned}`,
      { address: this.target.address, taskQueue, hubspotBaseUrl: this.sim.baseUrl, token: CLUSTER_TOKEN },
      { logDir: LOG_DIR, keepChars: 20_000 },
    );
    this.workers.push(worker);
    await worker.ready;
    return worker;
  }

  /** Runs the package's CLI (`bin/`) against the cluster; returns its stdout, or throws with its output. */
  async cli(args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'bin', 'temporal-hubspot-files.js'), ...args, '--address', this.target.address],
      { cwd: ROOT, env: { ...process.env, TEMPORAL_NAMESPACE: this.target.namespace }, timeout: 60_000 },
    );
    return stdout;
  }

  /** SIGKILLs every worker, closes the client and stops the simulator. The cluster stays up. */
  async close(): Promise<void> {
    for (const worker of this.workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await this.connection.close();
    await this.sim.stop();
  }
}

/** What a stack runs on: the cluster's state, or any server's address and namespace. */
export type StackTarget = ClusterState | { address: string; namespace: string };

/** A batch of waits started with `startFolderUpdateWait` on scripted tasks. */
export interface WaitBatch {
  plans: PlannedTask[];
  handles: WorkflowHandle[];
}

/** Creates `count` tasks that take `taskMs` (PENDING then PROCESSING) and starts a wait on each with `options`. */
export async function startWaits(
  stack: ClusterStack,
  taskQueue: string,
  count: number,
  taskMs: number,
  options: PollOptions,
): Promise<WaitBatch> {
  const plans = planTasks(stack.sim, count, (i) => ({
    pendingMs: taskMs / 2 + (i % 5) * 100,
    processingMs: taskMs / 2,
    pendingPolls: 0,
    processingPolls: 0,
  }));
  const handles = await mapLimit(plans, 20, ({ taskId }) =>
    startFolderUpdateWait(stack.client, { taskId, taskQueue, ...options }),
  );
  return { plans, handles };
}

/** How a batch of waits ended: correct, stuck, otherwise; and when the last one ended. */
export interface WaitTally {
  correct: number;
  stuck: number;
  wrong: string[];
  lastEndedAt: number;
}

/** Waits for every wait of the batch (each at most `timeoutMs`) and checks it against its script. */
export async function tallyWaits(stack: ClusterStack, batch: WaitBatch, timeoutMs: number): Promise<WaitTally> {
  let lastEndedAt = 0;
  const endings = await Promise.all(
    batch.handles.map(async (handle) => {
      const ending = await endingOf(handle, timeoutMs);
      if (ending !== 'stuck') lastEndedAt = Math.max(lastEndedAt, Date.now());
      return ending;
    }),
  );
  const wrong: string[] = [];
  let correct = 0;
  batch.plans.forEach((plan, i) => {
    const ending = endings[i] as Ending | 'stuck';
    const atHubSpot = stack.sim.getTask(plan.taskId)?.status;
    if (ending !== 'stuck' && atHubSpot === outcomeScript(plan.expected).outcome && endedAsScripted(ending, plan)) {
      correct++;
    } else if (ending !== 'stuck') {
      wrong.push(`${plan.taskId}: expected ${plan.expected}, got ${JSON.stringify(ending).slice(0, 300)}`);
    }
  });
  return { correct, stuck: endings.filter((e) => e === 'stuck').length, wrong, lastEndedAt };
}

/** A scripted migration: its folders, each with the outcome planned for it, and its handle. */
export interface MigrationRun {
  migrationId: string;
  folders: Array<{ folderId: string; planned: Expected; expected: MigrationItem['outcome'] }>;
  handle: WorkflowHandle;
}

const ITEM_OUTCOME: Record<Expected, MigrationItem['outcome']> = {
  COMPLETE: 'COMPLETE',
  FolderUpdateCompletedWithErrors: 'COMPLETED_WITH_ERRORS',
  FolderUpdateCanceled: 'CANCELED',
};

/**
 * Scripts `count` folders (ids from `firstFolderId`; HubSpot tasks of `taskMs` to `2 × taskMs`, mixed outcomes) and
 * starts their migration with `startMigration`.
 */
export async function startScriptedMigration(
  stack: ClusterStack,
  taskQueue: string,
  migrationId: string,
  options: { count: number; firstFolderId: number; taskMs: number; concurrency: number } & PollOptions,
): Promise<MigrationRun> {
  const { count, firstFolderId, taskMs, concurrency, ...pollOptions } = options;
  const folders = Array.from({ length: count }, (_, i) => {
    const planned = plannedOutcome(i);
    return { folderId: String(firstFolderId + i), planned, expected: ITEM_OUTCOME[planned] };
  });
  folders.forEach(({ folderId, planned }, i) =>
    stack.sim.scriptFolder(folderId, {
      pendingMs: taskMs / 2 + ((i * 397) % taskMs),
      processingMs: taskMs / 2,
      pendingPolls: 0,
      processingPolls: 0,
      ...outcomeScript(planned),
    }),
  );
  const handle = await startMigration(stack.client, {
    migrationId,
    taskQueue,
    updates: folders.map(({ folderId }) => ({ folderId, name: `Cluster ${folderId}` })),
    concurrency,
    ...pollOptions,
  });
  return { migrationId, folders, handle };
}

/** How a migration ended, folder by folder, and the POSTs HubSpot accepted per folder. */
export interface MigrationTally {
  ended: boolean;
  report: MigrationReport | undefined;
  /** Folders whose item is as planned (or ALREADY_DONE after a retried start whose task did land). */
  correct: number;
  alreadyDone: number;
  wrong: string[];
  /** Folders with more than one accepted POST whose first task was not CANCELED (a lost task that changed nothing). */
  duplicatePosts: string[];
  lastEndedAt: number;
}

/** Waits for the migration (at most `timeoutMs`) and checks every folder and every POST. */
export async function tallyMigration(
  stack: ClusterStack,
  run: MigrationRun,
  timeoutMs: number,
): Promise<MigrationTally> {
  const ending = await endingOf(run.handle, timeoutMs);
  const lastEndedAt = Date.now();
  const ended = ending !== 'stuck' && ending.ok;
  const report = ended
    ? await readMigrationItems(
        stack.client.workflow,
        run.migrationId,
        (ending as { value: unknown }).value as MigrationResult,
      )
    : undefined;
  const accepted = new Map<string, string[]>();
  for (const entry of stack.sim.requestLog()) {
    if (entry.method !== 'POST' || entry.path !== POST_PATH || entry.status !== 202 || !entry.taskId) continue;
    const folderId = stack.sim.getTask(entry.taskId)?.folderId ?? '?';
    accepted.set(folderId, [...(accepted.get(folderId) ?? []), entry.taskId]);
  }
  const wrong: string[] = [];
  let correct = 0;
  let alreadyDone = 0;
  const duplicatePosts: string[] = [];
  for (const folder of run.folders) {
    const items = report?.items.filter((item) => item.folderId === folder.folderId) ?? [];
    const posts = accepted.get(folder.folderId) ?? [];
    const firstStatus = posts[0] ? stack.sim.getTask(posts[0])?.status : undefined;
    if (posts.length > 1 && firstStatus !== 'CANCELED') duplicatePosts.push(folder.folderId);
    const outcome = items[0]?.outcome;
    if (items.length === 1 && outcome === folder.expected) correct++;
    else if (items.length === 1 && outcome === 'ALREADY_DONE' && folder.planned !== 'FolderUpdateCanceled') {
      correct++;
      alreadyDone++;
    } else wrong.push(`${folder.folderId}: expected ${folder.expected}, got ${items.length} items (${outcome})`);
  }
  return { ended, report, correct, alreadyDone, wrong, duplicatePosts, lastEndedAt };
}

/** Every execution on `taskQueue`, and the workflow ids that ran more than once. */
export async function executionsRunTwice(
  stack: ClusterStack,
  taskQueue: string,
): Promise<{ executions: Map<string, Executions>; twice: string[] }> {
  const executions = await executionsOn(stack.client, taskQueue);
  return { executions, twice: [...executions].filter(([, e]) => e.runs > 1).map(([id]) => id) };
}

/** The resident memory of process `pid` in MB, from /proc (0 when it is gone). */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
