/**
 * Scenario 9, bad input: a table of hostile or mistaken inputs, each of which must fail at once with a clear error
 * that names the problem, before any HTTP call.
 *
 * - workflow inputs to `awaitFolderUpdate`, `updateFolderAndWait` and `migrateFolders` on the time-skipping server
 *   (the workflow fails with a non-retryable `InvalidInput` naming the field, its history holds no activity and no
 *   child, and the simulator saw no request), plus the activities called directly with bad task ids;
 * - CLI arguments (spawned; exit 2 and a message naming the argument; no embedded Temporal is started);
 * - migration files (wrong encodings, no header, 100,000 rows: exit 2 naming file, line and problem, before anything
 *   starts), and one small migration end to end through the CLI, where duplicate and incomplete rows become FAILED
 *   items while the valid rows still run (exit 1 and the report).
 *
 * The CLI runs from source (`node --require tsx/cjs src/cli/main.ts`, what `bin/` runs in a checkout without `lib/`),
 * so that the scenario tests the current code even when `lib/` is stale.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { HubSpotSimulator } from '../../src/simulator';
import { readMigrationItems, type MigrationReport } from '../../src/client/read-migration-items';
import type { MigrationResult } from '../../src/workflows';
import { createTimeSkippingEnv, workflowBundle } from '../helpers/temporal-env';
import {
  applicationFailureOf,
  assertTypedFailure,
  keepLog,
  LOGS_DIR,
  RELIABILITY_TOKEN,
  recordFigures,
  ROOT,
  tempDir,
  until,
} from './harness';

const SCENARIO = '9. Bad input';
const CLI_MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');
const TSX_CJS = require.resolve('tsx/cjs');

let env: TestWorkflowEnvironment;
let sim: HubSpotSimulator;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `bad-input-${randomUUID()}`;
const startedAt = Date.now();
const dirs: string[] = [];
/** A fresh working folder for one CLI run, removed in `after`. */
function dir(): string {
  const d = tempDir('thf-rel09-');
  dirs.push(d);
  return d;
}
/** Cases run, and cases whose every assertion held (a case counts only once its assertions have all passed). */
const tally = { cases: 0, passed: 0, byKind: {} as Record<string, [run: number, passed: number]> };

async function track(kind: string, fn: () => Promise<void> | void): Promise<void> {
  const counts = (tally.byKind[kind] ??= [0, 0]);
  tally.cases++;
  counts[0]++;
  await fn();
  tally.passed++;
  counts[1]++;
}

before(async () => {
  // keepLog appends: start this scenario's CLI logs afresh.
  if (fs.existsSync(LOGS_DIR)) {
    for (const f of fs.readdirSync(LOGS_DIR))
      if (f.startsWith('09-cli-')) fs.rmSync(path.join(LOGS_DIR, f), { force: true });
  }
  sim = new HubSpotSimulator({ tokens: { 'sim-token': {}, [RELIABILITY_TOKEN]: {} }, rateLimit: false });
  await sim.start();
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ baseUrl: sim.baseUrl, token: 'sim-token', requestTimeoutMs: 2000 }),
  });
  running = worker.run();
});

after(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
  await sim?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  const [wfRun, wfPassed] = tally.byKind['workflow inputs'] ?? [0, 0];
  const notes = Object.entries(tally.byKind)
    .map(([kind, [run, passed]]) => `${kind} ${passed}/${run}`)
    .join(', ');
  recordFigures({
    scenario: SCENARIO,
    unit: 'cases',
    started: tally.cases,
    completedCorrectly: tally.passed,
    lost: 0,
    duplicated: 0,
    stuck: 0,
    notes: `${notes}; ${wfRun > 0 && wfPassed === wfRun ? 'every' : 'NOT every'} invalid workflow input failed before any activity, child or HubSpot request; ran ${Math.round((Date.now() - startedAt) / 1000)} s`,
  });
});

// ---- workflow inputs ----

type WorkflowName = 'awaitFolderUpdate' | 'updateFolderAndWait' | 'migrateFolders';

interface WorkflowCase {
  name: string;
  workflow: WorkflowName;
  input: unknown;
  /** `details[0].field` of the InvalidInput failure. */
  field: string;
  message: RegExp;
}

const LONG_ID = '7'.repeat(100_000);
const await_ = (taskId: unknown, options: Record<string, unknown> = {}): Record<string, unknown> => ({
  taskId,
  ...options,
});
const rows = (n: number): Array<{ folderId: string; name: string }> =>
  Array.from({ length: n }, (_, i) => ({ folderId: String(i + 1), name: `f${i + 1}` }));

