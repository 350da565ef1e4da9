/**
 * HubSpot conformance of the four task kinds, table-driven: each kind's documented status bodies (HUBSPOT.md, "Same
 * task shape elsewhere"; spec collection `PublicApiSpecs/…`), with and without their optional fields, with unknown
 * extra fields, with integer ids as numbers and as strings, pass through the real `getHubSpotTaskStatus` activity
 * (over HTTP from the simulator, under MockActivityEnvironment); and each rule that raises `HubSpotInvalidResponse`
 * does so for the kinds it applies to, naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { HubSpotTaskKind } from '../../src/common/task-kinds';
import type { HubSpotAsyncTaskStatus } from '../../src/common/task-status';
import { HubSpotSimulator } from '../../src/simulator';

let sim: HubSpotSimulator;
let baseUrl: string;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  baseUrl = await sim.start();
});
after(() => sim.stop());
beforeEach(() => sim.clearFaults());

/** A task id per kind: a string for the Files kinds, an int64 above 2^53 and an int32 for the others. */
const IDS: Record<HubSpotTaskKind, string> = {
  'folder-update': '7001',
  'file-import': 'imp-7002',
  'crm-export': '9007199254740993123',
  'source-code-extract': '2147483647',
};

/** Reads `body` (a string verbatim, anything else as JSON) as the status of a `kind` task. */
function read(kind: HubSpotTaskKind, body: unknown): Promise<HubSpotAsyncTaskStatus> {
  sim.injectFault({ kind: 'body', body }, { route: 'status' });
  const activities = createActivities({ baseUrl, token: 'sim-token', requestTimeoutMs: 2000 });
  return new MockActivityEnvironment().run(activities.getHubSpotTaskStatus, {
    kind,
    taskId: IDS[kind],
  }) as Promise<HubSpotAsyncTaskStatus>;
}

