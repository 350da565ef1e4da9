/**
 * Part f of `npm run bench` (`--only migration`): a folder migration bound by HubSpot's rate limit (issue 13 item 9).
 *
 * A `migrateFolders` of `folders` renames, at the package's default concurrency and poll options, runs on a dev server
 * and one package worker process (`src/worker.ts`, no budget setting: paced from HubSpot's headers) against the
 * simulator, whose tasks last a uniformly random 5–120 s. Its wall time is set against the budget-bound optimum: every
 * request the run made (folder reads, POSTs, polls, verify reads, 429s included) ÷ the simulator's rate limit.
 *
 * Time is scaled by `timeScale`: task durations and every poll interval (initial, maximum, early window) are divided
 * by it and the rate limit is multiplied by it, which leaves requests per folder and the concurrency a budget-bound
 * run needs unchanged (Little's law: in flight = rate × folder time ÷ requests per folder). What does not scale is
 * Temporal's own overhead per folder, which the scaled run therefore bears `timeScale` times as heavily.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { readMigrationItems } from '../src/client/read-migration-items';
import { HUBSPOT_SEARCH_ATTRIBUTES } from '../src/common/search-attributes';
import { temporalCli } from '../src/servers/temporal-servers';
import { HubSpotSimulator, maxInWindow, mulberry32 } from '../src/simulator';
import { POLL_DEFAULTS } from '../src/workflows/await/poll-options';
import { durationMs } from '../src/common/duration';
import { getProgressQuery, migrateFolders } from '../src/workflows';
import { DEFAULT_MIGRATION_CONCURRENCY } from '../src/workflows/migration/migration-types';
import { ROOT, spawnTs } from '../test/helpers/processes';
import { benchSpawnOptions, LOG_DIR } from './processes';

/** Part f's settings. */
export interface MigrationBudgetConfig {
  /** Folders in the migration. */
  folders: number;
  /** Task durations, before scaling: uniform from `minTaskMs` to `maxTaskMs`, in milliseconds. */
  minTaskMs: number;
  maxTaskMs: number;
  /** The simulator's rate limit before scaling, in requests per 10 s (HubSpot's Free/Starter limit is 100). */
  limitPer10s: number;
  /** Time divisor (see the module doc); 1 runs in real time. */
  timeScale: number;
  /** How long the migration may take before the part fails, in milliseconds. */
  timeoutMs: number;
  /** A concurrency instead of the package's default (side-by-side runs only; the target needs the default). */
  concurrency?: number;
}

/** Part f's figures. */
export interface MigrationBudgetResults {
  folders: number;
  timeScale: number;
  concurrency: number;
  /** Whether the run used the package's default concurrency (the target's condition). */
  atDefault: boolean;
  /** The scaled limit, in requests per second. */
  limitPerSecond: number;
  wallMs: number;
  requests: number;
  rateLimited: number;
  /** requests ÷ limit, in milliseconds. */
  optimumMs: number;
  /** wallMs ÷ optimumMs: the target's figure. */
  ratio: number;
  /** The same against the limit less the budget's 10% reserve for other integrations. */
  ratioToUsable: number;
  requestsPerFolder: number;
  /** Mean time of one folder update, in scaled milliseconds (workflow time). */
  meanFolderMs: number;
  /** In flight a budget-bound run needs, by Little's law from this run's own figures. */
  neededInFlight: number;
  /** Mean folder updates in flight, sampled each second. */
  meanInFlight: number;
  maxIn10s: number;
  limitPer10s: number;
  /**
   * Consecutive 10 s windows from the start in which the requests stayed under 80% of the limit less the reserve:
   * the ramp at the start and the tail (a run does not drain its children before it continues as new).
   */
  slowWindows: number;
  /** All consecutive 10 s windows of the run. */
  windows: number;
  runs: number;
  completed: number;
}

/** Share of the limit the request budget leaves to other integrations by default (`reserve`). */
const RESERVE = 0.1;
/** The ratio the target allows. */
const TARGET_RATIO = 1.3;