const workflowCases: WorkflowCase[] = [
  // task ids that would change the request path
  {
    name: "taskId with '/'",
    workflow: 'awaitFolderUpdate',
    input: await_('12/34'),
    field: 'taskId',
    message: /taskId must not contain '\/', got "12\/34"/,
  },
  {
    name: "taskId '..'",
    workflow: 'awaitFolderUpdate',
    input: await_('..'),
    field: 'taskId',
    message: /taskId must not contain '\.\.', got "\.\."/,
  },
  {
    name: 'taskId path escape',
    workflow: 'awaitFolderUpdate',
    input: await_('1/../../admin'),
    field: 'taskId',
    message: /taskId must not contain '\/'/,
  },
  {
    name: "taskId with '?'",
    workflow: 'awaitFolderUpdate',
    input: await_('12?archived=true'),
    field: 'taskId',
    message: /taskId must not contain '\?'/,
  },
  {
    name: "taskId with '#'",
    workflow: 'awaitFolderUpdate',
    input: await_('12#frag'),
    field: 'taskId',
    message: /taskId must not contain '#'/,
  },
  {
    name: "taskId with '%2F'",
    workflow: 'awaitFolderUpdate',
    input: await_('12%2F34'),
    field: 'taskId',
    message: /taskId must not contain '%'/,
  },
  {
    name: 'taskId with a backslash',
    workflow: 'awaitFolderUpdate',
    input: await_('12\\34'),
    field: 'taskId',
    message: /taskId must not contain '\\'/,
  },
  // unicode look-alikes and hidden characters
  {
    name: 'taskId with a full-width solidus',
    workflow: 'awaitFolderUpdate',
    input: await_('12\uff0f34'),
    field: 'taskId',
    message: /taskId must not contain a look-alike of '\/'/,
  },
  {
    name: 'taskId with a division slash',
    workflow: 'awaitFolderUpdate',
    input: await_('12\u221534'),
    field: 'taskId',
    message: /taskId must not contain a look-alike of '\/' \(found U\+2215 at index 2\)/,
  },
  {
    name: 'taskId of full-width full stops',
    workflow: 'awaitFolderUpdate',
    input: await_('\uff0e\uff0e'),
    field: 'taskId',
    message: /taskId must not contain a look-alike of '\.\.'/,
  },
  {
    name: 'taskId with a full-width question mark',
    workflow: 'awaitFolderUpdate',
    input: await_('12\uff1fx=1'),
    field: 'taskId',
    message: /taskId must not contain a look-alike of '\?'/,
  },
  {
    name: 'taskId with a zero-width space',
    workflow: 'awaitFolderUpdate',
    input: await_('12\u200b34'),
    field: 'taskId',
    message: /taskId must not contain control or invisible characters \(found U\+200B at index 2\)/,
  },
  {
    name: 'taskId with a bidi override',
    workflow: 'awaitFolderUpdate',
    input: await_('12\u202e43'),
    field: 'taskId',
    message: /found U\+202E at index 2/,
  },
  {
    name: 'taskId with a lone surrogate',
    workflow: 'awaitFolderUpdate',
    input: await_('12\ud800'),
    field: 'taskId',
    message: /found U\+D800 at index 2/,
  },
  {
    name: 'taskId with a NUL',
    workflow: 'awaitFolderUpdate',
    input: await_('12\u000034'),
    field: 'taskId',
    message: /taskId must not contain whitespace, got "12\\u000034"/,
  },
  {
    name: 'taskId with a C1 control (NEL)',
    workflow: 'awaitFolderUpdate',
    input: await_('12\u008534'),
    field: 'taskId',
    message: /found U\+0085 at index 2/,
  },
  {
    name: 'taskId with a newline',
    workflow: 'awaitFolderUpdate',
    input: await_('12\n34'),
    field: 'taskId',
    message: /taskId must not contain whitespace/,
  },
  {
    name: 'taskId of 100,000 characters',
    workflow: 'awaitFolderUpdate',
    input: await_(LONG_ID),
    field: 'taskId',
    message: /taskId must be at most 256 characters, got "7+… \(100000 chars\)$/,
  },
  {
    name: 'blank taskId',
    workflow: 'awaitFolderUpdate',
    input: await_('   '),
    field: 'taskId',
    message: /taskId must not be empty or blank/,
  },
  // wrong types
  {
    name: 'taskId a number',
    workflow: 'awaitFolderUpdate',
    input: await_(128453),
    field: 'taskId',
    message: /taskId must be a string \(was number\), got 128453/,
  },
  {
    name: 'taskId null',
    workflow: 'awaitFolderUpdate',
    input: await_(null),
    field: 'taskId',
    message: /taskId must be a string \(was object\), got null/,
  },
  {
    name: 'taskId an object',
    workflow: 'awaitFolderUpdate',
    input: await_({ id: '1' }),
    field: 'taskId',
    message: /taskId must be a string \(was object\), got \{"id":"1"\}/,
  },
  {
    name: 'taskId an array',
    workflow: 'awaitFolderUpdate',
    input: await_(['1']),
    field: 'taskId',
    message: /taskId must be a string \(was object\), got \["1"\]/,
  },
  {
    name: 'input null',
    workflow: 'awaitFolderUpdate',
    input: null,
    field: 'input',
    message: /input must be an object \{ taskId, \.\.\.poll options \}, got null/,
  },
  {
    name: 'input an array',
    workflow: 'awaitFolderUpdate',
    input: ['123'],
    field: 'input',
    message: /input must be an object/,
  },
  // durations
  {
    name: "initialPollInterval 'soon'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { initialPollInterval: 'soon' }),
    field: 'initialPollInterval',
    message: /initialPollInterval must be a duration such as '30s', '5m' or '2h', got "soon"/,
  },
  {
    name: "initialPollInterval '-5s'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { initialPollInterval: '-5s' }),
    field: 'initialPollInterval',
    message: /initialPollInterval must be a positive duration, got "-5s"/,
  },
  {
    name: 'initialPollInterval 0',
    workflow: 'awaitFolderUpdate',
    input: await_('123', { initialPollInterval: 0 }),
    field: 'initialPollInterval',
    message: /initialPollInterval must be a positive duration, got 0/,
  },
  {
    name: "maxPollInterval 'NaN'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { maxPollInterval: 'NaN' }),
    field: 'maxPollInterval',
    message: /maxPollInterval must be a duration .*got "NaN"/,
  },
  {
    name: "maxPollInterval '1e400ms'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { maxPollInterval: '1e400ms' }),
    field: 'maxPollInterval',
    message: /maxPollInterval must be a duration .*got "1e400ms"/,
  },
  {
    name: 'maxPollInterval below initialPollInterval',
    workflow: 'awaitFolderUpdate',
    input: await_('123', { initialPollInterval: '10m', maxPollInterval: '1m' }),
    field: 'maxPollInterval',
    message: /maxPollInterval must not be below initialPollInterval \(600000 ms\), got "1m"/,
  },
  {
    name: 'maxPollInterval an object',
    workflow: 'awaitFolderUpdate',
    input: await_('123', { maxPollInterval: { seconds: 5 } }),
    field: 'maxPollInterval',
    message: /maxPollInterval must be a duration such as '30s' or a number of milliseconds/,
  },
  // absurd numbers
  {
    name: 'backoffCoefficient 1e9',
    workflow: 'awaitFolderUpdate',
    input: await_('123', { backoffCoefficient: 1e9 }),
    field: 'backoffCoefficient',
    message: /backoffCoefficient must be a number from 1 to 10, got 1000000000/,
  },
  {
    name: 'backoffCoefficient 0.5',
    workflow: 'awaitFolderUpdate',
    input: await_('123', { backoffCoefficient: 0.5 }),
    field: 'backoffCoefficient',
    message: /backoffCoefficient must be a number from 1 to 10, got 0\.5/,
  },
  {
    name: "backoffCoefficient '2'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { backoffCoefficient: '2' }),
    field: 'backoffCoefficient',
    message: /backoffCoefficient must be a number from 1 to 10, got "2"/,
  },
  {
    name: "timeout '1000y'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { timeout: '1000y' }),
    field: 'timeout',
    message: /timeout must be at most 31622400000 ms, got "1000y"/,
  },
  {
    name: "timeout '367d'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { timeout: '367d' }),
    field: 'timeout',
    message: /timeout must be at most 31622400000 ms, got "367d"/,
  },
  {
    name: "allowErrors 'yes'",
    workflow: 'awaitFolderUpdate',
    input: await_('123', { allowErrors: 'yes' }),
    field: 'allowErrors',
    message: /allowErrors must be true or false, got "yes"/,
  },
  {
    name: 'maxPollsPerRun 0',
    workflow: 'awaitFolderUpdate',
    input: await_('123', { maxPollsPerRun: 0 }),
    field: 'maxPollsPerRun',
    message: /maxPollsPerRun must be a whole number of at least 1, got 0/,
  },
  // updateFolderAndWait
  {
    name: 'update: report with no migration id',
    workflow: 'updateFolderAndWait',
    input: { folderId: '1', name: 'x', report: { migrationId: '', index: 0 } },
    field: 'report',
    message: /report must be \{ migrationId: non-empty string, index: whole number >= 0 \}/,
  },
  {
    name: 'update: folderId path escape',
    workflow: 'updateFolderAndWait',
    input: { folderId: '../1', name: 'x' },
    field: 'folderId',
    message: /folderId must be 1-64 letters, digits, _ or -, got "\.\.\/1"/,
  },
  {
    name: 'update: folderId full-width digits',
    workflow: 'updateFolderAndWait',
    input: { folderId: '\uff11\uff12', name: 'x' },
    field: 'folderId',
    message: /folderId must be 1-64 letters, digits, _ or -/,
  },
  {
    name: 'update: folderId missing',
    workflow: 'updateFolderAndWait',
    input: { name: 'x' },
    field: 'folderId',
    message: /folderId must be a non-empty string, got undefined/,
  },
  {
    name: 'update: folderId an object',
    workflow: 'updateFolderAndWait',
    input: { folderId: { id: 1 }, name: 'x' },
    field: 'folderId',
    message: /folderId must be a non-empty string, got \{"id":1\}/,
  },
  {
    name: 'update: neither name nor parent',
    workflow: 'updateFolderAndWait',
    input: { folderId: '12' },
    field: 'input',
    message: /input must set name or parentFolderId \(or both\)/,
  },
  {
    name: "update: name with '/'",
    workflow: 'updateFolderAndWait',
    input: { folderId: '12', name: 'a/b' },
    field: 'name',
    message: /name must not contain '\/', got "a\/b"/,
  },
  {
    name: 'update: name of 100,000 chars',
    workflow: 'updateFolderAndWait',
    input: { folderId: '12', name: 'n'.repeat(100_000) },
    field: 'name',
    message: /name must be at most 255 characters, got "n+… \(100000 chars\)$/,
  },
  {
    name: 'update: parentFolderId -1',
    workflow: 'updateFolderAndWait',
    input: { folderId: '12', parentFolderId: -1 },
    field: 'parentFolderId',
    message: /parentFolderId must be a whole number, got -1/,
  },
  {
    name: 'update: parentFolderId an array',
    workflow: 'updateFolderAndWait',
    input: { folderId: '12', parentFolderId: [3] },
    field: 'parentFolderId',
    message: /parentFolderId must be a whole number, got \[3\]/,
  },
  {
    name: "update: timeout '0s'",
    workflow: 'updateFolderAndWait',
    input: { folderId: '12', name: 'x', timeout: '0s' },
    field: 'timeout',
    message: /timeout must be a positive duration, got "0s"/,
  },
  {
    name: 'update: input an array',
    workflow: 'updateFolderAndWait',
    input: [{ folderId: '12', name: 'x' }],
    field: 'input',
    message: /input must be an object \{ folderId, name\?, parentFolderId\? \}/,
  },
  // migrateFolders
  {
    name: 'migrate: updates empty',
    workflow: 'migrateFolders',
    input: { updates: [] },
    field: 'updates',
    message: /updates must hold at least one folder update, got \[\]/,
  },
  {
    name: 'migrate: updates a string',
    workflow: 'migrateFolders',
    input: { updates: 'folders.csv' },
    field: 'updates',
    message: /updates must be an array of folder updates, got "folders\.csv"/,
  },
  {
    name: 'migrate: updates null',
    workflow: 'migrateFolders',
    input: { updates: null },
    field: 'updates',
    message: /updates must be an array of folder updates, got null/,
  },
  {
    name: 'migrate: 10,001 updates',
    workflow: 'migrateFolders',
    input: { updates: rows(10_001) },
    field: 'updates',
    message: /updates must hold at most 10000; split the migration, got "10001 updates"/,
  },
  {
    name: 'migrate: concurrency 1e6',
    workflow: 'migrateFolders',
    input: { updates: rows(2), concurrency: 1e6 },
    field: 'concurrency',
    message: /concurrency must be a whole number from 1 to 500, got 1000000/,
  },
  {
    name: 'migrate: concurrency 0',
    workflow: 'migrateFolders',
    input: { updates: rows(2), concurrency: 0 },
    field: 'concurrency',
    message: /concurrency must be a whole number from 1 to 500, got 0/,
  },
  {
    name: 'migrate: concurrency 2.5',
    workflow: 'migrateFolders',
    input: { updates: rows(2), concurrency: 2.5 },
    field: 'concurrency',
    message: /concurrency must be a whole number from 1 to 500, got 2\.5/,
  },
  {
    name: "migrate: concurrency '5'",
    workflow: 'migrateFolders',
    input: { updates: rows(2), concurrency: '5' },
    field: 'concurrency',
    message: /concurrency must be a whole number from 1 to 500, got "5"/,
  },
  {
    name: 'migrate: backoffCoefficient 1e9',
    workflow: 'migrateFolders',
    input: { updates: rows(2), backoffCoefficient: 1e9 },
    field: 'backoffCoefficient',
    message: /backoffCoefficient must be a number from 1 to 10, got 1000000000/,
  },
  {
    name: "migrate: lostFolderCheck 'soon'",
    workflow: 'migrateFolders',
    input: { updates: rows(2), lostFolderCheck: 'soon' },
    field: 'lostFolderCheck',
    message: /lostFolderCheck must be a duration such as '30s', '5m' or '2h', got "soon"/,
  },
  {
    name: "migrate: lostFolderCheck '2h'",
    workflow: 'migrateFolders',
    input: { updates: rows(2), lostFolderCheck: '2h' },
    field: 'lostFolderCheck',
    message: /lostFolderCheck must be at most 3600000 ms, got "2h"/,
  },
  {
    name: "migrate: timeout '1000y'",
    workflow: 'migrateFolders',
    input: { updates: rows(2), timeout: '1000y' },
    field: 'timeout',
    message: /timeout must be at most 31622400000 ms, got "1000y"/,
  },
  {
    name: 'migrate: input null',
    workflow: 'migrateFolders',
    input: null,
    field: 'input',
    message: /input must be an object \{ updates, concurrency\?, \.\.\.poll options \}, got null/,
  },
];

