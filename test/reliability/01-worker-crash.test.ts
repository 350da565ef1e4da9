/**
 * Reliability scenario 1: worker crash, in each phase of the default poller.
 *
 * Early window: 500 `awaitFolderUpdate` workflows are inside their early window, each polling in one heartbeating
 * `watchFolderUpdate` activity (their tasks PENDING or PROCESSING at HubSpot, some requests in flight), when the only
 * worker process is SIGKILLed. A new worker starts a few seconds later; each killed activity is retried once its 60 s
 * heartbeat timeout passes, and resumes its count of polls from its last heartbeat. Every workflow must end with the
 * outcome the simulator scripted for its task: none stuck, none lost, none run twice, and no poll counted twice.
 *
 * Retry phase (1b): 200 workflows with a 5 s early window are polling in the retry phase (`laterPhase: 'retry'`), as the attempts of
 * `pollFolderUpdateUntilDone` (some of them in flight, held by HubSpot), when the worker is SIGKILLed. The server keeps
 * the attempt count: the killed attempts time out after their 10 s heartbeat timeout and are retried on the new worker,
 * and each wait's count goes on from where it was, in `getFolderUpdateProgress` and in the result (every read HubSpot
 * answered is counted; an attempt lost with the worker is counted as a read, so at most one more).
 *
 * The tasks take ten minutes of HubSpot time, so none can end before the crash however slow this machine is; the
 * simulator's clock then jumps those ten minutes (HubSpot keeps working), so the time to recover measures the
 * recovery, not the script: during the outage in the early-window case, after two more reads each in the retry phase.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { getFolderUpdateProgress } from '../../src';
import type { awaitFolderUpdate } from '../../src/workflows';
import { mapLimit } from '../helpers/waiting';
import { endingOf, recordFigures, ScenarioStack, until, type Ending } from './harness';
import {
  executionsOn,
  firstPollsAfter,
  heldLifecycle,
  planTasks,
  shiftableClock,
  startAwaits,
  tally,
  untilReadsSince,
  workedBy,
  type PlannedTask,
} from './scripted-workload';

const SCENARIO = '1. Worker crash';
const TASK_QUEUE = 'reliability-01-worker-crash';
const COUNT = 500;
/** HubSpot time a task takes (in PENDING or in PROCESSING); the simulator's clock jumps it during the outage. */
const TASK_MS = 10 * 60_000;
/** Status polls the simulator holds open when the worker dies, so that some activities die mid-request. */
const HELD_POLLS = 20;
const DOWN_MS = 3_000;
/** The default early window (2 minutes) holds every poll before the crash. */
const POLL_OPTIONS = { initialPollInterval: '1s', maxPollInterval: '4s', backoffCoefficient: 2, timeout: '1h' };
/** The killed activities wait out their 60 s heartbeat timeout (the default) before they are retried. */
const ENDING_TIMEOUT_MS = 180_000;

/** See {@link heldLifecycle}. */
const lifecycle = (i: number) => heldLifecycle(i, TASK_MS);

const clock = shiftableClock();
let stack: ScenarioStack | undefined;

before(async () => {
  stack = await ScenarioStack.start('thf-rel-01-', { rateLimit: false, now: clock.now });
});

after(async () => {
  await stack?.close();
});

