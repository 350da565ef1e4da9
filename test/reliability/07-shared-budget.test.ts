/**
 * Scenario 7: one HubSpot budget for any number of workers, with no configuration. The simulator holds HubSpot's
 * rolling limit of the app (190 requests per 10 s, Pro/Enterprise) with its headers on every answer, and a foreign
 * consumer (another integration on the same app, which ignores 429s) spends 20% of it. Three worker processes start
 * with no budget setting at all (no HUBSPOT_MAX_REQUESTS_PER_SECOND, no worker count); a fourth joins after the first
 * wave of workflows, and one of the first three leaves (SIGTERM) later, while workflows that each poll every 500 ms
 * (far more demand than the budget) keep a backlog. Each worker paces itself from HubSpot's headers alone.
 *
 * Asserted: every wait ends as its task was scripted, with no task read after it ended; 429s are at most 1% of all
 * requests (ours and the foreign consumer's); no 10 s window holds more requests than the limit (every request sent,
 * ours and the foreign consumer's, refused ones included). Reported, not asserted: the share of the budget left to us
 * (the limit less the 10% reserve less the foreign consumer's use) that the workers used while workflows were still
 * polling. On a loaded machine that figure measures how fast Temporal turns the workflows over, not the pacing (bench
 * part d measures the pacing alone).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maxInWindow, type ForeignConsumer } from '../../src/simulator';
import { mapLimit } from '../helpers/waiting';
import { endingOf, recordFigures, ScenarioStack, stopWorker, type Ending } from './harness';
import { endedAsScripted, planTasks, startAwaits, workedBy, type PlannedTask } from './scripted-workload';

const SCENARIO = '7. Shared budget';
const TASK_QUEUE = 'reliability-07-shared-budget';
/** HubSpot's rolling limit of the app: 190 requests per 10 s. */
const LIMIT = { max: 190, intervalMs: 10_000 } as const;
/** The foreign consumer's share of the limit, and its steady rate in requests per second. */
const FOREIGN_SHARE = 0.2;
const FOREIGN_PER_SECOND = (LIMIT.max * FOREIGN_SHARE * 1000) / LIMIT.intervalMs;
/** The package's default reserve: 10% of the limit left unused. */
const RESERVE = 0.1;
/** Workflows per wave; wave 2 starts once the fourth worker runs. */
const WAVE = 100;
const POLL_INTERVAL_MS = 500;
/** Every task answers PENDING twice, PROCESSING once, then ends: four polls. */
const LIFECYCLE = { pendingPolls: 2, processingPolls: 1 } as const;
const POLLS_NEEDED = 4;
/** When the fourth worker joins and when one of the first three leaves, in ms after the first wave starts. */
const JOIN_AT_MS = 25_000;
const LEAVE_AT_MS = 50_000;
/** Real time allowed for every workflow to end, in milliseconds. */
const ENDING_BOUND_MS = 240_000;

let stack: ScenarioStack | undefined;
let foreign: ForeignConsumer | undefined;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Our request rate while demand exceeded the budget: from the first request until fewer than `left` tasks poll. */
function backlogWindow(
  log: readonly { at: number; taskId?: string }[],
  left: number,
): { from: number; until: number; requests: number } {
  const lastPoll = new Map<string, number>();
  for (const entry of log) if (entry.taskId !== undefined) lastPoll.set(entry.taskId, entry.at);
  const ends = [...lastPoll.values()].sort((a, b) => a - b);
  const from = log[0]?.at ?? 0;
  const until = ends[ends.length - left] ?? from;
  return { from, until, requests: log.filter((e) => e.at >= from && e.at <= until).length };
}

before(async () => {
  stack = await ScenarioStack.start('thf-rel-07-', { rateLimit: LIMIT });
});

after(async () => {
  foreign?.stop();
  await stack?.close('stop');
});