/** The workflow's failure; fails the test when the workflow does anything else. */
async function invalidInputOf(
  workflow: WorkflowName,
  input: unknown,
): Promise<{ failure: ApplicationFailure; workflowId: string }> {
  const workflowId = `bad-input-${randomUUID()}`;
  const failure = await applicationFailureOf(
    env.client.workflow.execute(workflow, { taskQueue, workflowId, args: [input] }),
    'workflow',
  );
  return { failure, workflowId };
}

describe('9. Bad input: workflow inputs on the time-skipping server', () => {
  for (const c of workflowCases) {
    it(`${c.workflow}: ${c.name} → InvalidInput naming ${c.field}`, () =>
      track('workflow inputs', async () => {
        const before = sim.stats().requests;
        const { failure, workflowId } = await invalidInputOf(c.workflow, c.input);
        assertTypedFailure(failure, 'InvalidInput', c.message, c.field);
        assert.match(failure.message, /^Invalid input: /);
        assert.equal(sim.stats().requests, before, 'no HubSpot request for invalid input');
        const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
        const started = (history.events ?? []).filter(
          (e) => e.activityTaskScheduledEventAttributes || e.startChildWorkflowExecutionInitiatedEventAttributes,
        );
        assert.equal(started.length, 0, 'nothing was scheduled before the input was rejected');
      }));
  }

  it('migrateFolders: bad rows become FAILED items and the valid rows still proceed', () =>
    track('workflow inputs', async () => {
      const before = sim.stats().byRoute.start;
      const updates: unknown[] = [
        { folderId: '9001', name: 'Alpha' },
        { folderId: '9001', name: 'Alpha again' },
        {},
        { folderId: '9002' },
        { folderId: '9/3', name: 'slash' },
        { folderId: '9004', parentFolderId: 'root' },
        null,
        { folderId: '9005', parentFolderId: 42 },
      ];
      const workflowId = `bad-rows-${randomUUID()}`;
      const result = await env.client.workflow.execute<(input: unknown) => Promise<MigrationResult>>('migrateFolders', {
        taskQueue,
        workflowId,
        args: [{ updates, concurrency: 3, initialPollInterval: '1s', maxPollInterval: '2s' }],
      });
      assert.deepEqual(
        { total: result.total, completed: result.completed, failed: result.failed },
        { total: 8, completed: 2, failed: 6 },
      );
      const { items: all } = await readMigrationItems(env.client.workflow, workflowId, result);
      const items = all.map((i) => [i.folderId, i.outcome, i.failureType ?? '', i.message ?? '']);
      assert.deepEqual(
        items.map(([id, outcome, type]) => [id, outcome, type]),
        [
          ['9001', 'COMPLETE', ''],
          ['9001', 'FAILED', 'InvalidInput'],
          ['', 'FAILED', 'InvalidInput'],
          ['9002', 'FAILED', 'InvalidInput'],
          ['9/3', 'FAILED', 'InvalidInput'],
          ['9004', 'FAILED', 'InvalidInput'],
          ['', 'FAILED', 'InvalidInput'],
          ['9005', 'COMPLETE', ''],
        ],
      );
      const messages = items.map((i) => i[3]);
      assert.match(messages[1]!, /^Row 2: folderId 9001 is a duplicate of row 1/);
      assert.match(messages[2]!, /^Row 3: folderId must be a non-empty string, got undefined/);
      assert.match(messages[3]!, /^Row 4: updates\[3\] must set name or parentFolderId/);
      assert.match(messages[4]!, /^Row 5: folderId must be 1-64 letters, digits, _ or -, got "9\/3"/);
      assert.match(messages[5]!, /^Row 6: parentFolderId must be a whole number, got "root"/);
      assert.match(messages[6]!, /^Row 7: updates\[6\] must be an object/);
      assert.equal(sim.stats().byRoute.start - before, 2, 'one POST per valid row, none for the bad rows');
      assert.equal(sim.getFolder('9001')?.name, 'Alpha', 'the duplicate row did not overwrite the first');
      assert.equal(sim.getFolder('9005')?.parentFolderId, '42');
    }));
});