/** Requests in each consecutive `windowMs` window from 0 (times in milliseconds from the start). */
function requestsPerWindow(times: number[], windowMs: number): number[] {
  const counts: number[] = [];
  for (const t of times) {
    const i = Math.max(0, Math.floor(t / windowMs));
    while (counts.length <= i) counts.push(0);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Runs part f once. */
export async function runMigrationBudget(
  config: MigrationBudgetConfig,
  log: (line: string) => void,
): Promise<MigrationBudgetResults> {
  const scale = config.timeScale;
  const limit = config.limitPer10s * scale;
  const sim = new HubSpotSimulator({ rateLimit: { max: limit, intervalMs: 10_000 } });
  const baseUrl = await sim.start();
  const random = mulberry32(13);
  const updates = Array.from({ length: config.folders }, (_, i) => {
    const folderId = String(900_000 + i);
    const ms = config.minTaskMs + random() * (config.maxTaskMs - config.minTaskMs);
    sim.scriptFolder(folderId, { pendingMs: ms / scale, pendingPolls: 0, processingPolls: 0 });
    return { folderId, name: `migrated-${i}` };
  });
  // The CLI dev server in memory (as the other parts run it), with the package's search attributes.
  const server = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli().path },
      log: { format: 'pretty', level: 'error' },
      searchAttributes: [...HUBSPOT_SEARCH_ATTRIBUTES],
    },
  });
  const taskQueue = 'bench-migration';
  const worker = spawnTs(
    'migration-worker',
    path.join(ROOT, 'src', 'worker.ts'),
    {
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      HUBSPOT_ACCESS_TOKEN: 'sim-token',
      HUBSPOT_BASE_URL: baseUrl,
    },
    /state: 'RUNNING'|temporal-hubspot-files worker:/,
    benchSpawnOptions(),
  );
  try {
    await worker.ready;
    const client = server.client;
    const scaled = (d: string): number => durationMs(d) / scale;
    log(`migration: ${config.folders} folders, time ÷${scale}, limit ${limit} per 10 s`);
    const startedAt = Date.now();
    const handle = await client.workflow.start(migrateFolders, {
      taskQueue,
      workflowId: `bench-migration-${startedAt}`,
      args: [
        {
          updates,
          initialPollInterval: scaled(POLL_DEFAULTS.initialPollInterval),
          maxPollInterval: scaled(POLL_DEFAULTS.maxPollInterval),
          earlyWindow: scaled(POLL_DEFAULTS.earlyWindow),
          ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
        },
      ],
    });
    const inFlight: number[] = [];
    const sampler = setInterval(() => {
      handle.query(getProgressQuery).then(
        (p) => inFlight.push(p.running),
        () => undefined, // between runs (continue-as-new) a query may miss
      );
    }, 1000);
    const timer = setTimeout(() => void handle.terminate('bench timeout').catch(() => undefined), config.timeoutMs);
    let result;
    try {
      result = await handle.result();
    } finally {
      clearInterval(sampler);
      clearTimeout(timer);
    }
    const wallMs = Date.now() - startedAt;
    const progress = await handle.query(getProgressQuery);
    const report = await readMigrationItems(client.workflow, handle.workflowId, result);
    const completed = report.items.filter((i) => i.outcome === 'COMPLETE').length;
    const requestLog = sim.requestLog();
    fs.writeFileSync(path.join(LOG_DIR, 'migration-requests.json'), JSON.stringify(requestLog));
    const requests = requestLog.length;
    const limitPerSecond = limit / 10;
    const optimumMs = (requests / limitPerSecond) * 1000;
    const requestsPerFolder = requests / config.folders;
    const meanFolderMs = progress.meanFolderMs ?? 0;
    const perWindow = requestsPerWindow(
      requestLog.map((e) => e.at - startedAt),
      10_000,
    );
    const slowWindows = perWindow.filter((n) => n < limit * (1 - RESERVE) * 0.8).length;
    log(`migration: requests per 10 s window: ${perWindow.join(' ')}`);
    log(
      `migration: folders in flight, each 10th sample (1 s apart): ${inFlight.filter((_, i) => i % 10 === 0).join(' ')}`,
    );
    return {
      folders: config.folders,
      timeScale: scale,
      concurrency: config.concurrency ?? DEFAULT_MIGRATION_CONCURRENCY,
      atDefault: config.concurrency === undefined,
      limitPerSecond,
      wallMs,
      requests,
      rateLimited: requestLog.filter((e) => e.status === 429).length,
      optimumMs,
      ratio: wallMs / optimumMs,
      ratioToUsable: wallMs / (optimumMs / (1 - RESERVE)),
      requestsPerFolder,
      meanFolderMs,
      neededInFlight: (limitPerSecond * (1 - RESERVE) * meanFolderMs) / 1000 / requestsPerFolder,
      meanInFlight: inFlight.length ? inFlight.reduce((a, b) => a + b, 0) / inFlight.length : 0,
      maxIn10s: maxInWindow(
        requestLog.map((e) => e.at),
        10_000,
      ),
      limitPer10s: limit,
      slowWindows,
      windows: perWindow.length,
      runs: result.runIds.length,
      completed,
    };
  } finally {
    await worker.stop();
    await server.teardown();
    await sim.stop();
  }
}

