/**
 * `npm run bench`: the performance and cost bench (issue 5). Runs part a (per-poll overhead, `overhead.ts`), part b
 * (scale and request rate, `scale.ts`), part c (long waits, `long-waits.ts`), part d (one budget shared from
 * HubSpot's headers, `header-pacing.ts`), part e (how a cancelled wait's poller stops, `cancellation.ts`) and part f
 * (a migration bound by the rate limit, `migration-budget.ts`) and part w (waits sharing one watcher, issue 23,
 * `shared-watcher.ts`) against the HubSpot simulator, prints
 * a table with every target met or not, and writes bench/results.json.
 *
 * Usage: `npm run bench [-- --quick] [-- --only overhead,scale,long-waits,header-pacing,cancellation,migration,shared-watcher]
 * [-- --scale-runs 4]` (part b's opt-in 10,000-wait `'shared'` run).
 * `--quick` is the reduced version CI runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { temporalCli, temporalTestServer } from '../src/servers/temporal-servers';
import { HubSpotSimulator } from '../src/simulator';
import { ROOT } from '../test/helpers/processes';
import { cancellationTargets, renderCancellation, runCancellation, type CancellationResults } from './cancellation';
import { benchConfig } from './config';
import { headerPacingTargets, renderHeaderPacing, runHeaderPacing, type HeaderPacingResults } from './header-pacing';
import {
  migrationBudgetTargets,
  renderMigrationBudget,
  runMigrationBudget,
  type MigrationBudgetResults,
} from './migration-budget';
import { runLongWaits, type LongWaitResults } from './long-waits';
import {
  renderSharedWatcher,
  runSharedWatcher,
  SHARED_WATCHER_RUNS,
  sharedWatcherTargets,
  type SharedWatcherResults,
} from './shared-watcher';
import { runOverhead, type OverheadResults } from './overhead';
import { renderReport, targetsOf, type BenchResults } from './report';
import { runScale, type ScaleResults } from './scale';

const PARTS = [
  'overhead',
  'scale',
  'long-waits',
  'header-pacing',
  'cancellation',
  'migration',
  'shared-watcher',
] as const;

/** Cancelled waits per design in part e: in the quick and the full run. */
const CANCELLATION_RUNS = { quick: 3, full: 6 } as const;
type Part = (typeof PARTS)[number];

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, only: { type: 'string' }, 'scale-runs': { type: 'string' } },
  });
  const only = (values.only?.split(',') ?? PARTS) as Part[];
  for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: unknown part ${part}`);
  const config = benchConfig(values.quick ?? false);
  // --scale-runs 0,3: only these of part b's runs (by their index in the configuration), e.g. one long run alone;
  // without it, every run but the opt-in ones.
  const all = config.scale.runs;
  config.scale.runs =
    values['scale-runs'] === undefined
      ? all.filter((run) => !run.optIn)
      : values['scale-runs'].split(',').map((i) => {
          const run = all[Number(i)];
          if (!run) throw new Error(`--scale-runs: no run ${i} (0 to ${all.length - 1})`);
          return run;
        });
  // The in-process worker of part c and the clients log only errors.
  Runtime.install({
    logger: {
      log() {},
      trace() {},
      debug() {},
      info() {},
      warn() {},
      error: (m: string) => log(`temporal: ${m}`),
    } as never,
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
  const startedAt = Date.now();
  log(`mode ${config.mode}, parts ${only.join(', ')}`);

  let overhead: OverheadResults | undefined;
  if (only.includes('overhead')) {
    const sim = new HubSpotSimulator({ rateLimit: false });
    await sim.start();
    try {
      overhead = await runOverhead(config, sim, log);
    } finally {
      await sim.stop();
    }
  }
  const errors: string[] = [];
  const attempt = async <T>(part: Part, run: () => Promise<T>): Promise<T | undefined> => {
    if (!only.includes(part)) return undefined;
    try {
      return await run();
    } catch (err) {
      log(`${part} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      errors.push(`${part}: ${String(err)}`);
      return undefined;
    }
  };
  const scale: ScaleResults | undefined = await attempt('scale', () => runScale(config, log));
  const longWaits: LongWaitResults | undefined = await attempt('long-waits', () => runLongWaits(config, log));
  const headerPacing: HeaderPacingResults | undefined = await attempt('header-pacing', () =>
    runHeaderPacing(config.headerPacing, log),
  );
  const cancellation: CancellationResults | undefined = await attempt('cancellation', async () => {
    const sim = new HubSpotSimulator({ rateLimit: false });
    await sim.start();
    try {
      return await runCancellation(CANCELLATION_RUNS[config.mode], sim, log);
    } finally {
      await sim.stop();
    }
  });
  const migration: MigrationBudgetResults | undefined = await attempt('migration', () =>
    runMigrationBudget(config.migration, log),
  );
  const sharedWatcher: SharedWatcherResults | undefined = await attempt('shared-watcher', () =>
    runSharedWatcher(SHARED_WATCHER_RUNS[config.mode], config.token, log),
  );

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode: config.mode,
    durationMs: Date.now() - startedAt,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryBytes: os.totalmem(),
      node: process.version,
      temporalCli: temporalCli().version ?? 'unknown',
      temporalTestServer: temporalTestServer().version ?? 'unknown',
    },
    config,
    overhead,
    scale,
    longWaits,
    headerPacing,
    cancellation,
    migration,
    sharedWatcher,
    targets: [],
    errors,
  };
  results.targets = [
    ...targetsOf(results),
    ...headerPacingTargets(headerPacing),
    ...cancellationTargets(cancellation),
    ...migrationBudgetTargets(migration),
    ...sharedWatcherTargets(sharedWatcher),
  ];
  const file = path.join(ROOT, 'bench', 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(renderReport(results));
  if (headerPacing) process.stdout.write(renderHeaderPacing(headerPacing));
  if (cancellation) process.stdout.write(renderCancellation(cancellation));
  if (migration) process.stdout.write(renderMigrationBudget(migration));
  if (sharedWatcher) process.stdout.write(renderSharedWatcher(sharedWatcher));
  log(`done in ${Math.round((Date.now() - startedAt) / 1000)} s; wrote ${path.relative(ROOT, file)}`);
  errors.push(...wrongOutcomes(results));
  if (errors.length > 0) throw new Error(`the bench failed: ${errors.join('; ')}`);
}