describe(SCENARIO, () => {
  it('3 workers with no budget setting, a 4th joining and one leaving, beside a foreign consumer: one budget', async () => {
    const { client, sim } = stack!;
    const noSettings = { taskQueue: TASK_QUEUE, maxRequestsPerSecond: null };
    const firstThree = await Promise.all([0, 1, 2].map(() => stack!.startWorker(noSettings)));
    foreign = sim.startForeignConsumer({ requestsPerSecond: FOREIGN_PER_SECOND });
    await sleep(LIMIT.intervalMs); // the foreign consumer has filled its share of the window
    const logStart = sim.requestLog().length;
    const foreignStart = foreign.stats().sent;
    const options = { initialPollInterval: POLL_INTERVAL_MS, maxPollInterval: POLL_INTERVAL_MS, timeout: '1h' };
    const started = Date.now();
    const plans: PlannedTask[] = planTasks(sim, 2 * WAVE, () => LIFECYCLE);
    const wave1 = await startAwaits(client, TASK_QUEUE, plans.slice(0, WAVE), options);

    await sleep(Math.max(0, started + JOIN_AT_MS - Date.now()));
    await stack!.startWorker(noSettings);
    const wave2 = await startAwaits(client, TASK_QUEUE, plans.slice(WAVE), options);
    await sleep(Math.max(0, started + LEAVE_AT_MS - Date.now()));
    await stopWorker(firstThree[0]!);

    const handles = [...wave1, ...wave2];
    const endings: (Ending | 'stuck')[] = await Promise.all(handles.map((h) => endingOf(h, ENDING_BOUND_MS)));
    const elapsedMs = Date.now() - started;
    foreign.stop();

    const log = sim.requestLog().slice(logStart);
    const foreignStats = foreign.stats();
    const foreignTimes = foreignStats.sentAt.slice(foreignStart);
    const ours429 = log.filter((e) => e.status === 429).length;
    const foreignRequests = foreignStats.sent - foreignStart;
    const all = log.length + foreignRequests;
    const all429 = ours429 + foreignStats.rateLimited;
    const maxIn10s = maxInWindow([...log.map((e) => e.at), ...foreignTimes], LIMIT.intervalMs);
    const ourMaxIn10s = maxInWindow(
      log.map((e) => e.at),
      LIMIT.intervalMs,
    );
    const wrong = endings.flatMap((e, i) => (endedAsScripted(e, plans[i]!) ? [] : [JSON.stringify(e)]));
    const duplicated = plans.filter((p) => (sim.getTask(p.taskId)?.polls ?? 0) > POLLS_NEEDED).length;
    const busy = backlogWindow(log, 10);
    const busySeconds = (busy.until - busy.from) / 1000;
    const ourRate = busy.requests / busySeconds;
    const foreignRate = foreignTimes.filter((t) => t >= busy.from && t <= busy.until).length / busySeconds;
    const perSecond = (n: number): number => (n * 1000) / LIMIT.intervalMs;
    const leftToUs = perSecond(LIMIT.max * (1 - RESERVE)) - foreignRate;
    const leftBeforeReserve = perSecond(LIMIT.max) - foreignRate;
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    // Which later phase the waits that outlived their early window polled in (the default: the retry phase).
    const runs = await mapLimit(handles, 10, (handle) => workedBy(handle));
    const inRetryPhase = runs.filter((r) => r.activities.some((a) => a.type === 'pollFolderUpdateUntilDone')).length;

    recordFigures({
      scenario: SCENARIO,
      started: handles.length,
      completedCorrectly: handles.length - wrong.length,
      lost: endings.filter((e) => e !== 'stuck' && !e.ok && e.type === 'WorkflowNotFoundError').length,
      duplicated,
      stuck: endings.filter((e) => e === 'stuck').length,
      notes:
        `HubSpot limit ${LIMIT.max} per 10 s; 3 workers with no budget setting, a 4th joining at ${JOIN_AT_MS / 1000} s, ` +
        `one leaving at ${LEAVE_AT_MS / 1000} s; foreign consumer ${FOREIGN_PER_SECOND}/s (20%); ` +
        `${log.length} of our requests + ${foreignRequests} foreign: ${all429} answered 429 (${pct(all429 / all)}; ` +
        `ours ${ours429}, foreign ${foreignStats.rateLimited}); most in any 10 s window ${maxIn10s} (ours ${ourMaxIn10s}) ` +
        `of ${LIMIT.max}; while backlogged (${busySeconds.toFixed(1)} s) we sent ${ourRate.toFixed(2)}/s = ` +
        `${pct(ourRate / leftToUs)} of the ${leftToUs.toFixed(2)}/s left to us after the 10% reserve and the foreign ` +
        `consumer (${pct(ourRate / leftBeforeReserve)} of ${leftBeforeReserve.toFixed(2)}/s before the reserve); ` +
        `${inRetryPhase} waits polled on in the retry phase after their early window; ` +
        `all ended in ${(elapsedMs / 1000).toFixed(1)} s`,
    });

    assert.deepEqual(wrong.slice(0, 3), [], 'every wait ends as its task was scripted');
    assert.equal(duplicated, 0, 'no task was read again after it ended');
    assert.ok(all429 <= 0.01 * all, `429s are at most 1% of all requests: ${all429} of ${all}`);
    assert.ok(maxIn10s <= LIMIT.max, `no 10 s window over the limit of ${LIMIT.max}: ${maxIn10s}`);
  });
});
