/**
 * HubSpot conformance: every body shape HubSpot's schema allows passes through the real activities (over HTTP from
 * the simulator, under MockActivityEnvironment), and only the violations the wait decides by fail, naming the field.
 * Shapes from HUBSPOT.md ("Schemas"); the reference page's example is in test/fixtures/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { HubSpotSimulator, REFERENCE_STATUS_EXAMPLE } from '../../src/simulator';

/** HubSpot's reference example, verbatim (copied from the reference page, see HUBSPOT.md). */
export const referenceExample = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'status-reference-example.json'), 'utf8'),
) as Record<string, unknown>;

let sim: HubSpotSimulator;
let baseUrl: string;
let taskId: string;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  baseUrl = await sim.start();
  taskId = sim.createTask(undefined, { taskId: '4242' });
});
after(() => sim.stop());
beforeEach(() => sim.clearFaults());

const activities = () =>
  createActivities({ baseUrl, token: 'sim-token', requestTimeoutMs: 2000, maxResponseBytes: 64 * 1024 });

/** Reads `body` (a string verbatim, anything else as JSON) through the real status activity. */
function readStatus(body: unknown, id = taskId): Promise<FolderUpdateStatus> {
  sim.injectFault({ kind: 'body', body }, { route: 'status' });
  return new MockActivityEnvironment().run(activities().getFolderUpdateStatus, id) as Promise<FolderUpdateStatus>;
}

async function invalid(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => assert.fail('expected HubSpotInvalidResponse'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApplicationFailure && err.type === 'HubSpotInvalidResponse', `got ${String(err)}`);
  assert.equal(err.nonRetryable, true);
  return err;
}

