/**
 * The bench's targets (issue 5), judged on its figures, and the table it prints. Every target is `met`, `not met`,
 * or `not run` (its part was skipped or the quick mode does not run it), always with the figure it was judged on.
 */
import { table as cliTable } from '../src/cli/format';
import type { CancellationResults } from './cancellation';
import type { HeaderPacingResults } from './header-pacing';
import type { MigrationBudgetResults } from './migration-budget';
import type { BenchConfig, Cadence } from './config';
import { schedulePollTimesMs } from './config';
import type { LongWaitResults } from './long-waits';
import { MAX_RUN_EVENTS } from './long-waits';
import { costTargets } from './cost-targets';
import type { OverheadResults, OverheadRow } from './overhead';
import type { ScaleResults } from './scale';
import type { SharedWatcherResults } from './shared-watcher';
import { max, round } from './stats';

/** One target and how the run did against it. */
export interface TargetResult {
  target: string;
  status: 'met' | 'not met' | 'not run';
  /** The figure it was judged on, with its unit. */
  figure: string;
}

/** Everything bench/results.json holds. */
export interface BenchResults {
  generatedAt: string;
  mode: 'quick' | 'full';
  /** Wall time of the whole bench, in milliseconds. */
  durationMs: number;
  machine: Record<string, string | number>;
  config: BenchConfig;
  overhead?: OverheadResults;
  scale?: ScaleResults;
  longWaits?: LongWaitResults;
  /** Part d (bench/header-pacing.ts). */
  headerPacing?: HeaderPacingResults;
  /** Part e (bench/cancellation.ts). */
  cancellation?: CancellationResults;
  /** Part f (bench/migration-budget.ts). */
  migration?: MigrationBudgetResults;
  /** Part w (bench/shared-watcher.ts). */
  sharedWatcher?: SharedWatcherResults;
  targets: TargetResult[];
  /** Parts that failed to run, with their error. */
  errors?: string[];
}

function judged(target: string, ok: boolean, figure: string): TargetResult {
  return { target, status: ok ? 'met' : 'not met', figure };
}

function notRun(target: string, why: string): TargetResult {
  return { target, status: 'not run', figure: why };
}

/**
 * When the first poll at or after `lengthMs` happens on the un-jittered schedule with an early window of `windowMs`
 * (the window's last wait cut to end at its end), in ms after the first poll.
 */
function detectionPollAtMs(cadence: Cadence, lengthMs: number, windowMs: number): number {
  return schedulePollTimesMs(cadence, lengthMs, windowMs).at(-1)!;
}

function rowsOf(o: OverheadResults, way: string): OverheadRow[] {
  return o.rows.filter((r) => r.way === way);
}

function find(o: OverheadResults, way: string, cadence: string, length: string): OverheadRow | undefined {
  return o.rows.find((r) => r.way === way && r.cadence === cadence && r.length === length);
}