describe('9. Bad input: activities reject unsafe task ids before any HTTP call', () => {
  const ids: Array<[string, unknown, RegExp]> = [
    ['a path escape', '../../files/v3/folders', /taskId must not contain '\/'/],
    ['a full-width solidus', '1\uff0f2', /look-alike of '\/'/],
    ['a lone surrogate (would make encodeURIComponent throw)', '\udfff1', /found U\+DFFF at index 0/],
    ['a zero-width joiner', '1\u200d2', /found U\+200D at index 1/],
    ['a number', 42, /must be a string \(was number\)/],
  ];
  for (const [name, taskId, message] of ids) {
    it(`getFolderUpdateStatus: ${name}`, () =>
      track('activity task ids', async () => {
        const before = sim.stats().requests;
        const { getFolderUpdateStatus } = createActivities({ baseUrl: sim.baseUrl, token: RELIABILITY_TOKEN });
        const err = await applicationFailureOf(
          new MockActivityEnvironment().run(getFolderUpdateStatus, taskId as string),
        );
        assertTypedFailure(err, 'InvalidInput', message);
        assert.equal(sim.stats().requests, before, 'no HTTP call for an invalid task id');
      }));
  }

  it('startFolderUpdate: an unsafe folder id makes no POST', () =>
    track('activity task ids', async () => {
      const before = sim.stats().requests;
      const { startFolderUpdate } = createActivities({ baseUrl: sim.baseUrl, token: RELIABILITY_TOKEN });
      await assert.rejects(
        new MockActivityEnvironment().run(startFolderUpdate, { folderId: '1?x=2', name: 'n' }),
        (e: unknown) =>
          e instanceof ApplicationFailure && e.type === 'InvalidInput' && /folderId must be 1-64/.test(e.message),
      );
      assert.equal(sim.stats().requests, before);
    }));
});

