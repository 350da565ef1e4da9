/**
 * Reliability scenario 1: worker crash. 500 `awaitFolderUpdate` workflows on the default (hybrid) poller are inside
 * their early window, each polling in one heartbeating `watchFolderUpdate` activity (their tasks PENDING or PROCESSING
 * at HubSpot, some requests in flight), when the only worker process is SIGKILLed. A new worker starts a few seconds
 * later; each killed activity is retried once its 30 s heartbeat timeout passes, and resumes its count of polls from
 * its last heartbeat. Every workflow must end with the outcome the simulator scripted for its task: none stuck, none
 * lost, none run twice, and no poll counted twice.
 *
 * The tasks take ten minutes of HubSpot time, so none can end before the crash however slow this machine is; while the
 * worker is down, the simulator's clock jumps those ten minutes (HubSpot keeps working during the outage), so the time
 * to recover measures the recovery, not the script.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mapLimit } from '../helpers/waiting';
import { endingOf, recordFigures, ScenarioStack, until } from './harness';
import {
  executionsOn,
  firstPollsAfter,
  heldLifecycle,
  planTasks,
  shiftableClock,
  startAwaits,
  tally,
  workedBy,
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
/** The killed activities wait out their 30 s heartbeat timeout before they are retried. */
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
          `pollers retried after the 30 s heartbeat timeout, resuming from their heartbeats; every workflow polled ` +
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