/** Judges every target of issue 5. */
export function targetsOf(results: BenchResults): TargetResult[] {
  const { overhead: o, scale, longWaits, config } = results;
  const targets: TargetResult[] = [];
  const T = {
    early: 'History: a task finishing within the early window costs ≤ 15 events in all',
    later: 'History: any later poll costs ≤ 11 events',
    runs: `History: where continue-as-new stays (the timer later phase), no run exceeds ${MAX_RUN_EVENTS} events`,
    tenX: 'Actions: ≥ 10× fewer than the plain workflow loop at the same cadence, task finishing inside the window',
    never: 'Actions: no task length costs more than the plain workflow loop',
    latency: 'Detection: p99 ≤ one poll interval + 250 ms at 1,000 concurrent tasks',
    scale: 'Scale: 10,000 concurrent waits on one worker, all correct, worker < 1 GiB RSS',
    sharedScale:
      "Shared watcher: 10,000 concurrent waits in the later phase ('shared') on one worker, all correct, < 1 GiB",
    rateUse: 'Rate: ≥ 90% of the configured request budget used while there is a backlog',
    rateCap: 'Rate: the budget is never exceeded (most requests in any 10 s window ≤ budget × 10)',
  };
  if (o) {
    const windowMs = o.earlyWindowMs;
    const cadences = config.overhead.cadences;
    const early = rowsOf(o, 'hybrid').filter((r) => {
      const cadence = cadences.find((c) => c.name === r.cadence) as Cadence;
      const length = config.overhead.lengths.find((l) => l.name === r.length);
      return length?.insideWindow === true && detectionPollAtMs(cadence, r.lengthMs, windowMs) <= windowMs;
    });
    const earlyMax = max(early.map((r) => r.maxEventsPerTask));
    targets.push(
      early.length === 0
        ? notRun(T.early, 'no task finished within the window')
        : judged(
            T.early,
            earlyMax <= 15,
            `${earlyMax} events (most, over ${early.map((r) => `${r.cadence}/${r.length}`).join(', ')})`,
          ),
    );
    const laterRows = [...rowsOf(o, 'hybrid'), ...rowsOf(o, 'hybrid-timer')].map((r) => r.maxEventsPerLaterPoll);
    const laterLong = longWaits?.rows.map((r) => r.maxEventsPerLaterPoll) ?? [];
    const later = max([...laterRows, ...laterLong]);
    targets.push(
      later > 0
        ? judged(T.later, later <= 11, `${later} events (most, between two poll activities)`)
        : notRun(T.later, 'no later polls'),
    );
    const fixed = cadences[cadences.length - 1] as Cadence;
    const loop = find(o, 'workflow-loop', fixed.name, 'late-in-window');
    const hybrid = find(o, 'hybrid', fixed.name, 'late-in-window');
    if (loop && hybrid) {
      const ratio = loop.actionsPerTask / hybrid.actionsPerTask;
      targets.push(
        judged(
          T.tenX,
          ratio >= 10,
          `${round(ratio, 1)}× (${fixed.name}, task of ${hybrid.lengthMs / 1000} s: ${hybrid.actionsPerTask} vs ${loop.actionsPerTask} actions)`,
        ),
      );
    }
    const worst = rowsOf(o, 'hybrid')
      .map((h) => ({ h, l: find(o, 'workflow-loop', h.cadence, h.length) }))
      .filter((p): p is { h: OverheadRow; l: OverheadRow } => p.l !== undefined)
      .map(({ h, l }) => ({ ratio: h.actionsPerTask / l.actionsPerTask, h, l }))
      .sort((a, b) => b.ratio - a.ratio)[0];
    if (worst) {
      targets.push(
        judged(
          T.never,
          worst.ratio <= 1,
          `worst: ${worst.h.cadence}/${worst.h.length} at ${round(worst.ratio, 2)}× the loop (${worst.h.actionsPerTask} vs ${worst.l.actionsPerTask} actions)`,
        ),
      );
    }
  } else {
    for (const t of [T.early, T.tenX, T.never]) targets.push(notRun(t, 'part a skipped'));
  }
  if (longWaits || o) {
    const peaks = [
      ...(o?.rows.filter((r) => r.way !== 'plain-loop').map((r) => r.peakRunEvents) ?? []),
      ...(longWaits?.rows.map((r) => r.peakRunEvents) ?? []),
    ];
    const peak = max(peaks);
    targets.push(judged(T.runs, peak <= MAX_RUN_EVENTS, `${peak} events in the longest run`));
  }
  if (!o && longWaits) {
    const later = max(longWaits.rows.map((r) => r.maxEventsPerLaterPoll));
    targets.push(judged(T.later, later <= 11, `${later} events (most, between two poll activities)`));
  }
  const runs = scale?.runs ?? [];
  const latencyRun = runs.find((r, i) => config.scale.runs[i]?.latencyTarget);
  targets.push(
    latencyRun
      ? judged(
          T.latency,
          latencyRun.latencyExcessP99Ms <= 250 && latencyRun.stuck === 0,
          `p99 excess over the interval in effect: ${latencyRun.latencyExcessP99Ms} ms (p99 latency ${latencyRun.latencyP99Ms} ms, ${latencyRun.latencyRatioP99}× the interval; ${latencyRun.workflows} tasks; p99 until the poll that saw it ${latencyRun.latencyUntilPollP99Ms} ms, from that poll to the result ${latencyRun.latencyAfterPollP99Ms} ms)`,
        )
      : notRun(T.latency, 'no 1,000-task run'),
  );
  const scaleRun = runs.find((r, i) => config.scale.runs[i]?.scaleTarget);
  targets.push(
    scaleRun
      ? judged(
          T.scale,
          scaleRun.correct === scaleRun.workflows && scaleRun.peakWorkerRssBytes < 1024 ** 3,
          `${scaleRun.correct}/${scaleRun.workflows} correct, peak RSS ${round(scaleRun.peakWorkerRssBytes / 1024 ** 2, 0)} MiB`,
        )
      : notRun(T.scale, config.mode === 'quick' ? 'not in --quick' : 'no 10,000 run'),
  );
  const sharedRun = runs.find((r, i) => config.scale.runs[i]?.sharedScaleTarget);
  targets.push(
    sharedRun
      ? judged(
          T.sharedScale,
          sharedRun.correct === sharedRun.workflows &&
            sharedRun.peakWorkerRssBytes < 1024 ** 3 &&
            sharedRun.watchers > 0,
          `${sharedRun.correct}/${sharedRun.workflows} correct in ${round(sharedRun.drainMs / 1000, 0)} s, peak RSS ${round(sharedRun.peakWorkerRssBytes / 1024 ** 2, 0)} MiB, ${sharedRun.watchers} watcher runs, ${sharedRun.pollsPerTask} polls a task`,
        )
      : notRun(T.sharedScale, config.mode === 'quick' ? 'not in --quick' : 'no 10,000 shared run'),
  );
  const rateRuns = runs.filter((r, i) => config.scale.runs[i]?.rateTarget && r.backlog);
  targets.push(
    rateRuns.length > 0
      ? judged(
          T.rateUse,
          rateRuns.every((r) => (r.backlog?.shareOfBudget ?? 0) >= 0.9),
          rateRuns
            .map((r) => `${r.name}: ${round((r.backlog?.shareOfBudget ?? 0) * 100, 1)}% of ${r.budget}/s`)
            .join('; '),
        )
      : notRun(T.rateUse, 'no backlogged run'),
  );
  targets.push(
    runs.length > 0
      ? judged(
          T.rateCap,
          runs.every((r) => !r.budgetExceeded),
          runs.map((r) => `${r.name}: ${r.maxRequestsIn10s}/${r.budget * 10}`).join('; '),
        )
      : notRun(T.rateCap, 'part b skipped'),
  );
  targets.push(...costTargets(o, longWaits, config));
  return targets;
}