// ---- CLI ----

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Whether the run created an embedded Temporal data folder. */
  startedTemporal: boolean;
}

/** Spawns the CLI in `cwd` (embedded mode: no TEMPORAL_ADDRESS) and waits for it, killing it after `timeoutMs`. */
async function runCli(label: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HUBSPOT_ACCESS_TOKEN: RELIABILITY_TOKEN,
    HUBSPOT_BASE_URL: sim.baseUrl,
  };
  delete childEnv.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, ['--require', TSX_CJS, CLI_MAIN, ...args], {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  keepLog(
    `09-cli-${label}`,
    `$ temporal-hubspot-files ${args.map((a) => a.slice(0, 60)).join(' ')}\n${stdout}${stderr}`,
  );
  return { code, stdout, stderr, startedTemporal: fs.existsSync(path.join(cwd, '.temporal')) };
}

interface CliCase {
  name: string;
  args: string[];
  /** Files to write into the working folder first. */
  files?: Record<string, string | Buffer>;
  message: RegExp;
}

const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;
const GOOD_CSV = csv('folderId,name,parentFolderId', '1,One,');
const bigCsv = [
  'folderId,name,parentFolderId',
  ...Array.from({ length: 100_000 }, (_, i) => `${i + 1},f${i + 1},`),
].join('\n');
const bigJson = JSON.stringify(
  Array.from({ length: 100_000 }, (_, i) => ({ folderId: String(i + 1), name: `f${i + 1}` })),
);
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_CSV, 'utf16le')]);
const utf16NoBom = Buffer.from(GOOD_CSV, 'utf16le');
const latin1 = Buffer.from(csv('folderId,name,parentFolderId', '7001,Caf\u00e9,'), 'latin1');