describe(SCENARIO, () => {
  it(
    `${COUNT} workflows polling in their early window survive a SIGKILL of their worker and end as scripted`,
    { timeout: 360_000 },
    async () => {
      assert.ok(stack);
      const { client, sim: hubspot } = stack;
      const first = await stack.startWorker({ taskQueue: TASK_QUEUE });

      const plans = planTasks(hubspot, COUNT, lifecycle);
      const startedAt = Date.now();
      const handles = await startAwaits(client, TASK_QUEUE, plans, POLL_OPTIONS);
      const startMs = Date.now() - startedAt;

      // Mid-poll: every workflow has polled, and some polls are in flight when the worker dies.
      await until(
        () => plans.every(({ taskId }) => hubspot.getTask(taskId)!.polls >= 1),
        'a poll of every task',
        150_000,
      );
      const allPolledMs = Date.now() - startedAt;
      hubspot.injectFault({ kind: 'delay', ms: 5_000 }, { count: HELD_POLLS, route: 'status' });
      await until(() => (hubspot.stats().faultsInjected.delay ?? 0) >= HELD_POLLS, 'polls held in flight', 30_000);
      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      await first.exited;
      assert.equal(first.child.signalCode, 'SIGKILL');
      assert.ok(killedAt - startedAt < 120_000, 'the crash comes inside the 2-minute early window');

      const atCrash = plans.map(({ taskId }) => hubspot.getTask(taskId)!.status);
      const pendingAtCrash = atCrash.filter((s) => s === 'PENDING').length;
      const processingAtCrash = atCrash.filter((s) => s === 'PROCESSING').length;
      assert.equal(pendingAtCrash + processingAtCrash, COUNT, 'no task ended before the crash');
      assert.ok(pendingAtCrash > 0 && processingAtCrash > 0, 'the crash finds tasks both PENDING and PROCESSING');

      // HubSpot keeps working while the worker is down: its tasks are done waiting when the new worker comes.
      clock.shiftMs = TASK_MS;
      await new Promise((r) => setTimeout(r, DOWN_MS));
      const restartedAt = Date.now();
      await stack.startWorker({ taskQueue: TASK_QUEUE });

      const endings = await Promise.all(handles.map((handle) => endingOf(handle, ENDING_TIMEOUT_MS)));

      const executions = await executionsOn(client, TASK_QUEUE);
      const t = tally(hubspot, plans, endings, executions);
      const log = hubspot.requestLog();
      const pollingAgain = firstPollsAfter(log, restartedAt, TASK_MS);
      const allPollingAgainMs = Math.max(...pollingAgain.values()) - restartedAt;
      // Which activities the workflows ran, and how many early-window pollers were retried after the crash.
      const runs = await mapLimit(handles, 10, (handle) => workedBy(handle));
      const watched = runs.filter((r) => r.activities[0]?.type === 'watchFolderUpdate').length;
      const resumed = runs.filter((r) =>
        r.activities.some((a) => a.type === 'watchFolderUpdate' && a.attempt >= 2),
      ).length;

      recordFigures({
        scenario: SCENARIO,
        started: COUNT,
        completedCorrectly: t.correct,
        lost: t.lost,
        duplicated: t.duplicated,
        stuck: t.stuck,
        recoveryMs: Number.isFinite(t.lastClose) ? t.lastClose - restartedAt : undefined,
        notes:
          `default hybrid poller: SIGKILL ${killedAt - startedAt} ms after the first start, inside every ` +
          `workflow's early window, with ${pendingAtCrash} tasks PENDING, ${processingAtCrash} PROCESSING and ` +
          `${HELD_POLLS} polls in flight; new worker ${restartedAt - killedAt} ms later; ${resumed} early-window ` +
          `pollers retried after the 60 s heartbeat timeout, resuming from their heartbeats; every workflow polled ` +
          `again within ${allPollingAgainMs} ms of the restart; ${t.uncountedReads} reads made after a poller's ` +
          `last heartbeat went uncounted, ${t.overCounted} results counted a poll twice; ${log.length} status ` +
          `requests in all (${(log.length / COUNT).toFixed(1)} per workflow); ${COUNT} starts took ${startMs} ms, ` +
          `every task polled ${allPolledMs} ms after the first start; ${t.wrong} ended otherwise than scripted`,
      });

      assert.equal(t.stuck, 0, 'no workflow is stuck');
      assert.equal(t.lost, 0, 'no workflow is lost');
      assert.equal(t.duplicated, 0, 'no workflow ran twice');
      assert.equal(t.wrong, 0, 'every workflow ended with the outcome scripted for its task');
      assert.equal(t.correct, COUNT);
      assert.equal(pollingAgain.size, COUNT, 'every workflow polled again after the restart');
      assert.equal(watched, COUNT, 'every workflow polled in an early-window activity first');
      assert.ok(resumed > 0, 'killed early-window pollers were retried');
      assert.equal(t.overCounted, 0, 'no result counts more polls than HubSpot answered');
    },
  );
});

const RETRY_SCENARIO = '1b. Worker crash, retry phase';
const RETRY_TASK_QUEUE = 'reliability-01b-worker-crash-retry-phase';
const RETRY_COUNT = 200;
/**
 * A short early window, so that the waits are in the retry phase within seconds. Pinned: the default 'shared' phase
 * would join the watcher at 200 waits (scenario 12 SIGKILLs a worker whose watcher holds its waits).
 */
