/**
 * Scenario 11, hostile responses: HubSpot (or something in its place) answers with bodies built to hurt: 50 MB
 * streamed, 100,000 levels of nesting, a task id or status that is not what was asked, counts that contradict the
 * list. Each must end as a clear, typed failure naming the field (or, where HubSpot is merely inconsistent, the right
 * outcome), without exhausting memory or the stack.
 *
 * The activities run under MockActivityEnvironment against the simulator's `body` fault, or a raw node:http server
 * on 127.0.0.1 where the simulator cannot produce the bytes (a streamed body without Content-Length, a false
 * Content-Length, invalid UTF-8). The end-to-end cases run the workflows on the time-skipping server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import { awaitFolderUpdate, updateFolderAndWait } from '../../src/workflows';
import { createTimeSkippingEnv, workflowBundle } from '../helpers/temporal-env';
import { applicationFailureOf, assertTypedFailure, RELIABILITY_TOKEN, recordFigures } from './harness';

const SCENARIO = '11. Hostile responses';
const MiB = 1024 * 1024;
const DEEP = 100_000;

let sim: HubSpotSimulator;
let raw: RawServer;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `hostile-${randomUUID()}`;
const startedAt = Date.now();
const tally = { cases: 0, passed: 0, byKind: {} as Record<string, [run: number, passed: number]> };
const measured: string[] = [];

async function track(kind: string, fn: () => Promise<void>): Promise<void> {
  const counts = (tally.byKind[kind] ??= [0, 0]);
  tally.cases++;
  counts[0]++;
  await fn();
  tally.passed++;
  counts[1]++;
}

// ---- a raw HTTP server for bytes the simulator cannot send ----

/** What the raw server answers, chosen by the first path segment of the base URL (`http://127.0.0.1:port/<mode>`). */
type RawMode = 'small' | 'chunked50' | 'declared50' | 'badUtf8';

interface RawServer {
  baseUrl(mode: RawMode): string;
  /** Body bytes written for the last request of `mode`, and whether the client hung up before the end. */
  sent(mode: RawMode): { bytes: number; clientAborted: boolean };
  close(): Promise<void>;
}

const STREAM_BYTES = 50 * MiB;

async function startRawServer(): Promise<RawServer> {
  const sent = new Map<string, { bytes: number; clientAborted: boolean }>();
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = http.createServer((req, res) => {
    const mode = (req.url ?? '/').split('/')[1] as RawMode;
    const record = { bytes: 0, clientAborted: false };
    sent.set(mode, record);
    res.on('close', () => (record.clientAborted = !res.writableFinished));
    if (mode === 'small' || mode === 'badUtf8') {
      const body =
        mode === 'small'
          ? Buffer.from('{"taskId":"1","status":"PENDING"}')
          : Buffer.concat([
              Buffer.from('{"taskId":"1","status":"'),
              Buffer.from([0xff, 0xfe, 0xc3]),
              Buffer.from('"}'),
            ]);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      record.bytes = body.length;
      res.end(body);
      return;
    }
    // 50 MB of a JSON string, streamed with backpressure: chunked, or with a Content-Length that tells the truth.
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(mode === 'declared50' ? { 'content-length': String(STREAM_BYTES) } : {}),
    });
    const head = Buffer.from('{"taskId":"1","status":"PENDING","pad":"');
    res.write(head);
    record.bytes = head.length;
    const pump = (): void => {
      while (!res.destroyed && record.bytes + chunk.length <= STREAM_BYTES - 2) {
        record.bytes += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (res.destroyed) return;
      const tail = Buffer.alloc(STREAM_BYTES - record.bytes, 'x');
      tail.write('"}', tail.length - 2);
      record.bytes += tail.length;
      res.end(tail);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: (mode) => `http://127.0.0.1:${port}/${mode}`,
    sent: (mode) => ({ ...(sent.get(mode) ?? { bytes: 0, clientAborted: false }) }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

before(async () => {
  sim = new HubSpotSimulator({ tokens: { [RELIABILITY_TOKEN]: {} }, rateLimit: false });
  await sim.start();
  raw = await startRawServer();
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ baseUrl: sim.baseUrl, token: RELIABILITY_TOKEN, requestTimeoutMs: 10_000 }),
  });
  running = worker.run();
});

after(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
  await raw?.close();
  await sim?.stop();
  const kinds = Object.entries(tally.byKind)
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
    notes: `${kinds}; ${measured.join('; ')}; ran ${Math.round((Date.now() - startedAt) / 1000)} s`,
  });
});