const base = (extra: Record<string, unknown> = {}) => ({ taskId, status: 'COMPLETE', numErrors: 1, ...extra });
const withError = (error: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  base({ errors: [{ category: 'MISSING_SCOPES', message: 'm', ...error }], ...extra });

describe('the reference page example, verbatim, through getFolderUpdateStatus', () => {
  it('is the copy the simulator serves', () => assert.deepEqual(REFERENCE_STATUS_EXAMPLE, referenceExample));

  for (const status of ['PENDING', 'PROCESSING', 'COMPLETE', 'CANCELED']) {
    it(`parses as ${status}, keeps numErrors 123 and reads missingScopes scope1, scope2`, async () => {
      const served = new HubSpotSimulator({ rateLimit: false });
      const url = await served.start();
      try {
        served.createTask({ statusBody: { ...referenceExample, status } }, { taskId: '<string>' });
        const env = new MockActivityEnvironment();
        const { getFolderUpdateStatus } = createActivities({ baseUrl: url, token: 'sim-token' });
        const s = (await env.run(getFolderUpdateStatus, '<string>')) as FolderUpdateStatus;
        assert.equal(s.status, status);
        assert.equal(s.numErrors, 123);
        assert.equal(s.errors.length, 1);
        assert.deepEqual(s.errors[0]?.missingScopes, ['scope1', 'scope2']);
        assert.deepEqual(s.errors[0]?.subCategory, {});
        assert.equal(s.result?.parentFolderId, '<string>');
        assert.equal(s.completedAt, '2023-11-07T05:31:56Z');
        assert.equal(s.extra, undefined, 'every field of the example has its documented shape');
      } finally {
        await served.stop();
      }
    });
  }
});

/** Bodies HubSpot's schema allows, or that HubSpot is known to send: each must parse. */
const parses: Array<[string, () => unknown, (s: FolderUpdateStatus) => void]> = [
  [
    'subCategory a string',
    () => withError({ subCategory: 'FOLDER_LOCKED' }),
    (s) => assert.equal(s.errors[0]?.subCategory, 'FOLDER_LOCKED'),
  ],
  [
    'subCategory an object',
    () => withError({ subCategory: {} }),
    (s) => assert.deepEqual(s.errors[0]?.subCategory, {}),
  ],
  [
    'subCategory a nested object',
    () => withError({ subCategory: { a: { b: 1 } } }),
    (s) => assert.deepEqual(s.errors[0]?.subCategory, { a: { b: 1 } }),
  ],
  ['subCategory absent', () => withError({}), (s) => assert.equal(s.errors[0]?.subCategory, undefined)],
  [
    'subCategory null',
    () => withError({ subCategory: null }),
    (s) => assert.equal(s.errors[0]?.subCategory, undefined),
  ],
  [
    'detail subCategory an object',
    () => withError({ errors: [{ message: 'd', subCategory: { x: 1 } }] }),
    (s) => assert.deepEqual(s.errors[0]?.errors[0]?.extra, { subCategory: { x: 1 } }),
  ],
  [
    'context a map of lists',
    () => withError({ context: { missingScopes: ['a', 'b'] } }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['a', 'b']),
  ],
  [
    'context a map of strings',
    () => withError({ context: { missingScopes: 'a, b' } }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['a', 'b']),
  ],
  [
    'context requiredScopes',
    () => withError({ context: { requiredScopes: ['files'] } }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['files']),
  ],
  [
    'context requiredGranularScopes',
    () => withError({ context: { requiredGranularScopes: ['files.write'] } }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['files.write']),
  ],
  [
    'context the Java-style string',
    () => withError({ context: '{missingScopes=[a, b]}' }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['a', 'b']),
  ],
  ['context empty', () => withError({ context: {} }), (s) => assert.deepEqual(s.errors[0]?.missingScopes, [])],
  [
    'context a map of objects',
    () => withError({ context: { folder: { id: 1 } } }),
    (s) => assert.deepEqual(s.errors[0]?.extra, { context: { folder: { id: 1 } } }),
  ],
  [
    'detail context the Java-style string',
    () => withError({ errors: [{ message: 'd', context: '{missingScopes=[x]}' }] }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['x']),
  ],
  [
    'detail context a map of lists',
    () => withError({ errors: [{ message: 'd', context: { requiredGranularScopes: ['y'] } }] }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['y']),
  ],
  [
    'detail context a map of strings',
    () => withError({ errors: [{ message: 'd', context: { missingScopes: 'z' } }] }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['z']),
  ],
  [
    'scopes in every place at once, de-duplicated',
    () =>
      withError({
        context: { missingScopes: ['a'], requiredScopes: ['b'] },
        errors: [{ message: 'd', context: '{missingScopes=[a, c]}' }],
      }),
    (s) => assert.deepEqual(s.errors[0]?.missingScopes, ['a', 'b', 'c']),
  ],
  [
    'error links a map of strings',
    () => withError({ links: { docs: 'https://x' } }),
    (s) => assert.deepEqual(s.errors[0]?.links, { docs: 'https://x' }),
  ],
  [
    'error links a map of objects',
    () => withError({ links: { docs: { href: 'https://x' } } }),
    (s) => assert.deepEqual(s.errors[0]?.extra, { links: { docs: { href: 'https://x' } } }),
  ],
  [
    'error links an array',
    () => withError({ links: [{ rel: 'docs' }] }),
    (s) => assert.deepEqual(s.errors[0]?.extra, { links: [{ rel: 'docs' }] }),
  ],
  [
    'status links a map of strings',
    () => base({ links: { status: 'https://x' } }),
    (s) => assert.deepEqual(s.links, { status: 'https://x' }),
  ],
  [
    'status links a map of objects',
    () => base({ links: { status: { href: 'https://x' } } }),
    (s) => assert.deepEqual(s.extra, { links: { status: { href: 'https://x' } } }),
  ],
  [
    'status links an array',
    () => base({ links: ['https://other.host/status'] }),
    (s) => assert.deepEqual(s.extra, { links: ['https://other.host/status'] }),
  ],
  ['error id a number', () => withError({ id: 42 }), (s) => assert.equal(s.errors[0]?.id, '42')],
  ['error id a string', () => withError({ id: 'e-1' }), (s) => assert.equal(s.errors[0]?.id, 'e-1')],
  [
    'result ids numbers',
    () => base({ result: { id: 5, parentFolderId: 6, archived: false } }),
    (s) => assert.deepEqual([s.result?.id, s.result?.parentFolderId], ['5', '6']),
  ],
  [
    'result ids strings',
    () => base({ result: { id: '5', parentFolderId: '6', archived: false } }),
    (s) => assert.deepEqual([s.result?.id, s.result?.parentFolderId], ['5', '6']),
  ],
  ['taskId echoed as a number', () => base({ taskId: Number(taskId) }), (s) => assert.equal(s.taskId, taskId)],
  ['taskId absent', () => ({ status: 'PENDING' }), (s) => assert.equal(s.taskId, taskId)],
  ['PENDING without any date', () => ({ taskId, status: 'PENDING' }), (s) => assert.equal(s.requestedAt, undefined)],
  [
    'PROCESSING without completedAt',
    () => ({ taskId, status: 'PROCESSING', startedAt: '2026-03-01T00:00:00Z' }),
    (s) => assert.equal(s.completedAt, undefined),
  ],
  ['a date that is not ISO', () => base({ requestedAt: 'yesterday' }), (s) => assert.equal(s.requestedAt, 'yesterday')],
  [
    'a date that is a number',
    () => base({ startedAt: 1_700_000_000_000 }),
    (s) => assert.deepEqual(s.extra, { startedAt: 1_700_000_000_000 }),
  ],
  ['an unknown top-level field', () => base({ portalId: 99 }), (s) => assert.deepEqual(s.extra, { portalId: 99 })],
  [
    'an unknown field in an error',
    () => withError({ traceId: 't' }),
    (s) => assert.deepEqual(s.errors[0]?.extra, { traceId: 't' }),
  ],
  [
    'an unknown field in a detail',
    () => withError({ errors: [{ message: 'd', extraInfo: [1] }] }),
    (s) => assert.deepEqual(s.errors[0]?.errors[0]?.extra, { extraInfo: [1] }),
  ],
  [
    'an unknown field in the result',
    () => base({ result: { id: '1', colour: 'red' } }),
    (s) => assert.deepEqual(s.result?.extra, { colour: 'red' }),
  ],
  ['numErrors absent on COMPLETE', () => ({ taskId, status: 'COMPLETE' }), (s) => assert.equal(s.numErrors, 0)],
  ['numErrors 0', () => base({ numErrors: 0 }), (s) => assert.equal(s.numErrors, 0)],
  [
    'numErrors larger than the list',
    () => withError({}, { numErrors: 500 }),
    (s) => assert.deepEqual([s.numErrors, s.errors.length], [500, 1]),
  ],
  ['numErrors smaller than the list', () => withError({}, { numErrors: 0 }), (s) => assert.equal(s.numErrors, 1)],
  ['numErrors a numeric string', () => base({ numErrors: '7' }), (s) => assert.equal(s.numErrors, 7)],
  ['numErrors null', () => base({ numErrors: null }), (s) => assert.equal(s.numErrors, 0)],
  [
    'an error status a number',
    () => withError({ status: 500 }),
    (s) => assert.deepEqual(s.errors[0]?.extra, { status: 500 }),
  ],
  [
    'an error without category or message',
    () => base({ errors: [{}] }),
    (s) => assert.deepEqual(s.errors[0], { errors: [], missingScopes: [] }),
  ],
  [
    'errors an object, not a list',
    () => base({ errors: { 0: { category: 'X' } } }),
    (s) => assert.deepEqual([s.errors, s.numErrors], [[], 1]),
  ],
  [
    'a result without an id',
    () => base({ result: { name: 'x' } }),
    (s) => assert.deepEqual([s.result, s.extra], [undefined, { result: { name: 'x' } }]),
  ],
  [
    'archived a string',
    () => base({ result: { id: '1', archived: 'no' } }),
    (s) => assert.deepEqual(s.result, { id: '1', extra: { archived: 'no' } }),
  ],
  [
    'a __proto__ key, kept as data',
    () => JSON.stringify(base()).replace('{', '{"__proto__":{"status":"PENDING"},'),
    (s) => assert.equal(Object.getPrototypeOf(s), Object.prototype),
  ],
];

describe(`conformance: ${parses.length} bodies HubSpot may send parse through getFolderUpdateStatus`, () => {
  it('has at least 40 of them', () => assert.ok(parses.length >= 40));
  for (const [name, body, check] of parses) {
    it(name, async () => check(await readStatus(body())));
  }
});

/** Violations the wait decides by: each fails, naming the field and the value. */
const fails: Array<[string, () => unknown, RegExp]> = [
  [
    'an unknown status',
    () => base({ status: 'FAILED' }),
    /status must be one of PENDING, PROCESSING, COMPLETE, CANCELED, got "FAILED"/,
  ],
  ['a lower-case status', () => base({ status: 'complete' }), /status must be one of .*, got "complete"/],
  ['no status', () => ({ taskId }), /status must be one of .*, got undefined/],
  ["another task's id", () => base({ taskId: '31337' }), /taskId must echo the requested task id "\d+", got "31337"/],
  ['a negative numErrors', () => base({ numErrors: -1 }), /numErrors must be a non-negative integer, got -1/],
  ['a fractional numErrors', () => base({ numErrors: 0.5 }), /numErrors must be a non-negative integer, got 0\.5/],
  ['a non-object body', () => [base()], /body must be an object, got \[/],
  ['the JSON null', () => 'null', /body must be an object, got null/],
  [
    'a body nested deeper than the bound',
    () => base({ links: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) }),
    /body is nested deeper than 32 levels/,
  ],
  [
    'a body over the byte limit',
    () => base({ pad: 'x'.repeat(70 * 1024) }),
    /too large: \d+ bytes declared \(the limit is maxResponseBytes = 65536\)/,
  ],
];

describe('conformance: the violations that are HubSpotInvalidResponse', () => {
  for (const [name, body, message] of fails) {
    it(name, async () => assert.match((await invalid(readStatus(body()))).message, message));
  }
});

describe('conformance: the POST answer (FolderUpdateTaskLocator) through startFolderUpdate', () => {
  const start = (status: number, body: unknown) => {
    sim.injectFault({ kind: 'body', status, body }, { route: 'start' });
    return new MockActivityEnvironment().run(activities().startFolderUpdate, { folderId: '42', name: 'n' }) as Promise<{
      taskId: string;
    }>;
  };
  const ok: Array<[string, number, unknown, string]> = [
    ['202 with links', 202, { id: '9001', links: { status: 'https://elsewhere/status' } }, '9001'],
    ['202 without links', 202, { id: '9002' }, '9002'],
    ['202 with links an array and an unknown field', 202, { id: '9003', links: ['x'], more: 1 }, '9003'],
    ['a 200', 200, { id: '9004', links: {} }, '9004'],
    ['an id that is a number', 202, { id: 9005 }, '9005'],
  ];
  for (const [name, status, body, expected] of ok) {
    it(`${name} → taskId ${expected}`, async () => assert.deepEqual(await start(status, body), { taskId: expected }));
  }
  const bad: Array<[string, unknown, RegExp]> = [
    [
      'no id',
      { links: {} },
      /answer to POST folder update of folder 42: id must be a string or an integer, got undefined/,
    ],
    ['an id that is an object', { id: {} }, /id must be a string or an integer, got \{\}/],
    ['an id that would change the path', { id: '../admin' }, /id must not contain '\/', got "\.\.\/admin"/],
    ['a body that is a list', [{ id: '1' }], /body must be an object, got \[/],
  ];
  for (const [name, body, message] of bad) {
    it(`${name} → HubSpotInvalidResponse`, async () =>
      assert.match((await invalid(start(202, body))).message, message));
  }
});