const RETRY_POLL_OPTIONS = { ...POLL_OPTIONS, earlyWindow: '5s', laterPhase: 'retry' } as const;
/** Reads each wait makes in the retry phase before the kill, and after the restart before HubSpot finishes. */
const READS_IN_PHASE = 2;
/** Waits whose progress is read through `getFolderUpdateProgress` before the kill and after the restart. */
const PROGRESS_SAMPLE = 25;

/**
 * Waits until every wait's pending activity is its retry phase's `pollFolderUpdateUntilDone`, and gives, per task, the
 * simulator-clock time at which that was first seen: reads from then on are the retry phase's. (An estimate from the
 * start calls is not enough: on a loaded machine a wait's early window can start seconds after its start call returns,
 * and a read of the early window made since its last heartbeat is uncounted after a crash, by design.)
 */
async function untilInRetryPhase(
  handles: readonly WorkflowHandle[],
  plans: readonly PlannedTask[],
): Promise<Map<string, number>> {
  const since = new Map<string, number>();
  await until(
    async () => {
      const waiting = plans
        .map((plan, i) => ({ plan, handle: handles[i]! }))
        .filter(({ plan }) => !since.has(plan.taskId));
      await mapLimit(waiting, 10, async ({ plan, handle }) => {
        const { raw } = await handle.describe();
        const inPhase = (raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'pollFolderUpdateUntilDone');
        if (inPhase) since.set(plan.taskId, clock.now());
      });
      return since.size === plans.length;
    },
    'every wait in its retry phase',
    120_000,
  );
  return since;
}

/** The sampled waits' poll counts through `getFolderUpdateProgress`, with their phase. */
function progressOf(handles: readonly WorkflowHandle[]): Promise<Array<{ polls: number; phase: string }>> {
  return mapLimit(handles, 5, async (h) => {
    const p = await getFolderUpdateProgress(stack!.client, h.workflowId);
    return { polls: p.polls, phase: p.phase };
  });
}

