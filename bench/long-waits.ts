/**
 * Part c: tasks that need many polls (10, 1,000, 20,000 at a fixed 1 s, the timer phase only up to `timerMaxPolls`;
 * and a 24 h wait at the package's default cadence), on the time-skipping test server so that durable timers and
 * retry delays pass at once, for each later phase (the default retry phase, and `laterPhase: 'timer'`). Polls inside
 * the hybrid's early window sleep in real time, so the window is short here (5 s). Tasks are scripted by poll count
 * (PENDING for N − 1 polls, COMPLETE on poll N). Reports each wait's runs and the peak history length of a run: the
 * retry phase must stay in one run of at most 40 events, and continue-as-new must keep every run of the timer phase at
 * or below 2,000 events.
 */
import type { Duration } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { HubSpotSimulator } from '../src/simulator';
import type { awaitFolderUpdate, FolderUpdateResult } from '../src/workflows';
import type { BenchConfig, Cadence } from './config';
import { cadenceDelayMs, DEFAULT_CADENCE } from './config';
import { historyStats } from './history-stats';
import { buildWorkflowBundle, startTimeSkippingServer } from './servers';
import { round } from './stats';

/** The most events a run may hold (target). */
export const MAX_RUN_EVENTS = 2000;

/** Figures of one long wait. `wallMs` is real time, in milliseconds. */
export interface LongWaitRow {
  laterPhase: LaterPhase;
  /** The cadence's name: `fixed-<pollInterval>` or `default`. */
  cadence: string;
  pollsNeeded: number;
  /** How long the wait spans on its un-jittered schedule (server time, skipped), in milliseconds. */
  simulatedMs: number;
  /** Status responses the workflow reports having read. */
  polls: number;
  correct: boolean;
  runs: number;
  /** The longest run's history, in events. */
  peakRunEvents: number;
  /** Events of all runs together. */
  events: number;
  eventsPerPoll: number;
  /** The most events one later poll added (see `history-stats.ts`). */
  maxEventsPerLaterPoll: number;
  /** Temporal Cloud actions from history (heartbeats not counted here: no metrics on the test server). */
  historyActions: number;
  bounded: boolean;
  wallMs: number;
}

/** Part c's figures. */
export interface LongWaitResults {
  earlyWindow: string;
  pollInterval: string;
  rows: LongWaitRow[];
}

/** The later phases part c compares. */
export type LaterPhase = 'retry' | 'timer';

type AwaitInput = Parameters<typeof awaitFolderUpdate>[0] & { earlyWindow?: Duration; laterPhase?: LaterPhase };

/** One wait of part c: a task that needs `polls` polls, at `cadence`. */
interface LongWait {
  polls: number;
  cadence: Cadence;
}

/** How long `polls` polls span on `cadence`'s un-jittered schedule, in milliseconds. */
function scheduleMs(cadence: Cadence, polls: number): number {
  let ms = 0;
  for (let n = 0; n < polls - 1; n++) ms += cadenceDelayMs(cadence, n);
  return ms;
}

/** The fewest polls whose schedule at `cadence` spans at least `ms` (its first poll at 0). */
export function pollsOver(cadence: Cadence, ms: number): number {
  let polls = 1;
  while (scheduleMs(cadence, polls) < ms) polls++;
  return polls;
}

/**
 * The waits of part c on `laterPhase`: the configured poll counts at the fixed interval (on the timer phase only up to
 * `timerMaxPolls`), and a 24 h wait at the default cadence.
 */
function waitsOf(config: BenchConfig['longWaits'], laterPhase: LaterPhase): LongWait[] {
  const fixed: Cadence = {
    name: `fixed-${config.pollInterval}`,
    initialPollInterval: config.pollInterval,
    maxPollInterval: config.pollInterval,
    backoffCoefficient: 1,
  };
  return [
    ...config.polls
      .filter((polls) => laterPhase !== 'timer' || polls <= config.timerMaxPolls)
      .map((polls) => ({ polls, cadence: fixed })),
    ...(config.dayAtDefaultCadence
      ? [{ polls: pollsOver(DEFAULT_CADENCE, 86_400_000), cadence: DEFAULT_CADENCE }]
      : []),
  ];
}

/** Runs part c. */
export async function runLongWaits(config: BenchConfig, log: (line: string) => void): Promise<LongWaitResults> {
  const { earlyWindow, pollInterval, waitTimeoutMs } = config.longWaits;
  log('long waits: starting the time-skipping server');
  const [env, bundlePath] = await Promise.all([startTimeSkippingServer(), buildWorkflowBundle()]);
  const sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
  try {
    const deps = {
      baseUrl: sim.baseUrl,
      token: config.token,
      requestTimeoutMs: 10_000,
      maxRequestsPerSecond: Infinity,
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bench-long-waits',
      workflowBundle: { codePath: bundlePath },
      activities: createActivities(deps),
    });
    const longWait = async (laterPhase: LaterPhase, wait: LongWait): Promise<LongWaitRow> => {
      const { polls: pollsNeeded, cadence } = wait;
      const name = `${laterPhase}/${cadence.name}/${pollsNeeded}`;
      const startedAt = Date.now();
      const taskId = sim.createTask({ pendingPolls: pollsNeeded - 1, processingPolls: 0 });
      const input: AwaitInput = {
        taskId,
        initialPollInterval: cadence.initialPollInterval,
        maxPollInterval: cadence.maxPollInterval,
        backoffCoefficient: cadence.backoffCoefficient,
        timeout: '30d',
        earlyWindow,
        laterPhase,
      };
      const handle = await env.client.workflow.start('awaitFolderUpdate', {
        taskQueue: 'bench-long-waits',
        workflowId: `bench-long-wait-${laterPhase}-${cadence.name}-${pollsNeeded}`,
        args: [input],
      });
      log(`long waits: ${name}: waiting on a task that needs ${pollsNeeded} polls`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), waitTimeoutMs);
      });
      const result = (await Promise.race([handle.result(), timedOut])) as FolderUpdateResult | undefined;
      clearTimeout(timer);
      if (!result) {
        log(`long waits: ${name}: no result after ${waitTimeoutMs / 1000} s of real time; terminating it`);
        await handle.terminate('bench: wall-time limit').catch(() => undefined);
      }
      const wallMs = Date.now() - startedAt;
      const stats = await historyStats(env.client, handle.workflowId, handle.firstExecutionRunId);
      const polls = result?.polls ?? NaN;
      log(`long waits: ${name}: ${stats.runs} runs, peak ${stats.peakRunEvents} events, ${round(wallMs / 1000, 1)} s`);
      return {
        laterPhase,
        cadence: cadence.name,
        pollsNeeded,
        simulatedMs: scheduleMs(cadence, pollsNeeded),
        polls,
        correct: result?.status === 'COMPLETE' && result.taskId === taskId && result.polls === pollsNeeded,
        runs: stats.runs,
        peakRunEvents: stats.peakRunEvents,
        events: stats.events,
        eventsPerPoll: round(stats.events / polls, 2),
        maxEventsPerLaterPoll: stats.maxEventsPerLaterPoll,
        historyActions: stats.actions,
        bounded: stats.peakRunEvents <= MAX_RUN_EVENTS,
        wallMs,
      };
    };
    const rows = await worker.runUntil(async () => {
      const out: LongWaitRow[] = [];
      for (const laterPhase of config.longWaits.laterPhases) {
        for (const wait of waitsOf(config.longWaits, laterPhase)) out.push(await longWait(laterPhase, wait));
      }
      return out;
    });
    return { earlyWindow, pollInterval, rows };
  } finally {
    await sim.stop();
    await env.teardown();
  }
}
