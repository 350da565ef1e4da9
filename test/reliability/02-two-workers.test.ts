/**
 * Reliability scenario 2: two workers, one dies. 500 `awaitFolderUpdate` workflows on the default (hybrid) poller run
 * on one task queue served by two worker processes. Mid-way (half the tasks done at HubSpot, the other half PENDING or
 * PROCESSING and polled inside their early-window activities, some requests in flight) one worker is SIGKILLed and
 * never comes back: the survivor must take over its early-window pollers once their 30 s heartbeat timeout passes and
 * finish every workflow with the outcome the simulator scripted, none stuck, none lost, none run twice.
 *
 * The open half takes ten minutes of HubSpot time, so none of it can end before the kill however slow this machine
 * is; at the kill the simulator's clock jumps those ten minutes, so the time to recover measures the take-over.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { mapLimit } from '../helpers/waiting';
import { endingOf, recordFigures, ScenarioStack, until } from './harness';
import { executionsOn, planTasks, shiftableClock, startAwaits, tally, workedBy } from './scripted-workload';

const SCENARIO = '2. Two workers, one dies';
const TASK_QUEUE = 'reliability-02-two-workers';
const COUNT = 500;
/** HubSpot time an open task takes (in PENDING or in PROCESSING); the simulator's clock jumps it at the kill. */
const TASK_MS = 10 * 60_000;
/** Status polls the simulator holds open at the kill, so that some activities die mid-request. */
const HELD_POLLS = 20;
const POLL_OPTIONS = { initialPollInterval: '1s', maxPollInterval: '4s', backoffCoefficient: 2, timeout: '1h' };
/** The killed activities wait out their 30 s heartbeat timeout before the survivor retries them. */
const ENDING_TIMEOUT_MS = 180_000;

/** Tasks with i % 4 === 0 or 1 end on their second poll (done before the kill); i % 4 === 2 stay PENDING and
 * i % 4 === 3 PROCESSING for {@link TASK_MS}. */
const isEarly = (i: number): boolean => i % 4 < 2;
function lifecycle(i: number) {
  if (isEarly(i)) return { pendingPolls: 1, processingPolls: 0 };
  const held = i % 4 === 2 ? { pendingMs: TASK_MS } : { processingMs: TASK_MS };
  return { pendingPolls: 1, processingPolls: 1 + (i % 3 === 0 ? 1 : 0), ...held };
}

const clock = shiftableClock();
let stack: ScenarioStack | undefined;

before(async () => {
  stack = await ScenarioStack.start('thf-rel-02-', { rateLimit: false, now: clock.now });
});

after(async () => {
  await stack?.close();
});