const cliCases: CliCase[] = [
  {
    name: "await: taskId with '/'",
    args: ['await', '12/34'],
    message: /^Error: taskId must not contain '\/', got "12\/34"$/m,
  },
  {
    name: 'await: taskId full-width solidus',
    args: ['await', '12\uff0f34'],
    message: /^Error: taskId must not contain a look-alike of '\/'/m,
  },
  {
    name: 'await: taskId with a C1 control',
    args: ['await', '12\u008534'],
    message: /^Error: taskId must not contain control or invisible characters \(found U\+0085 at index 2\)/m,
  },
  {
    name: 'await: taskId of 100,000 chars',
    args: ['await', LONG_ID],
    message: /^Error: taskId must be at most 256 characters, got "7+… \(100000 chars\)$/m,
  },
  {
    name: "await: --initial-poll-interval 'soon'",
    args: ['await', '123', '--initial-poll-interval', 'soon'],
    message:
      /^Error: --initial-poll-interval: initialPollInterval must be a duration such as '30s', '5m' or '2h', got "soon"$/m,
  },
  {
    name: "await: --initial-poll-interval '-5s'",
    args: ['await', '123', '--initial-poll-interval=-5s'],
    message: /^Error: --initial-poll-interval: initialPollInterval must be a positive duration, got "-5s"$/m,
  },
  {
    name: "await: --max-poll-interval '0'",
    args: ['await', '123', '--max-poll-interval', '0'],
    message: /^Error: --max-poll-interval: maxPollInterval must be a positive duration/m,
  },
  {
    name: "await: --timeout '1000y'",
    args: ['await', '123', '--timeout', '1000y'],
    message: /^Error: --timeout: timeout must be at most 31622400000 ms, got "1000y"$/m,
  },
  {
    name: 'await: --backoff-coefficient 1e9',
    args: ['await', '123', '--backoff-coefficient', '1e9'],
    message: /^Error: --backoff-coefficient: backoffCoefficient must be a number from 1 to 10, got 1000000000$/m,
  },
  {
    name: 'await: --backoff-coefficient NaN',
    args: ['await', '123', '--backoff-coefficient', 'NaN'],
    message: /^Error: --backoff-coefficient must be a number, got "NaN"$/m,
  },
  { name: 'await: no taskId', args: ['await'], message: /error: missing required argument 'taskId'/ },
  {
    name: 'await: unknown flag',
    args: ['await', '123', '--frobnicate'],
    message: /error: unknown option '--frobnicate'/,
  },
  { name: 'unknown command', args: ['frobnicate'], message: /error: unknown command 'frobnicate'/ },
  {
    name: 'update: folderId path escape',
    args: ['update', '../1', '--name', 'x'],
    message: /^Error: folderId must be 1-64 letters, digits, _ or -, got "\.\.\/1"$/m,
  },
  {
    name: 'update: neither --name nor --parent',
    args: ['update', '12'],
    message: /^Error: give --name or --parent \(or both\)/m,
  },
  {
    name: 'update: --parent root',
    args: ['update', '12', '--parent', 'root'],
    message: /^Error: --parent must be a whole number, got "root"$/m,
  },
  {
    name: "update: --name with '/'",
    args: ['update', '12', '--name', 'a/b'],
    message: /^Error: --name must not contain '\/', got "a\/b"$/m,
  },
  {
    name: 'migrate: --concurrency 1000000',
    args: ['migrate', 'm.csv', '--concurrency', '1000000'],
    files: { 'm.csv': GOOD_CSV },
    message: /^Error: --concurrency must be a whole number from 1 to 500, got "1000000"$/m,
  },
  {
    name: 'migrate: --concurrency 0',
    args: ['migrate', 'm.csv', '--concurrency', '0'],
    files: { 'm.csv': GOOD_CSV },
    message: /^Error: --concurrency must be a whole number from 1 to 500, got "0"$/m,
  },
  {
    name: 'migrate: --id with a space',
    args: ['migrate', 'm.csv', '--id', 'my migration'],
    files: { 'm.csv': GOOD_CSV },
    message: /^Error: --id must be 1-200 letters, digits or \. _ : \/ -, got "my migration"$/m,
  },
  // migration files
  {
    name: 'file: UTF-16 with BOM',
    args: ['migrate', 'u16.csv'],
    files: { 'u16.csv': utf16 },
    message: /^Error: u16\.csv is UTF-16 \(or binary\); save it as UTF-8 \(found a UTF-16 LE byte-order mark\)$/m,
  },
  {
    name: 'file: UTF-16 without BOM',
    args: ['migrate', 'u16.csv'],
    files: { 'u16.csv': utf16NoBom },
    message: /^Error: u16\.csv is UTF-16 \(or binary\); save it as UTF-8 \(found a NUL byte at byte offset 1\)$/m,
  },
  {
    name: 'file: Latin-1 bytes',
    args: ['migrate', 'latin1.csv'],
    files: { 'latin1.csv': latin1 },
    message: /^Error: latin1\.csv is not valid UTF-8: byte 0xE9 at byte offset 37 \(line 2\); save it as UTF-8$/m,
  },
  {
    name: 'file: no header',
    args: ['migrate', 'nohead.csv'],
    files: { 'nohead.csv': csv('7001,Alpha,', '7002,Beta,') },
    message:
      /^Error: nohead\.csv line 1: unknown column "7001" \(column 1\); allowed columns: folderId, name, parentFolderId \(the first line must be a header row naming the columns\)$/m,
  },
  {
    name: 'file: header without folderId',
    args: ['migrate', 'h.csv'],
    files: { 'h.csv': csv('name,parentFolderId', 'A,1') },
    message: /^Error: h\.csv line 1: the header has no folderId column/m,
  },
  {
    name: 'file: misspelt column',
    args: ['migrate', 'h.csv'],
    files: { 'h.csv': csv('folder_id,name', '1,A') },
    message: /unknown column "folder_id" \(column 1\).*\(did you mean "folderId"\?\)$/m,
  },
  {
    name: 'file: too many fields',
    args: ['migrate', 'f.csv'],
    files: { 'f.csv': csv('folderId,name', '1,A', '2,B,C,D') },
    message:
      /^Error: f\.csv line 3: the row has 4 fields but the header has 2 \(folderId, name\); quote fields that contain commas$/m,
  },
  {
    name: 'file: unbalanced quote',
    args: ['migrate', 'q.csv'],
    files: { 'q.csv': csv('folderId,name', '1,"A', '2,B') },
    message: /^Error: q\.csv line 2: unbalanced quote/m,
  },
  {
    name: 'file: 100,000 CSV rows',
    args: ['migrate', 'big.csv'],
    files: { 'big.csv': bigCsv },
    message: /^Error: big\.csv has 100000 rows; one migration takes at most 10000: split the file$/m,
  },
  {
    name: 'file: 100,000 JSON rows',
    args: ['migrate', 'big.json'],
    files: { 'big.json': bigJson },
    message: /^Error: big\.json has 100000 rows; one migration takes at most 10000: split the file$/m,
  },
  {
    name: 'file: JSON not an array',
    args: ['migrate', 'o.json'],
    files: { 'o.json': '{"folderId":"1","name":"A"}' },
    message: /^Error: o\.json must be a JSON array of \{ folderId, name\?, parentFolderId\? \}/m,
  },
  {
    name: 'file: JSON unknown key',
    args: ['migrate', 'k.json'],
    files: { 'k.json': '[{"folderId":"1","nmae":"A"}]' },
    message: /^Error: k\.json element at index 0: unknown key "nmae"/m,
  },
  {
    name: 'file: header only',
    args: ['migrate', 'h.csv'],
    files: { 'h.csv': csv('folderId,name,parentFolderId', '', '') },
    message: /^Error: h\.csv has no rows$/m,
  },
  {
    name: 'file: empty',
    args: ['migrate', 'e.csv'],
    files: { 'e.csv': '\n \n' },
    message: /^Error: e\.csv is empty$/m,
  },
  { name: 'file: missing', args: ['migrate', 'nowhere.csv'], message: /^Error: cannot read nowhere\.csv: ENOENT/m },
];