/** Part f's target: wall time within 1.3× of the budget-bound optimum at the default concurrency. */
export function migrationBudgetTargets(
  r: MigrationBudgetResults | undefined,
): { target: string; status: 'met' | 'not met' | 'not run'; figure: string }[] {
  const target = `Migration: wall time ≤ ${TARGET_RATIO}× the budget-bound optimum (requests ÷ rate limit), default concurrency`;
  if (!r) return [{ target, status: 'not run', figure: 'part f not run' }];
  const figure =
    `${r.ratio.toFixed(2)}× (${(r.wallMs / 1000).toFixed(0)} s vs ${(r.optimumMs / 1000).toFixed(0)} s, ` +
    `${r.folders} folders, time ÷${r.timeScale}; ${r.ratioToUsable.toFixed(2)}× of the limit less the 10% reserve)`;
  if (!r.atDefault) return [{ target, status: 'not run', figure: `concurrency ${r.concurrency} set, ${figure}` }];
  return [{ target, status: r.ratio <= TARGET_RATIO ? 'met' : 'not met', figure }];
}

/** A table of part f's figures, for the bench's report. */
export function renderMigrationBudget(r: MigrationBudgetResults): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const rows: [string, string][] = [
    [
      `folders · time scale · ${r.atDefault ? 'default' : 'set'} concurrency`,
      `${r.folders} · ÷${r.timeScale} · ${r.concurrency}`,
    ],
    ['rate limit (scaled)', `${r.limitPer10s} per 10 s (${r.limitPerSecond}/s)`],
    ['wall time', s(r.wallMs)],
    ['requests (429s)', `${r.requests} (${r.rateLimited})`],
    ['budget-bound optimum (requests ÷ limit)', s(r.optimumMs)],
    [
      'wall ÷ optimum',
      `${r.ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×: ${r.ratio <= TARGET_RATIO ? 'MET' : 'NOT MET'})`,
    ],
    ['wall ÷ optimum at the limit less the 10% reserve', `${r.ratioToUsable.toFixed(2)}×`],
    ['requests per folder', r.requestsPerFolder.toFixed(1)],
    ['mean folder time (scaled)', s(r.meanFolderMs)],
    ['in flight needed (Little) / mean in flight', `${r.neededInFlight.toFixed(0)} / ${r.meanInFlight.toFixed(0)}`],
    ['busiest 10 s window', `${r.maxIn10s} / ${r.limitPer10s}`],
    ['10 s windows under 80% of the usable limit (ramp, tail)', `${r.slowWindows} of ${r.windows}`],
    ['runs (continue-as-new) · COMPLETE', `${r.runs} · ${r.completed} / ${r.folders}`],
  ];
  const lines = ['| figure | value |', '| --- | --: |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  return `\n## f. A ${r.folders}-folder migration against the rate limit\n\n${lines.join('\n')}\n`;
}