/** A report table: the CLI's table, uncut, with NaN shown as '-'. */
function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' && Number.isNaN(c) ? '-' : String(c))));
  return cliTable(headers, cells, Infinity).trimEnd();
}

/** The printed report: one table per part, then the targets. */
export function renderReport(r: BenchResults): string {
  const out: string[] = [`\nBench (${r.mode}), ${r.generatedAt}, ${round(r.durationMs / 1000, 0)} s in all\n`];
  if (r.overhead) {
    const o = r.overhead;
    out.push(
      `a. Per-poll overhead (early window ${o.earlyWindowMs / 1000} s; latency = task terminal → result delivered)`,
    );
    out.push(
      table(
        [
          'way',
          'cadence',
          'task',
          'ok',
          'polls',
          'events',
          'ev/poll',
          'later',
          'actions',
          '(hb)',
          'srv',
          'lat p50',
          'lat p99',
          'p50/int',
          'p99/int',
        ],
        o.rows.map((x) => [
          x.way,
          x.cadence,
          `${x.length} ${x.lengthMs / 1000}s`,
          `${x.correct}/${x.tasks}`,
          x.pollsPerTask,
          x.eventsPerTask,
          x.eventsPerPoll,
          x.maxEventsPerLaterPoll,
          x.actionsPerTask,
          x.heartbeatsPerTask,
          x.serverActionsPerTask,
          `${x.latencyP50Ms}ms`,
          `${x.latencyP99Ms}ms`,
          x.latencyRatioP50,
          x.latencyRatioP99,
        ]),
      ),
    );
    out.push('\nWorker CPU (ms per poll, startup excluded)');
    out.push(
      table(
        ['way', 'cadence', 'cpu ms', 'polls', 'ms/poll'],
        o.cpu.map((c) => [c.way, c.cadence, c.cpuMs, c.polls, c.cpuMsPerPoll]),
      ),
    );
    const e = o.earlyWindowCpu;
    if (e) {
      out.push(
        `\nWorker CPU per early-window poll (${e.tasks} waits each side, tasks of ${e.taskMs / 1000} s, ${e.cadence})`,
      );
      out.push(
        table(
          ['side', 'cpu ms', 'polls', 'ms/poll'],
          [
            ['hybrid worker (early window only)', e.worker.cpuMs, e.worker.polls, e.worker.cpuMsPerPoll],
            ...(e.withoutCancellationCheck
              ? [
                  [
                    'the same, cancellationCheck: false',
                    e.withoutCancellationCheck.cpuMs,
                    e.withoutCancellationCheck.polls,
                    e.withoutCancellationCheck.cpuMsPerPoll,
                  ],
                ]
              : []),
            ['plain-loop', e.plainLoop.cpuMs, e.plainLoop.polls, e.plainLoop.cpuMsPerPoll],
            ['ratio', '', '', `${e.ratio}×`],
          ],
        ),
      );
    }
  }
  if (r.scale) {
    out.push('\nb. Scale and request rate (package worker processes, dev server)');
    out.push(
      table(
        [
          'run',
          'ok',
          'stuck',
          'slots',
          'RSS MiB',
          'start s',
          'drain s',
          'requests',
          'min',
          'lat p99',
          'excess p99',
          'backlog share',
          'max/10s',
          'max/1s',
        ],
        r.scale.runs.map((x) => [
          x.name,
          `${x.correct}/${x.workflows}`,
          x.stuck,
          r.config.scale.runs.find((c) => c.name === x.name)?.maxConcurrentActivities ?? 'default',
          round(x.peakWorkerRssBytes / 1024 ** 2, 0),
          round(x.startMs / 1000, 1),
          round(x.drainMs / 1000, 1),
          x.requests,
          x.minimumRequests,
          `${x.latencyP99Ms}ms`,
          `${x.latencyExcessP99Ms}ms`,
          x.backlog
            ? `${round(x.backlog.shareOfBudget * 100, 1)}% of ${x.budget}/s over ${round(x.backlog.durationMs / 1000, 1)}s`
            : '-',
          `${x.maxRequestsIn10s}/${x.budget * 10}`,
          `${x.maxRequestsIn1s}/${x.budget}`,
        ]),
      ),
    );
  }
  if (r.longWaits) {
    const l = r.longWaits;
    out.push(
      `\nc. Long waits (time-skipping server, early window ${l.earlyWindow}; fixed cadence ${l.pollInterval}, and 24 h at the default)`,
    );
    out.push(
      table(
        [
          'later phase',
          'cadence',
          'polls needed',
          'spans',
          'polls',
          'ok',
          'runs',
          'peak run events',
          'events',
          'ev/poll',
          'later',
          'actions',
          'wall s',
        ],
        l.rows.map((x) => [
          x.laterPhase,
          x.cadence,
          x.pollsNeeded,
          `${round(x.simulatedMs / 3_600_000, 2)} h`,
          x.polls,
          x.correct ? 'yes' : 'NO',
          x.runs,
          x.peakRunEvents,
          x.events,
          x.eventsPerPoll,
          x.maxEventsPerLaterPoll,
          x.historyActions,
          round(x.wallMs / 1000, 1),
        ]),
      ),
    );
  }
  out.push('\nTargets');
  out.push(
    table(
      ['', 'target', 'figure'],
      r.targets.map((t) => [
        t.status === 'met' ? 'MET' : t.status === 'not met' ? 'NOT MET' : 'not run',
        t.target,
        t.figure,
      ]),
    ),
  );
  return `${out.join('\n')}\n`;
}
