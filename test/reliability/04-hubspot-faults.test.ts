/**
 * Scenario 4: HubSpot faults. 500 `awaitFolderUpdate` workflows on the default (hybrid) poller on the dev server, run
 * by a real worker process,
 * against a simulator that answers at seeded random rates with 5xx (20%), 429 with `Retry-After: 1` (10%), hung
 * responses (5%, cut by a 1 s request timeout), connection resets (2%) and malformed JSON on a 200 (1%). Every workflow
 * must end with the outcome its task was scripted with (COMPLETE, COMPLETE with errors, CANCELED), none may fail for a
 * transient fault, none may stay stuck, and no task may be read again after it ended. The figures report the extra
 * status requests the faults cost over the minimum the tasks needed.
 *
 * A task needs 1 to 3 polls, but the injected 429s pause the worker's whole request budget for HubSpot's 10 s window,
 * so many waits outlive their 2-minute early window. Inside it a workflow's polls run in one `watchFolderUpdate`
 * activity: a fault ends the attempt, and the retry resumes from the last heartbeat; the attempts count across the
 * window's polls, so the retry backoff (1 s, 2 s, 4 s, ... up to 1 minute) grows with every fault the workflow meets,
 * not only with faults in a row. After it the polls go on in the default later phase, `'shared'`, which polls as the
 * retry phase until 10 waits outlive their windows on the task queue and joins the watcher beyond: in the retry phase
 * a fault is one failed attempt retried on the schedule (a 429 after its wait); the figures say how many waits got
 * there.
 *
 * The faults stay on for at most 100 s. With 38% of requests faulted, a workflow that meets 7 faults spends
 * 1 + 2 + ... + 32 + 60 s, about 2 minutes, in backoff alone; so after the fault window HubSpot recovers, and a
 * workflow still riding out its backoff must end within one retry interval (1 minute, plus margin). The figures say how many were still retrying
 * then, and `recoveryMs` how long they took.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { missingScopeTaskError, type FaultRates, type RequestLogEntry, type TaskScript } from '../../src/simulator';
import { awaitFolderUpdate, type FolderUpdateResult } from '../../src/workflows';
import { awaitWorkflowId } from '../../src/workflows/workflow-ids';
import { mapLimit } from '../helpers/waiting';
import { endingOf, recordFigures, ScenarioStack, until, type Ending } from './harness';
import { waitsOnQueueQuery, workedBy } from './scripted-workload';

const SCENARIO = '4. HubSpot faults';
const TASK_QUEUE = 'reliability-04-hubspot-faults';
const WORKFLOWS = 500;
const FAULT_RATES: FaultRates = { serverError: 0.2, rateLimited: 0.1, hang: 0.05, reset: 0.02, malformed: 0.01 };
const FAULT_SEED = 4;
/** How long the faults go on at most, from the last start, in milliseconds. */
const FAULT_WINDOW_MS = 100_000;
/**
 * How long a workflow may take to end once the faults stop, in milliseconds: the longest retry interval of a poll
 * (1 minute) plus a margin for a loaded machine.
 */
const AFTER_RECOVERY_BOUND_MS = 75_000;
/** Failure types that only a transient fault could cause: none may end a workflow. */
const TRANSIENT_TYPES = [
  'HubSpotServerError',
  'HubSpotRateLimited',
  'HubSpotUnavailable',
  'HubSpotTruncatedResponse',
  'FolderUpdateTimedOut',
];

type Expected = 'COMPLETE' | 'FolderUpdateCompletedWithErrors' | 'FolderUpdateCanceled';

interface Planned {
  taskId: string;
  expected: Expected;
  /** Status polls the task needs to reach its end: its PENDING polls, its PROCESSING polls and the terminal one. */
  minPolls: number;
}

let stack: ScenarioStack | undefined;

/**
 * Task i's script: 0 or 1 PENDING polls and 0 or 1 PROCESSING polls (so 1 to 3 polls in all); every 10th task is
 * CANCELED and every 10th (+5) completes with errors.
 */
function scriptFor(i: number): { script: TaskScript; expected: Expected } {
  const polls = { pendingPolls: i % 2, processingPolls: Math.floor(i / 2) % 2 };
  if (i % 10 === 0) return { script: { ...polls, outcome: 'CANCELED' }, expected: 'FolderUpdateCanceled' };
  if (i % 10 === 5) {
    return {
      script: { ...polls, errors: [missingScopeTaskError(['files'])] },
      expected: 'FolderUpdateCompletedWithErrors',
    };
  }
  return { script: polls, expected: 'COMPLETE' };
}