describe(RETRY_SCENARIO, () => {
  it(
    `${RETRY_COUNT} workflows polling in the retry phase survive a SIGKILL of their worker and count on from there`,
    { timeout: 360_000 },
    async () => {
      assert.ok(stack);
      const { client, sim: hubspot } = stack;
      const first = await stack.startWorker({ taskQueue: RETRY_TASK_QUEUE });

      const plans = planTasks(hubspot, RETRY_COUNT, lifecycle);
      const startedAt = Date.now();
      const handles: WorkflowHandle<typeof awaitFolderUpdate>[] = [];
      for (let i = 0; i < plans.length; i += 50) {
        const batch = plans.slice(i, i + 50);
        handles.push(...(await startAwaits(client, RETRY_TASK_QUEUE, batch, RETRY_POLL_OPTIONS)));
      }
      const startMs = Date.now() - startedAt;

      // Every wait has read twice in its retry phase (seen pending, in the simulator's clock, which the first test
      // moved ahead), and some reads are in flight.
      const phaseSeen = await untilInRetryPhase(handles, plans);
      await untilReadsSince(hubspot, plans, READS_IN_PHASE, (id) => phaseSeen.get(id)!, 'reads in every retry phase');
      const sample = handles.slice(0, PROGRESS_SAMPLE);
      const progressBefore = await progressOf(sample);
      const heldBefore = hubspot.stats().faultsInjected.delay ?? 0;
      hubspot.injectFault({ kind: 'delay', ms: 5_000 }, { count: HELD_POLLS, route: 'status' });
      const held = () => (hubspot.stats().faultsInjected.delay ?? 0) - heldBefore;
      await until(() => held() >= HELD_POLLS, 'polls held in flight', 30_000);
      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      await first.exited;
      assert.equal(first.child.signalCode, 'SIGKILL');
      const atCrash = plans.map(({ taskId }) => hubspot.getTask(taskId)!.status);
      assert.ok(
        atCrash.every((s) => s === 'PENDING' || s === 'PROCESSING'),
        'no task ended before the crash',
      );

      await new Promise((r) => setTimeout(r, DOWN_MS));
      const restartedAt = Date.now();
      const restartedAtSim = clock.now();
      await stack.startWorker({ taskQueue: RETRY_TASK_QUEUE });
      // Every read HubSpot answered before the restart, per task (held requests still open are answered later).
      const answeredBefore = new Map(plans.map(({ taskId }) => [taskId, hubspot.getTask(taskId)!.polls]));
      await untilReadsSince(hubspot, plans, READS_IN_PHASE, () => restartedAtSim, 'reads after the restart');
      const progressAfter = await progressOf(sample);
      const resumedAfterMs = Date.now() - restartedAt;

      clock.shiftMs += TASK_MS;
      const finishedAt = Date.now();
      const endings = await Promise.all(handles.map((handle) => endingOf(handle, ENDING_TIMEOUT_MS)));
      const executions = await executionsOn(client, RETRY_TASK_QUEUE);
      const t = tally(hubspot, plans, endings, executions);
      const counts = plans.map((plan, i) => countOf(endings[i]!, hubspot.getTask(plan.taskId)!.polls));
      const runs = await mapLimit(handles, 10, (handle) => workedBy(handle));
      const inRetryPhase = runs.filter((r) => r.activities.some((a) => a.type === 'pollFolderUpdateUntilDone')).length;
      const onTimers = runs.filter((r) => r.activities.some((a) => a.type === 'getFolderUpdateStatus')).length;
      const backwards = progressBefore.filter((p, i) => progressAfter[i]!.polls < p.polls).length;
      const lostAttempts = counts.filter((c) => c !== undefined && c.counted === c.answered + 1).length;
      const log = hubspot.requestLog();

      recordFigures({
        scenario: RETRY_SCENARIO,
        started: RETRY_COUNT,
        completedCorrectly: t.correct,
        lost: t.lost,
        duplicated: t.duplicated,
        stuck: t.stuck,
        recoveryMs: Number.isFinite(t.lastClose) ? t.lastClose - finishedAt : undefined,
        notes:
          `laterPhase 'retry' after a 5 s early window: SIGKILL ${killedAt - startedAt} ms after the first ` +
          `start, every wait ${READS_IN_PHASE}+ reads into its retry phase, ${HELD_POLLS} polls in flight; new worker ` +
          `${restartedAt - killedAt} ms later; every wait read ${READS_IN_PHASE} more times within ${resumedAfterMs} ` +
          `ms of the restart; ${PROGRESS_SAMPLE} sampled getFolderUpdateProgress counts went on from ` +
          `${sum(progressBefore)} to ${sum(progressAfter)} polls (${backwards} went back); results counted every ` +
          `read HubSpot answered, ${lostAttempts} one more (an attempt lost with the worker); ${inRetryPhase} waits ` +
          `polled in the retry phase, ${onTimers} on timers; ${log.length} status requests in all; ${RETRY_COUNT} ` +
          `starts took ${startMs} ms; time to recover counted from HubSpot finishing the tasks`,
      });

      assert.equal(t.stuck, 0, 'no workflow is stuck');
      assert.equal(t.lost, 0, 'no workflow is lost');
      assert.equal(t.duplicated, 0, 'no workflow ran twice');
      assert.equal(t.wrong, 0, 'every workflow ended with the outcome scripted for its task');
      assert.equal(t.correct, RETRY_COUNT);
      assert.equal(inRetryPhase, RETRY_COUNT, 'every wait polled in the retry phase');
      assert.equal(onTimers, 0, 'none on the timer path');
      assert.ok(
        progressAfter.every((p) => p.phase === 'retry-phase'),
        `sampled phases after the restart: ${progressAfter.map((p) => p.phase).join(', ')}`,
      );
      assert.equal(backwards, 0, 'no sampled progress count went back after the crash');
      plans.forEach((plan, i) => {
        const c = counts[i];
        if (c === undefined) return;
        const before = answeredBefore.get(plan.taskId)!;
        assert.ok(c.counted >= before + READS_IN_PHASE, `${plan.taskId}: ${c.counted} polls counted, ${before} before`);
        assert.ok(c.counted >= c.answered, `${plan.taskId}: every read counted (${c.counted} of ${c.answered})`);
        assert.ok(c.counted <= c.answered + 1, `${plan.taskId}: ${c.counted} counted, ${c.answered} answered`);
      });
    },
  );
});

/** A COMPLETE result's poll count beside the reads HubSpot answered for its task; undefined for other endings. */
function countOf(ending: Ending | 'stuck', answered: number): { counted: number; answered: number } | undefined {
  if (ending === 'stuck' || !ending.ok) return undefined;
  return { counted: (ending.value as { polls: number }).polls, answered };
}

function sum(progress: ReadonlyArray<{ polls: number }>): number {
  return progress.reduce((n, p) => n + p.polls, 0);
}
