/**
 * Part c: tasks that need many polls (10, 1,000, 20,000), on the time-skipping test server so that durable timers
 * fire at once. Polls inside the hybrid's early window sleep in real time, so the window is short here (5 s). Tasks
 * are scripted by poll count (PENDING for N − 1 polls, COMPLETE on poll N). Reports each wait's runs and the peak
 * history length of a run: continue-as-new must keep every run at or below 2,000 events.
 */
import type { Duration } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { HubSpotSimulator } from '../src/simulator';
import type { awaitFolderUpdate, FolderUpdateResult } from '../src/workflows';
import type { BenchConfig } from './config';
import { historyStats } from './history-stats';
import { buildWorkflowBundle, startTimeSkippingServer } from './servers';
import { round } from './stats';

/** The most events a run may hold (target). */
export const MAX_RUN_EVENTS = 2000;

/** Figures of one long wait. `wallMs` is real time, in milliseconds. */
export interface LongWaitRow {
  pollsNeeded: number;
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

type AwaitInput = Parameters<typeof awaitFolderUpdate>[0] & { earlyWindow?: Duration };

/** Runs part c. */
export async function runLongWaits(config: BenchConfig, log: (line: string) => void): Promise<LongWaitResults> {
  const { polls: pollCounts, earlyWindow, pollInterval } = config.longWaits;
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
    const rows = await worker.runUntil(async () => {
      const out: LongWaitRow[] = [];
      for (const pollsNeeded of pollCounts) {
        const startedAt = Date.now();
        const taskId = sim.createTask({ pendingPolls: pollsNeeded - 1, processingPolls: 0 });
        const input: AwaitInput = {
          taskId,
          initialPollInterval: pollInterval,
          maxPollInterval: pollInterval,
          backoffCoefficient: 1,
          timeout: '30d',
          earlyWindow,
        };
        const handle = await env.client.workflow.start('awaitFolderUpdate', {
          taskQueue: 'bench-long-waits',
          workflowId: `bench-long-wait-${pollsNeeded}`,
          args: [input],
        });
        log(`long waits: waiting on a task that needs ${pollsNeeded} polls`);
        const result = (await handle.result()) as FolderUpdateResult;
        const wallMs = Date.now() - startedAt;
        const stats = await historyStats(env.client, handle.workflowId, handle.firstExecutionRunId);
        out.push({
          pollsNeeded,
          polls: result.polls,
          correct: result.status === 'COMPLETE' && result.taskId === taskId && result.polls === pollsNeeded,
          runs: stats.runs,
          peakRunEvents: stats.peakRunEvents,
          events: stats.events,
          eventsPerPoll: round(stats.events / result.polls, 2),
          maxEventsPerLaterPoll: stats.maxEventsPerLaterPoll,
          historyActions: stats.actions,
          bounded: stats.peakRunEvents <= MAX_RUN_EVENTS,
          wallMs,
        });
        log(
          `long waits: ${pollsNeeded} polls: ${stats.runs} runs, peak ${stats.peakRunEvents} events, ${round(wallMs / 1000, 1)} s`,
        );
      }
      return out;
    });
    return { earlyWindow, pollInterval, rows };
  } finally {
    await sim.stop();
    await env.teardown();
  }
}