/** How many closed executions each workflow id of the task queue has (its watchers left out) (visibility, so waited for). */
async function executionsPerId(expectedIds: number): Promise<Map<string, number>> {
  let counts = new Map<string, number>();
  await until(
    async () => {
      counts = new Map();
      for await (const execution of stack!.client.workflow.list({ query: waitsOnQueueQuery(TASK_QUEUE) })) {
        counts.set(execution.workflowId, (counts.get(execution.workflowId) ?? 0) + 1);
      }
      return counts.size >= expectedIds;
    },
    'the visibility store to list every workflow',
    30_000,
  );
  return counts;
}

/** How many 429 answers were followed by the same task's next request sooner than `retryAfterMs`. */
function retriesSoonerThan(log: RequestLogEntry[], retryAfterMs: number): number {
  const lastByTask = new Map<string, RequestLogEntry>();
  let sooner = 0;
  for (const entry of log) {
    if (entry.taskId === undefined) continue;
    const previous = lastByTask.get(entry.taskId);
    if (previous?.status === 429 && entry.at - previous.at < retryAfterMs) sooner += 1;
    lastByTask.set(entry.taskId, entry);
  }
  return sooner;
}

function matches(ending: Ending | 'stuck', planned: Planned): boolean {
  if (ending === 'stuck') return false;
  if (planned.expected !== 'COMPLETE') return !ending.ok && ending.type === planned.expected;
  if (!ending.ok) return false;
  const result = ending.value as FolderUpdateResult;
  return result.status === 'COMPLETE' && result.taskId === planned.taskId && result.numErrors === 0;
}

before(async () => {
  stack = await ScenarioStack.start('thf-rel-04-', { rateLimit: false, retryAfterHeader: true });
  await stack.startWorker({
    taskQueue: TASK_QUEUE,
    maxRequestsPerSecond: 1000,
    extraEnv: { HUBSPOT_REQUEST_TIMEOUT_MS: '1000' },
  });
});

after(async () => {
  await stack?.close('stop');
});