async function invalid(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    (value) => assert.fail(`expected HubSpotInvalidResponse, got ${JSON.stringify(value)}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApplicationFailure && err.type === 'HubSpotInvalidResponse', `got ${String(err)}`);
  assert.equal(err.nonRetryable, true);
  return err;
}

const DATES = {
  requestedAt: '2026-05-01T12:00:00.000Z',
  startedAt: '2026-05-01T12:00:01.000Z',
  completedAt: '2026-05-01T12:00:09.000Z',
};
const ERROR = {
  category: 'MISSING_SCOPES',
  message: 'm',
  status: 'error',
  context: { requiredScopes: ['content'] },
  links: {},
  errors: [{ message: 'd' }],
};
const FILE = {
  id: 501,
  name: 'a.png',
  path: '/x/a.png',
  size: 12,
  access: 'PRIVATE',
  archived: false,
  createdAt: DATES.completedAt,
};
const FOLDER = { id: '601', name: 'X', parentFolderId: 6, archived: false, createdAt: DATES.startedAt };
const URL = 'https://api.example.test/exports/1.csv';

/** One documented body per row: the kind, a name, the body, and what the reading must hold. */
const DOCUMENTED: Array<[HubSpotTaskKind, string, Record<string, unknown>, Partial<HubSpotAsyncTaskStatus>]> = [
  ['folder-update', 'PENDING with only status', { status: 'PENDING' }, { status: 'PENDING', numErrors: 0 }],
  [
    'folder-update',
    'COMPLETE, every field, taskId as a string',
    { taskId: IDS['folder-update'], status: 'COMPLETE', numErrors: 0, errors: [], links: {}, result: FOLDER, ...DATES },
    { status: 'COMPLETE', result: { ...FOLDER, id: '601', parentFolderId: '6' } as never },
  ],
  ['file-import', 'PENDING with only status', { status: 'PENDING' }, { status: 'PENDING', numErrors: 0, errors: [] }],
  [
    'file-import',
    'COMPLETE with its File (numeric id read as a string) and an unknown field',
    { taskId: IDS['file-import'], status: 'COMPLETE', result: FILE, shiny: true, ...DATES },
    { result: { ...FILE, id: '501' } as never, extra: { shiny: true } },
  ],
  [
    'file-import',
    'CANCELED with an error, numErrors as a string of digits',
    { status: 'CANCELED', numErrors: '1', errors: [ERROR], ...DATES },
    { status: 'CANCELED', numErrors: 1 },
  ],
  [
    'crm-export',
    'required fields only (no taskId echo: none is documented)',
    { status: 'PROCESSING', startedAt: DATES.startedAt, completedAt: DATES.completedAt },
    { status: 'PROCESSING', taskId: IDS['crm-export'], numErrors: 0 },
  ],
  [
    'crm-export',
    'COMPLETE with the download URL, every optional field and an unknown one',
    { status: 'COMPLETE', result: URL, numErrors: 0, errors: [], links: { a: 'b' }, exportId: 12, ...DATES },
    { result: URL as never, links: { a: 'b' }, extra: { exportId: 12 } },
  ],
  [
    'crm-export',
    'a taskId echo as a string of the same digits',
    { taskId: IDS['crm-export'], status: 'PENDING' },
    { taskId: IDS['crm-export'] },
  ],
  [
    'crm-export',
    'COMPLETE with a result that is not a string: kept in extra, not a failure',
    { status: 'COMPLETE', result: { url: URL }, ...DATES },
    { result: undefined, extra: { result: { url: URL } } },
  ],
  [
    'source-code-extract',
    'required fields only',
    { status: 'COMPLETE', startedAt: DATES.startedAt, completedAt: DATES.completedAt },
    { status: 'COMPLETE', numErrors: 0, errors: [], taskId: IDS['source-code-extract'] },
  ],
  [
    'source-code-extract',
    'undocumented errors, numErrors and result: kept in extra, never counted',
    { status: 'COMPLETE', numErrors: -3, errors: 'none', result: 1, requestedAt: DATES.requestedAt, links: {} },
    { numErrors: 0, errors: [], extra: { numErrors: -3, errors: 'none', result: 1 } },
  ],
  [
    'source-code-extract',
    'a taskId echo as a number',
    { taskId: Number(IDS['source-code-extract']), status: 'PENDING' },
    { taskId: IDS['source-code-extract'] },
  ],
];

describe('documented bodies of each kind pass, read as documented', () => {
  for (const [kind, name, body, expected] of DOCUMENTED) {
    it(`${kind}: ${name}`, async () => {
      const status = await read(kind, body);
      for (const [field, value] of Object.entries(expected)) {
        assert.deepEqual((status as unknown as Record<string, unknown>)[field], value, field);
      }
    });
  }

  it('crm-export: an int64 taskId echo above 2^53 sent as a JSON number is checked against the nearest number', async () => {
    const status = await read('crm-export', `{"taskId": ${IDS['crm-export']}, "status": "PENDING"}`);
    assert.equal(status.taskId, IDS['crm-export'], 'the kept id is the requested digits, not the rounded number');
  });
});

/** One rule per row: the kind, the body, the field the failure must name. */
const VIOLATIONS: Array<[HubSpotTaskKind, string, unknown, string]> = [
  ['folder-update', 'a status outside the four', { status: 'FAILED' }, 'status'],
  ['file-import', 'no status', { taskId: IDS['file-import'] }, 'status'],
  ['crm-export', 'a lower-case status', { status: 'complete' }, 'status'],
  ['source-code-extract', 'a status that is a number', { status: 3 }, 'status'],
  ['folder-update', "another task's id", { taskId: '7009', status: 'COMPLETE' }, 'taskId'],
  ['file-import', "another task's id", { taskId: 'imp-1', status: 'COMPLETE' }, 'taskId'],
  ['crm-export', "another task's digits", { taskId: '9007199254740993124', status: 'PENDING' }, 'taskId'],
  ['source-code-extract', "another task's number", { taskId: 12, status: 'PENDING' }, 'taskId'],
  ['folder-update', 'a negative numErrors', { status: 'COMPLETE', numErrors: -1 }, 'numErrors'],
  ['file-import', 'a fractional numErrors', { status: 'COMPLETE', numErrors: 1.5 }, 'numErrors'],
  ['crm-export', 'a numErrors that is text', { status: 'COMPLETE', numErrors: 'many' }, 'numErrors'],
  ['source-code-extract', 'a body that is a list', [{ status: 'COMPLETE' }], 'body'],
  ['crm-export', 'a body that is a string', '"COMPLETE"', 'body'],
];

describe('HubSpotInvalidResponse, per kind, naming the field', () => {
  for (const [kind, name, body, field] of VIOLATIONS) {
    it(`${kind}: ${name} → ${field}`, async () => {
      const err = await invalid(read(kind, body));
      assert.equal((err.details?.[0] as { field: string }).field, field);
      assert.match(
        err.message,
        new RegExp(`HubSpot sent an invalid ${kind === 'crm-export' ? 'CRM-export' : kind} status: ${field}`),
      );
    });
  }
});