beforeEach(() => sim.clearFaults());

// ---- helpers ----

function activities(baseUrl = sim.baseUrl) {
  return createActivities({ baseUrl, token: RELIABILITY_TOKEN, requestTimeoutMs: 30_000 });
}

function runActivity<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment().run(fn, ...args) as Promise<R>;
}

const failureOf = (promise: Promise<unknown>): Promise<ApplicationFailure> => applicationFailureOf(promise);

/** Asserts a clear, non-retryable HubSpotInvalidResponse naming `field` (when given). */
function assertInvalidResponse(failure: ApplicationFailure, field: string | undefined, message: RegExp): void {
  assertTypedFailure(failure, 'HubSpotInvalidResponse', message, field);
}

const deepObject = (levels: number, leaf = '1'): string => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
const deepArray = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

// ---- activity-level cases ----

interface BodyCase {
  name: string;
  /** The body sent (a string verbatim, anything else as JSON); `taskId` is the id that was asked for. */
  body: (taskId: string) => unknown;
  field?: string;
  message: RegExp;
}

const status = (taskId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  taskId,
  status: 'PENDING',
  requestedAt: '2024-05-01T10:00:00.000Z',
  links: {},
  ...extra,
});

const invalidBodies: BodyCase[] = [
  {
    name: `an object nested ${DEEP.toLocaleString('en')} levels deep`,
    body: () => deepObject(DEEP),
    field: 'body',
    message: /body is nested deeper than 32 levels/,
  },
  {
    name: `an array nested ${DEEP.toLocaleString('en')} levels deep`,
    body: () => deepArray(DEEP),
    field: 'body',
    message: /body is nested deeper than 32 levels/,
  },
  {
    name: `a valid status with ${DEEP.toLocaleString('en')} levels inside errors[0].context`,
    body: (id) =>
      JSON.stringify(
        status(id, { status: 'COMPLETE', numErrors: 1, errors: [{ category: 'X', message: 'm', context: 0 }] }),
      ).replace('"context":0', `"context":${deepObject(DEEP, '[]')}`),
    field: 'body',
    message: /body is nested deeper than 32 levels/,
  },
  {
    name: 'the task id echoed back with another value',
    body: () => status('999999'),
    field: 'taskId',
    message: /taskId must echo the requested task id "\d+", got "999999"/,
  },
  {
    name: 'the task id echoed back as another number',
    body: () => status('0', { taskId: 7 }),
    field: 'taskId',
    message: /taskId must echo the requested task id "\d+", got "7"/,
  },
  {
    name: "status in the wrong case ('complete')",
    body: (id) => status(id, { status: 'complete' }),
    field: 'status',
    message: /status must be one of PENDING, PROCESSING, COMPLETE, CANCELED, got "complete"/,
  },
  {
    name: 'status missing',
    body: (id) => status(id, { status: undefined }),
    field: 'status',
    message: /status must be one of .*, got undefined/,
  },
  {
    name: 'status a number',
    body: (id) => status(id, { status: 3 }),
    field: 'status',
    message: /status must be one of .*, got 3/,
  },
  {
    name: 'negative numErrors',
    body: (id) => status(id, { status: 'COMPLETE', numErrors: -1 }),
    field: 'numErrors',
    message: /numErrors must be a non-negative integer, got -1/,
  },
  {
    name: 'fractional numErrors',
    body: (id) => status(id, { status: 'COMPLETE', numErrors: 1.5 }),
    field: 'numErrors',
    message: /numErrors must be a non-negative integer, got 1\.5/,
  },
  {
    name: 'numErrors 1e300',
    body: (id) => status(id, { status: 'COMPLETE', numErrors: 1e300 }),
    field: 'numErrors',
    message: /numErrors must be a non-negative integer, got 1e\+300/,
  },
  { name: 'the JSON null', body: () => 'null', field: 'body', message: /body must be an object, got null/ },
  { name: 'a JSON string', body: () => '"COMPLETE"', field: 'body', message: /body must be an object, got "COMPLETE"/ },
  { name: 'a JSON array', body: (id) => [status(id)], field: 'body', message: /body must be an object, got \[\{/ },
  { name: 'an empty 200 body', body: () => '', field: 'body', message: /body must be an object, got undefined/ },
];

// First, while the process is fresh, so that memory freed by other cases does not hide the growth.
describe('11. Hostile responses: 50 MB bodies (MockActivityEnvironment, raw server)', () => {
  it('a 50 MB body streamed without Content-Length → HubSpotInvalidResponse, memory stays far below 50 MB', () =>
    track('activity', async () => {
      const { getFolderUpdateStatus } = activities(raw.baseUrl('chunked50'));
      // Warm up fetch and its connection pool so that their one-off allocations do not count as growth.
      for (let i = 0; i < 3; i++) await runActivity(activities(raw.baseUrl('small')).getFolderUpdateStatus, '1');
      await new Promise((r) => setTimeout(r, 200));
      const baseline = process.memoryUsage();
      let peak = { rss: baseline.rss, buffers: baseline.arrayBuffers };
      const sample = (): void => {
        const now = process.memoryUsage();
        peak = { rss: Math.max(peak.rss, now.rss), buffers: Math.max(peak.buffers, now.arrayBuffers) };
      };
      const sampler = setInterval(sample, 2);
      const f = await failureOf(runActivity(getFolderUpdateStatus, '1')).finally(() => clearInterval(sampler));
      sample();
      assertInvalidResponse(
        f,
        undefined,
        new RegExp(`too large: more than ${5 * MiB} bytes \\(the limit is maxResponseBytes = ${5 * MiB}\\)`),
      );
      const growthMiB = (peak.rss - baseline.rss) / MiB;
      const buffersMiB = (peak.buffers - baseline.arrayBuffers) / MiB;
      await new Promise((r) => setTimeout(r, 200));
      const sent = raw.sent('chunked50');
      measured.push(
        `50 MB streamed: rss peak +${growthMiB.toFixed(1)} MiB (buffers +${buffersMiB.toFixed(1)} MiB), server wrote ${(sent.bytes / MiB).toFixed(1)} MiB before the client hung up`,
      );
      assert.ok(growthMiB < 30, `rss grew ${growthMiB.toFixed(1)} MiB over the baseline; must stay < 30 MiB`);
      assert.equal(sent.clientAborted, true, 'the client stopped reading and closed the connection');
      assert.ok(sent.bytes < STREAM_BYTES / 2, `the server wrote ${sent.bytes} bytes of ${STREAM_BYTES}`);
    }));

  it('a 50 MB Content-Length → rejected from the header, before the body is read', () =>
    track('activity', async () => {
      const f = await failureOf(runActivity(activities(raw.baseUrl('declared50')).getFolderUpdateStatus, '1'));
      assertInvalidResponse(f, undefined, new RegExp(`too large: ${STREAM_BYTES} bytes declared`));
      await new Promise((r) => setTimeout(r, 200));
      const sent = raw.sent('declared50');
      measured.push(`50 MB declared: server wrote ${(sent.bytes / MiB).toFixed(1)} MiB before the client hung up`);
      assert.equal(sent.clientAborted, true);
      assert.ok(sent.bytes < STREAM_BYTES / 2, `the server wrote ${sent.bytes} bytes of ${STREAM_BYTES}`);
    }));
});

describe('11. Hostile responses: getFolderUpdateStatus (MockActivityEnvironment)', () => {
  for (const c of invalidBodies) {
    it(`${c.name} → HubSpotInvalidResponse${c.field ? ` naming ${c.field}` : ''}`, () =>
      track('activity', async () => {
        const taskId = sim.createTask();
        sim.injectFault({ kind: 'body', body: c.body(taskId) }, { route: 'status' });
        const before = sim.stats().requests;
        const f = await failureOf(runActivity(activities().getFolderUpdateStatus, taskId));
        assertInvalidResponse(f, c.field, c.message);
        assert.equal(sim.stats().requests - before, 1);
      }));
  }

  it('a __proto__ key is data, not a prototype: no pollution, the status still reads', () =>
    track('activity', async () => {
      const taskId = sim.createTask();
      const body = JSON.stringify(status(taskId)).replace('{', '{"__proto__":{"polluted":"yes","status":"COMPLETE"},');
      sim.injectFault({ kind: 'body', body }, { route: 'status' });
      const s = await runActivity(activities().getFolderUpdateStatus, taskId);
      assert.equal(s.status, 'PENDING');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(s, '__proto__'), false);
    }));

  it('numErrors 0 while errors lists two → numErrors is 2 (the larger)', () =>
    track('activity', async () => {
      const taskId = sim.createTask();
      const errors = [missingScopeTaskError(['files']), missingScopeTaskError(['files.ui_hidden.read'])];
      sim.injectFault(
        { kind: 'body', body: status(taskId, { status: 'COMPLETE', numErrors: 0, errors }) },
        { route: 'status' },
      );
      const s = await runActivity(activities().getFolderUpdateStatus, taskId);
      assert.equal(s.numErrors, 2);
      assert.equal(s.errors.length, 2);
    }));

  it('numErrors 3 while errors is empty → numErrors stays 3', () =>
    track('activity', async () => {
      const taskId = sim.createTask();
      sim.injectFault(
        { kind: 'body', body: status(taskId, { status: 'COMPLETE', numErrors: 3, errors: [] }) },
        { route: 'status' },
      );
      const s = await runActivity(activities().getFolderUpdateStatus, taskId);
      assert.equal(s.numErrors, 3);
      assert.deepEqual(s.errors, []);
    }));

  it('a 6 MiB body with its Content-Length → HubSpotInvalidResponse "too large", read no further', () =>
    track('activity', async () => {
      const taskId = sim.createTask();
      const big = JSON.stringify(status(taskId, { pad: 'x'.repeat(6 * MiB) }));
      sim.injectFault({ kind: 'body', body: big }, { route: 'status' });
      const f = await failureOf(runActivity(activities().getFolderUpdateStatus, taskId));
      assertInvalidResponse(
        f,
        undefined,
        new RegExp(`too large: ${big.length} bytes declared \\(the limit is maxResponseBytes = ${5 * MiB}\\)`),
      );
    }));

  it('invalid UTF-8 in the status → HubSpotInvalidResponse naming status', () =>
    track('activity', async () => {
      const f = await failureOf(runActivity(activities(raw.baseUrl('badUtf8')).getFolderUpdateStatus, '1'));
      assertInvalidResponse(
        f,
        'status',
        /status must be one of PENDING, PROCESSING, COMPLETE, CANCELED, got "\uFFFD+"/,
      );
    }));

  it(`a 5xx body nested ${DEEP.toLocaleString('en')} levels deep → a retryable HubSpotServerError, no stack overflow`, () =>
    track('activity', async () => {
      const taskId = sim.createTask();
      sim.injectFault({ kind: 'status', status: 503, body: deepObject(DEEP) }, { route: 'status' });
      const f = await failureOf(runActivity(activities().getFolderUpdateStatus, taskId));
      assert.equal(f.type, 'HubSpotServerError');
      assert.equal(f.nonRetryable, false);
      assert.match(f.message, /^HubSpot answered 503 to GET status of folder-update task \d+: \{"a":\{"a":/);
      assert.ok(f.message.length < 400, `a readable message (${f.message.length} chars)`);
    }));

  it('a 400 body whose errors are nested 10,000 levels deep → HubSpotBadRequest, no stack overflow', () =>
    track('activity', async () => {
      const taskId = sim.createTask();
      sim.injectFault(
        {
          kind: 'status',
          status: 400,
          body: `{"message":"Bad things","category":"VALIDATION_ERROR","errors":[${deepArray(10_000)}]}`,
        },
        { route: 'status' },
      );
      const f = await failureOf(runActivity(activities().getFolderUpdateStatus, taskId));
      assert.equal(f.type, 'HubSpotBadRequest');
      assert.equal(f.nonRetryable, true);
      assert.match(f.message, /^HubSpot answered 400 to .*: Bad things \(category VALIDATION_ERROR\)\.$/);
    }));
});

describe('11. Hostile responses: startFolderUpdate (MockActivityEnvironment)', () => {
  const starts: Array<[string, unknown, string, RegExp]> = [
    [
      `an id nested ${DEEP.toLocaleString('en')} levels deep`,
      `{"id":${deepObject(DEEP)}}`,
      'id',
      /answer to POST folder update of folder 4242: id must be a string or an integer, got /,
    ],
    [
      'an id that is a path escape',
      { id: '../../admin', links: {} },
      'id',
      /id must not contain '\/', got "\.\.\/\.\.\/admin"/,
    ],
    [
      'an id with a full-width solidus',
      { id: '12\uff0f34', links: {} },
      'id',
      /id must not contain a look-alike of '\/'/,
    ],
    ['an id of 100,000 characters', { id: '9'.repeat(100_000), links: {} }, 'id', /id must be at most 256 characters/],
    [
      'no id',
      { links: {} },
      'id',
      /answer to POST folder update of folder 4242: id must be a string or an integer, got undefined/,
    ],
  ];
  for (const [name, body, field, message] of starts) {
    it(`${name} → HubSpotInvalidResponse naming ${field}`, () =>
      track('activity', async () => {
        sim.injectFault({ kind: 'body', status: 202, body }, { route: 'start' });
        const f = await failureOf(runActivity(activities().startFolderUpdate, { folderId: '4242', name: 'n' }));
        assertInvalidResponse(f, field, message);
      }));
  }
});

// ---- end to end on the time-skipping server ----

const workflowFailure = (promise: Promise<unknown>): Promise<ApplicationFailure> =>
  applicationFailureOf(promise, 'workflow');

function awaitTask(taskId: string): Promise<unknown> {
  return env.client.workflow.execute(awaitFolderUpdate, {
    taskQueue,
    workflowId: `hostile-${randomUUID()}`,
    args: [{ taskId, initialPollInterval: '1s', maxPollInterval: '5s', timeout: '1h' }],
  });
}

describe('11. Hostile responses: workflows end to end (time-skipping server)', () => {
  it('errors listed but numErrors 0 → FolderUpdateCompletedWithErrors with numErrors 2', () =>
    track('workflow', async () => {
      const taskId = sim.createTask();
      const errors = [missingScopeTaskError(['files']), missingScopeTaskError(['files.ui_hidden.read'])];
      sim.injectFault(
        { kind: 'body', body: status(taskId, { status: 'COMPLETE', numErrors: 0, errors }) },
        { route: 'status' },
      );
      const f = await workflowFailure(awaitTask(taskId));
      assert.equal(f.type, 'FolderUpdateCompletedWithErrors');
      assert.match(
        f.message,
        new RegExp(`^Folder-update task ${taskId} completed with 2 errors; first: MISSING_SCOPES`),
      );
      const last = f.details?.[0] as FolderUpdateStatus;
      assert.equal(last.numErrors, 2);
      assert.equal(last.errors.length, 2);
    }));

  it('numErrors 3 but errors empty → FolderUpdateCompletedWithErrors with numErrors 3', () =>
    track('workflow', async () => {
      const taskId = sim.createTask();
      sim.injectFault(
        { kind: 'body', body: status(taskId, { status: 'COMPLETE', numErrors: 3, errors: [] }) },
        { route: 'status' },
      );
      const f = await workflowFailure(awaitTask(taskId));
      assert.equal(f.type, 'FolderUpdateCompletedWithErrors');
      assert.match(f.message, new RegExp(`^Folder-update task ${taskId} completed with 3 errors\\. Fix the cause`));
      const last = f.details?.[0] as FolderUpdateStatus;
      assert.equal(last.numErrors, 3);
      assert.deepEqual(last.errors, []);
    }));

  const fatal: Array<[string, (taskId: string) => unknown, string, RegExp]> = [
    [
      'another task id echoed back',
      () => status('31337'),
      'taskId',
      /taskId must echo the requested task id "\d+", got "31337"/,
    ],
    ["status 'complete'", (id) => status(id, { status: 'complete' }), 'status', /got "complete"/],
    ['negative numErrors', (id) => status(id, { status: 'COMPLETE', numErrors: -3 }), 'numErrors', /got -3/],
    [`${DEEP.toLocaleString('en')} levels of nesting`, () => deepObject(DEEP), 'body', /nested deeper than 32 levels/],
  ];
  for (const [name, body, field, message] of fatal) {
    it(`${name} → the workflow fails with HubSpotInvalidResponse after one poll, no retries`, () =>
      track('workflow', async () => {
        const taskId = sim.createTask();
        sim.injectFault({ kind: 'body', body: body(taskId) }, { route: 'status', count: 5 });
        const before = sim.stats().byRoute.status;
        const f = await workflowFailure(awaitTask(taskId));
        assertInvalidResponse(f, field, message);
        assert.equal(sim.stats().byRoute.status - before, 1, 'a malformed status is not retried');
      }));
  }

  it('updateFolderAndWait: an unusable task id in the start answer → HubSpotInvalidResponse, never polled', () =>
    track('workflow', async () => {
      sim.injectFault({ kind: 'body', status: 202, body: { id: '1/../../admin', links: {} } }, { route: 'start' });
      const before = sim.stats();
      const f = await workflowFailure(
        env.client.workflow.execute(updateFolderAndWait, {
          taskQueue,
          workflowId: `hostile-${randomUUID()}`,
          args: [{ folderId: '4343', name: 'n', initialPollInterval: '1s' }],
        }),
      );
      assertInvalidResponse(f, 'id', /id must not contain '\/'/);
      const now = sim.stats();
      assert.equal(now.byRoute.start - before.byRoute.start, 1, 'one POST, not retried');
      assert.equal(now.byRoute.status - before.byRoute.status, 0, 'no poll of a task id that would change the path');
    }));
});