describe(SCENARIO, () => {
  it('ends every workflow with its scripted outcome through 5xx, 429, hangs, resets and malformed JSON', async () => {
    assert.ok(stack);
    const { client, sim } = stack;
    const planned: Planned[] = [];
    for (let i = 0; i < WORKFLOWS; i++) {
      const { script, expected } = scriptFor(i);
      const taskId = sim.createTask(script);
      planned.push({ taskId, expected, minPolls: (script.pendingPolls ?? 1) + (script.processingPolls ?? 1) + 1 });
    }
    sim.setFaultRates(FAULT_RATES, FAULT_SEED);

    const started = Date.now();
    const handles: WorkflowHandle<typeof awaitFolderUpdate>[] = [];
    for (let i = 0; i < planned.length; i += 50) {
      const batch = planned.slice(i, i + 50).map((p) =>
        client.workflow.start(awaitFolderUpdate, {
          taskQueue: TASK_QUEUE,
          workflowId: awaitWorkflowId(p.taskId),
          args: [{ taskId: p.taskId, initialPollInterval: '500ms', maxPollInterval: '1s', timeout: '15m' }],
        }),
      );
      handles.push(...(await Promise.all(batch)));
    }
    // Faults go on until every workflow has ended or the fault window closes; then HubSpot recovers, and whatever
    // was still riding out a run of faults (retries back off to 1 minute) must end within one retry interval.
    const endedAt: number[] = [];
    const endingsDone = Promise.all(
      handles.map((h, i) =>
        endingOf(h, FAULT_WINDOW_MS + AFTER_RECOVERY_BOUND_MS).then((ending) => {
          if (ending !== 'stuck') endedAt[i] = Date.now();
          return ending;
        }),
      ),
    );
    let windowTimer: NodeJS.Timeout | undefined;
    await Promise.race([endingsDone, new Promise((resolve) => (windowTimer = setTimeout(resolve, FAULT_WINDOW_MS)))]);
    clearTimeout(windowTimer);
    sim.clearFaults();
    const recoveredAt = Date.now();
    const runningAtRecovery = handles.length - endedAt.filter((t) => t !== undefined).length;
    const endings = await endingsDone;
    const elapsedMs = Date.now() - started;
    const lastEndedAt = Math.max(...endedAt.filter((t) => t !== undefined));
    const recoveryMs = runningAtRecovery === 0 ? 0 : Math.max(0, lastEndedAt - recoveredAt);

    const stats = sim.stats();
    const statusRequests = stats.byRoute.status;
    const minimum = planned.reduce((sum, p) => sum + p.minPolls, 0);
    const extra = statusRequests - minimum;
    const rereads = planned.filter((p) => (sim.getTask(p.taskId)?.polls ?? 0) > p.minPolls).length;
    const executions = await executionsPerId(WORKFLOWS);

    const correct = planned.filter((p, i) => matches(endings[i]!, p)).length;
    const stuck = endings.filter((e) => e === 'stuck').length;
    const lost = endings.filter((e) => e !== 'stuck' && !e.ok && e.type === 'WorkflowNotFoundError').length;
    const duplicated = [...executions.values()].filter((n) => n > 1).length;
    const transient = endings.filter((e) => e !== 'stuck' && !e.ok && TRANSIENT_TYPES.includes(e.type));
    const faults = stats.faultsInjected;
    const tooSoonAfter429 = retriesSoonerThan(sim.requestLog(), 1000);
    const faulted = Object.values(faults).reduce((a, b) => a + b, 0);
    // Which later phase the waits that outlived their early window polled in (the default: the retry phase).
    const runs = await mapLimit(handles, 10, (handle) => workedBy(handle));
    const inRetryPhase = runs.filter((r) => r.activities.some((a) => a.type === 'pollFolderUpdateUntilDone')).length;
    const onTimers = runs.filter((r) => r.activities.some((a) => a.type === 'getFolderUpdateStatus')).length;

    recordFigures({
      scenario: SCENARIO,
      started: WORKFLOWS,
      completedCorrectly: correct,
      lost,
      duplicated,
      stuck,
      recoveryMs,
      notes:
        `default hybrid poller; ${statusRequests} status requests for a minimum of ${minimum} (+${extra}, +${((extra / minimum) * 100).toFixed(1)}%); ` +
        `faults served: ${faulted} (5xx ${faults.status ?? 0}, 429 ${faults.rateLimited ?? 0}, hang ${faults.hang ?? 0}, ` +
        `reset ${faults.reset ?? 0}, malformed ${faults.malformed ?? 0}); retries sooner than Retry-After: ` +
        `${tooSoonAfter429}; tasks read again after their end: ${rereads}; ` +
        `faults on for ${((recoveredAt - started) / 1000).toFixed(1)} s, ${runningAtRecovery} workflows still retrying when ` +
        `they stopped; ${inRetryPhase} waits polled on in the retry phase after their early window, ${onTimers} on ` +
        `timers; all ${WORKFLOWS} ended in ${(elapsedMs / 1000).toFixed(1)} s`,
    });

    assert.deepEqual(
      transient.map((e) => e !== 'stuck' && !e.ok && `${e.type}: ${e.message}`),
      [],
      'no workflow fails for a transient fault',
    );
    assert.equal(stuck, 0, 'no workflow is stuck');
    assert.equal(lost, 0, 'no workflow is lost');
    const wrong = planned
      .map((p, i) => ({ p, e: endings[i]! }))
      .filter(({ p, e }) => !matches(e, p))
      .map(({ p, e }) => `${p.taskId} expected ${p.expected}, got ${JSON.stringify(e)}`);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} workflows ended otherwise than scripted`);
    assert.equal(correct, WORKFLOWS);
    for (const [i, p] of planned.entries()) {
      const ending = endings[i]!;
      if (ending !== 'stuck' && ending.ok) {
        assert.equal((ending.value as FolderUpdateResult).polls, p.minPolls, `polls read for task ${p.taskId}`);
      }
    }
    assert.equal(rereads, 0, 'no task is read again after it ended');
    assert.equal(executions.size, WORKFLOWS);
    assert.equal(duplicated, 0, 'every workflow id ran once');
    assert.equal(onTimers, 0, 'the waits past their early window polled in the default retry phase, not on timers');
    // The faults did happen, at about their rates (38% in all), and cost requests. The rates apply while the faults
    // are on, so they are measured against the status requests that arrived before the recovery: on a loaded machine
    // many polls come after it.
    const duringFaults = sim
      .requestLog()
      .filter((r) => r.taskId !== undefined && r.method === 'GET' && r.at < recoveredAt);
    assert.ok(
      faulted > 0.3 * duringFaults.length && faulted < 0.46 * duringFaults.length,
      `${faulted} faults of ${duringFaults.length} status requests while the faults were on`,
    );
    for (const kind of ['status', 'rateLimited', 'hang', 'reset', 'malformed']) {
      assert.ok((faults[kind] ?? 0) > 0, `some ${kind} faults were served`);
    }
    assert.equal(tooSoonAfter429, 0, 'every poll answered 429 was retried after its Retry-After (1 s), not sooner');
    assert.equal(statusRequests - faulted, minimum, 'every answered status request was one the tasks needed');
  });
});