describe('9. Bad input: CLI arguments and migration files (exit 2, nothing started)', () => {
  const runs = new Map<string, Promise<CliRun>>();

  before(() => {
    // Start every run at once, three at a time, so that the CLI's start-up cost overlaps; the cases read the results.
    const queue = [...cliCases];
    const lanes = Array.from({ length: 3 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const cwd = dir();
        for (const [name, content] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(cwd, name), content);
        const run = runCli(c.name.replace(/\W+/g, '-'), c.args, cwd);
        runs.set(c.name, run);
        await run.catch(() => undefined);
      }
    });
    void Promise.all(lanes);
  });

  for (const c of cliCases) {
    it(`${c.name} → exit 2, naming the problem`, () =>
      track('CLI arguments and files', async () => {
        await until(() => runs.has(c.name), `the CLI run of ${c.name} to start`);
        const started = Date.now();
        const run = await runs.get(c.name)!;
        assert.equal(run.code, 2, `exit code (stderr: ${run.stderr.slice(0, 500)})`);
        assert.match(run.stderr, c.message);
        assert.equal(run.stdout, '', 'nothing on stdout');
        assert.equal(run.startedTemporal, false, 'no embedded Temporal was started');
        assert.ok(!run.stderr.includes(RELIABILITY_TOKEN));
        assert.ok(Date.now() - started < 60_000);
      }));
  }

  it('a small migration end to end: duplicates and blank rows handled, valid rows proceed, exit 1 and the report', () =>
    track('CLI end to end', async () => {
      const cwd = dir();
      fs.writeFileSync(
        path.join(cwd, 'moves.csv'),
        csv(
          'folderId,name,parentFolderId',
          '',
          '9101,Alpha,',
          '   ',
          '9102,,77',
          '9101,Alpha again,',
          ',,',
          '9103,,',
          '9104,Delta,',
          '',
          '9102,Beta again,',
        ),
      );
      const before = sim.stats().byRoute.start;
      const run = await runCli(
        'migrate-end-to-end',
        [
          'migrate',
          'moves.csv',
          '--concurrency',
          '2',
          '--initial-poll-interval',
          '200ms',
          '--max-poll-interval',
          '500ms',
        ],
        cwd,
        150_000,
      );
      assert.equal(run.code, 1, `a migration with FAILED items exits 1 (stderr: ${run.stderr.slice(-1500)})`);
      assert.match(
        run.stdout,
        /^total\s+complete\s+with errors\s+canceled\s+failed\s+already done\s+mismatch\n[- ]+\n6\s+3\s+0\s+0\s+3\s+0\s+0\n/,
      );
      assert.match(run.stdout, /9101\s+-\s+FAILED\s+InvalidInput\s+Row 3: folderId 9101 is a duplicate of row 1/);
      assert.match(
        run.stdout,
        /9103\s+-\s+FAILED\s+InvalidInput\s+Row 4: updates\[3\] must set name or parentFolderId/,
      );
      assert.match(run.stdout, /9102\s+-\s+FAILED\s+InvalidInput\s+Row 6: folderId 9102 is a duplicate of row 2/);
      assert.match(run.stdout, /Report: moves\.report\.json and moves\.report\.csv/);
      const report = JSON.parse(fs.readFileSync(path.join(cwd, 'moves.report.json'), 'utf8')) as MigrationReport & {
        source: string;
      };
      assert.deepEqual(
        report.items.map((i) => [i.folderId, i.outcome]),
        [
          ['9101', 'COMPLETE'],
          ['9102', 'COMPLETE'],
          ['9101', 'FAILED'],
          ['9103', 'FAILED'],
          ['9104', 'COMPLETE'],
          ['9102', 'FAILED'],
        ],
        'blank lines (and the all-empty ",," line) are not rows; every other row is an item, in file order',
      );
      const reportCsv = fs.readFileSync(path.join(cwd, 'moves.report.csv'), 'utf8').trim().split('\n');
      assert.equal(reportCsv.length, 7);
      assert.equal(sim.stats().byRoute.start - before, 3, 'one POST per valid row');
      assert.equal(sim.getFolder('9101')?.name, 'Alpha');
      assert.equal(sim.getFolder('9102')?.parentFolderId, '77');
      assert.equal(sim.getFolder('9102')?.name === 'Beta again', false);
      assert.equal(sim.getFolder('9104')?.name, 'Delta');
    }));
});