/**
 * Waits that ended wrong or not at all. Targets are figures on a shared, noisy machine and only reported; a wrong
 * outcome is a bug, and fails the run (and so CI).
 */
function wrongOutcomes(r: BenchResults): string[] {
  const out: string[] = [];
  for (const row of r.overhead?.rows ?? []) {
    if (row.correct !== row.tasks)
      out.push(`overhead ${row.way}/${row.cadence}/${row.length}: ${row.correct}/${row.tasks} right`);
  }
  for (const run of r.scale?.runs ?? []) {
    if (run.wrong > 0 || run.stuck > 0) out.push(`scale ${run.name}: ${run.wrong} wrong, ${run.stuck} stuck`);
  }
  if (r.sharedWatcher && r.sharedWatcher.correct !== r.sharedWatcher.config.waits) {
    out.push(`shared watcher: ${r.sharedWatcher.correct}/${r.sharedWatcher.config.waits} COMPLETE`);
  }
  if (r.migration && r.migration.completed !== r.migration.folders) {
    out.push(`migration: ${r.migration.completed}/${r.migration.folders} COMPLETE`);
  }
  for (const row of r.longWaits?.rows ?? []) {
    if (!row.correct || !row.bounded)
      out.push(
        `long wait of ${row.pollsNeeded} polls (${row.laterPhase}, ${row.cadence}): correct ${row.correct}, bounded ${row.bounded}`,
      );
  }
  return out;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