describe(SCENARIO, () => {
  it(`the surviving worker finishes all ${COUNT} workflows as scripted`, { timeout: 360_000 }, async () => {
    assert.ok(stack);
    const { client, sim: hubspot } = stack;
    const [doomed, survivor] = await Promise.all([
      stack.startWorker({ taskQueue: TASK_QUEUE }),
      stack.startWorker({ taskQueue: TASK_QUEUE }),
    ]);
    const doomedIdentity = `${doomed.child.pid}@${os.hostname()}`;
    const survivorIdentity = `${survivor.child.pid}@${os.hostname()}`;

    const plans = planTasks(hubspot, COUNT, lifecycle).map((plan) => ({ ...plan, early: isEarly(plan.i) }));
    const startedAt = Date.now();
    const handles = await startAwaits(client, TASK_QUEUE, plans, POLL_OPTIONS);

    // Mid-way: the early half is done at HubSpot, the other half has been polled, and polls are in flight.
    const terminal = (taskId: string): boolean => ['COMPLETE', 'CANCELED'].includes(hubspot.getTask(taskId)!.status);
    await until(
      () => plans.every(({ taskId, early }) => (early ? terminal(taskId) : hubspot.getTask(taskId)!.polls >= 1)),
      'the early half done and the rest polled',
      150_000,
    );
    const midWayMs = Date.now() - startedAt;
    hubspot.injectFault({ kind: 'delay', ms: 5_000 }, { count: HELD_POLLS, route: 'status' });
    await until(() => (hubspot.stats().faultsInjected.delay ?? 0) >= HELD_POLLS, 'polls held in flight', 30_000);
    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    const openAtKill = plans.filter(({ taskId, early }) => !early && !terminal(taskId)).length;
    assert.equal(openAtKill, plans.filter(({ early }) => !early).length, 'no held task ended before the kill');
    clock.shiftMs = TASK_MS;
    await doomed.exited;
    assert.equal(doomed.child.signalCode, 'SIGKILL');

    const endings = await Promise.all(handles.map((handle) => endingOf(handle, ENDING_TIMEOUT_MS)));

    const executions = await executionsOn(client, TASK_QUEUE);
    const t = tally(hubspot, plans, endings, executions);
    const closedBeforeKill = [...executions.values()].filter((e) => e.closedAt < killedAt).length;
    // Who did the work: identities on the task-started events, and who completed the last workflow task.
    const runs = await mapLimit(handles, 10, (handle) => workedBy(handle));
    const touchedByDoomed = runs.filter((w) => w.identities.has(doomedIdentity)).length;
    const touchedBySurvivor = runs.filter((w) => w.identities.has(survivorIdentity)).length;
    const openFinishedBySurvivor = plans.filter((p, i) => !p.early && runs[i]!.finisher === survivorIdentity);
    const takenOver = runs.filter(
      (w, i) => !plans[i]!.early && w.identities.has(doomedIdentity) && w.finisher === survivorIdentity,
    ).length;
    // Early-window pollers of the killed worker that the survivor retried (attempt 2 or later, on the survivor).
    const pollersTakenOver = runs.filter((w) =>
      w.activities.some((a) => a.type === 'watchFolderUpdate' && a.attempt >= 2 && a.identity === survivorIdentity),
    ).length;

    recordFigures({
      scenario: SCENARIO,
      started: COUNT,
      completedCorrectly: t.correct,
      lost: t.lost,
      duplicated: t.duplicated,
      stuck: t.stuck,
      recoveryMs: Number.isFinite(t.lastClose) ? t.lastClose - killedAt : undefined,
      notes:
        `default hybrid poller: SIGKILL ${midWayMs} ms after the first start, with ${COUNT - openAtKill} tasks done ` +
        `at HubSpot, ${openAtKill} open and ${HELD_POLLS} polls in flight; ${closedBeforeKill} workflows had closed ` +
        `before the kill; the killed worker had worked on ${touchedByDoomed} workflows, the survivor on ` +
        `${touchedBySurvivor}; ${takenOver} open workflows were taken over from the killed worker ` +
        `(${pollersTakenOver} early-window pollers retried on the survivor after the 30 s heartbeat timeout) and ` +
        `the survivor finished ${openFinishedBySurvivor.length} of the ${openAtKill} open; ` +
        `${hubspot.requestLog().length} status requests in all; ${t.overCounted} results counted a poll twice; ` +
        `${t.wrong} ended otherwise than scripted`,
    });

    assert.equal(t.stuck, 0, 'no workflow is stuck');
    assert.equal(t.lost, 0, 'no workflow is lost');
    assert.equal(t.duplicated, 0, 'no workflow ran twice');
    assert.equal(t.wrong, 0, 'every workflow ended with the outcome scripted for its task');
    assert.equal(t.correct, COUNT);
    assert.ok(touchedByDoomed > 0 && takenOver > 0, 'the killed worker had work that the survivor took over');
    assert.ok(pollersTakenOver > 0, "the survivor retried the killed worker's early-window pollers");
    assert.equal(openFinishedBySurvivor.length, openAtKill, 'the survivor finished every workflow open at the kill');
    assert.equal(t.overCounted, 0, 'no result counts more polls than HubSpot answered');
  });
});
