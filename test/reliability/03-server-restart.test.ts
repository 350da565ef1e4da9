/**
 * Reliability scenario 3: Temporal server restart. 300 `awaitFolderUpdate` workflows on the default (hybrid) poller
 * are inside their early window, each polling in one heartbeating `watchFolderUpdate` activity (their tasks PENDING or
 * PROCESSING at HubSpot, some requests in flight), when the dev server stops. It restarts a few seconds later on the
 * same SQLite file and port; the worker, left running, must reconnect by itself (its pollers go on polling HubSpot
 * while the server is away), and every workflow must end with the outcome the simulator scripted for its task: none
 * stuck, none lost, none run twice.
 *
 * The tasks take ten minutes of HubSpot time, so none can end before the stop however slow this machine is; while the
 * server is down, the simulator's clock jumps those ten minutes (HubSpot keeps working during the outage), so the time
 * to recover measures the recovery, not the script.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { endingOf, recordFigures, ScenarioStack, until } from './harness';
import {
  executionsOn,
  firstPollsAfter,
  heldLifecycle,
  planTasks,
  shiftableClock,
  startAwaits,
  tally,
} from './scripted-workload';

const SCENARIO = '3. Temporal server restart';
const TASK_QUEUE = 'reliability-03-server-restart';
const COUNT = 300;
/** HubSpot time a task takes (in PENDING or in PROCESSING); the simulator's clock jumps it during the outage. */
const TASK_MS = 10 * 60_000;
/** Status polls the simulator holds open when the server stops, so that some activities end while it is down. */
const HELD_POLLS = 20;
const DOWN_MS = 5_000;
const POLL_OPTIONS = { initialPollInterval: '1s', maxPollInterval: '4s', backoffCoefficient: 2, timeout: '1h' };
const ENDING_TIMEOUT_MS = 150_000;

/** See {@link heldLifecycle}. */
const lifecycle = (i: number) => heldLifecycle(i, TASK_MS);

const clock = shiftableClock();
let stack: ScenarioStack | undefined;

before(async () => {
  stack = await ScenarioStack.start('thf-rel-03-', { rateLimit: false, now: clock.now });
});

after(async () => {
  await stack?.close();
});

describe(SCENARIO, () => {
  it(
    `${COUNT} workflows polling in their early window survive a restart of the Temporal server and end as scripted`,
    { timeout: 300_000 },
    async () => {
      assert.ok(stack);
      const { client, sim: hubspot, temporal } = stack;
      const address = temporal.address;
      const worker = await stack.startWorker({ taskQueue: TASK_QUEUE });

      const plans = planTasks(hubspot, COUNT, lifecycle);
      const startedAt = Date.now();
      const handles = await startAwaits(client, TASK_QUEUE, plans, POLL_OPTIONS);
      const startMs = Date.now() - startedAt;

      // Mid-poll: every workflow has polled, and some polls are in flight when the server stops.
      await until(
        () => plans.every(({ taskId }) => hubspot.getTask(taskId)!.polls >= 1),
        'a poll of every task',
        150_000,
      );
      const allPolledMs = Date.now() - startedAt;
      hubspot.injectFault({ kind: 'delay', ms: 3_000 }, { count: HELD_POLLS, route: 'status' });
      await until(() => (hubspot.stats().faultsInjected.delay ?? 0) >= HELD_POLLS, 'polls held in flight', 30_000);
      const stoppingAt = Date.now();
      await temporal.stop();
      const stoppedAt = Date.now();

      const atStop = plans.map(({ taskId }) => hubspot.getTask(taskId)!.status);
      const pendingAtStop = atStop.filter((s) => s === 'PENDING').length;
      const processingAtStop = atStop.filter((s) => s === 'PROCESSING').length;
      assert.equal(pendingAtStop + processingAtStop, COUNT, 'no task ended before the stop');
      assert.ok(pendingAtStop > 0 && processingAtStop > 0, 'the stop finds tasks both PENDING and PROCESSING');

      // HubSpot keeps working while Temporal is down: its tasks are done waiting when the server is back.
      clock.shiftMs = TASK_MS;
      const requestsBeforeDown = hubspot.requestLog().length;
      await new Promise((r) => setTimeout(r, DOWN_MS));
      const requestsWhileDown = hubspot.requestLog().length - requestsBeforeDown;
      await temporal.start();
      const restartedAt = Date.now();
      assert.equal(temporal.address, address, 'the server is back on the same port');
      assert.equal(worker.child.exitCode, null, `the worker outlived the outage:\n${worker.output()}`);

      const endings = await Promise.all(handles.map((handle) => endingOf(handle, ENDING_TIMEOUT_MS)));

      // One execution per workflow id means nothing was lost or started twice.
      const executions = await executionsOn(client, TASK_QUEUE);
      const t = tally(hubspot, plans, endings, executions);
      const log = hubspot.requestLog();
      const firstPollAfterRestart = firstPollsAfter(log, restartedAt, TASK_MS);
      const allPollingAgainMs = Math.max(...firstPollAfterRestart.values()) - restartedAt;

      recordFigures({
        scenario: SCENARIO,
        started: COUNT,
        completedCorrectly: t.correct,
        lost: t.lost,
        duplicated: t.duplicated,
        stuck: t.stuck,
        recoveryMs: Number.isFinite(t.lastClose) ? t.lastClose - restartedAt : undefined,
        notes:
          `default hybrid poller: server stopped (${stoppedAt - stoppingAt} ms to stop) with ${pendingAtStop} tasks PENDING, ` +
          `${processingAtStop} PROCESSING and ${HELD_POLLS} polls in flight; serving again ` +
          `${restartedAt - stoppedAt} ms later on the same port and SQLite file; the same worker process ` +
          `reconnected by itself; ${COUNT - firstPollAfterRestart.size} workflows ended on a poll that ran while ` +
          `the server was down (reported after the restart), the other ${firstPollAfterRestart.size} all polled ` +
          `again within ${allPollingAgainMs} ms of the restart; ${requestsWhileDown} HubSpot requests while down; ` +
          `${log.length} status requests in all (${(log.length / COUNT).toFixed(1)} per workflow); ${COUNT} starts ` +
          `took ${startMs} ms, every task polled ${allPolledMs} ms after the first start; ${t.overCounted} results ` +
          `counted a poll twice; ${t.wrong} ended otherwise than scripted`,
      });

      assert.equal(t.stuck, 0, 'no workflow is stuck');
      assert.equal(t.lost, 0, 'no workflow is lost');
      assert.equal(t.duplicated, 0, 'no workflow ran twice');
      assert.equal(t.wrong, 0, 'every workflow ended with the outcome scripted for its task');
      assert.equal(t.correct, COUNT);
      assert.equal(t.overCounted, 0, 'no result counts more polls than HubSpot answered');
      assert.equal(worker.child.exitCode, null, 'the worker is still running');
    },
  );
});
