/**
 * The generic task activities under MockActivityEnvironment, against the HubSpot simulator over real HTTP:
 * `startHubSpotTask` for each kind (its path, its body, its task id; an int64 id above 2^53 kept whole; a bad answer
 * as `HubSpotInvalidResponse`), `getHubSpotTaskStatus`, `watchHubSpotTask` and `pollHubSpotTaskUntilDone` on the other
 * kinds, and bad input refused before any HTTP call.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { HubSpotTaskKind } from '../../src/common/task-kinds';
import { HubSpotSimulator } from '../../src/simulator';
import { applicationFailureOf, assertTypedFailure } from '../helpers/failures';

let sim: HubSpotSimulator;

before(async () => {
  sim = new HubSpotSimulator({ rateLimit: false });
  await sim.start();
});
after(() => sim.stop());
beforeEach(() => sim.clearFaults());

const activities = () =>
  createActivities({ baseUrl: sim.baseUrl, token: 'sim-token', requestTimeoutMs: 2000, random: () => 0 });

/** `env.run` with the activity's own types, as attempt 1 of an activity scheduled now with an hour to run. */
function run<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  const now = Date.now();
  const info = {
    scheduledTimestampMs: now,
    currentAttemptScheduledTimestampMs: now,
    scheduleToCloseTimeoutMs: 3_600_000,
  };
  return new MockActivityEnvironment(info).run(fn, ...args) as Promise<R>;
}

const REQUESTS: Record<Exclude<HubSpotTaskKind, 'folder-update'>, [unknown, string]> = {
  'file-import': [
    { url: 'https://assets.example.test/a.png', access: 'PRIVATE', folderPath: '/x' },
    '/files/v3/files/import-from-url/async',
  ],
  'crm-export': [
    {
      exportType: 'VIEW',
      exportName: 'All',
      format: 'CSV',
      language: 'EN',
      objectType: 'CONTACT',
      objectProperties: ['email'],
      somethingNew: { kept: true },
    },
    '/crm/v3/exports/export/async',
  ],
  'source-code-extract': [{ path: '/theme/a.zip' }, '/cms/v3/source-code/extract/async'],
};

describe('startHubSpotTask', () => {
  for (const [kind, [request, path]] of Object.entries(REQUESTS) as Array<[HubSpotTaskKind, [unknown, string]]>) {
    it(`${kind}: POSTs ${path} and returns a task the simulator knows`, async () => {
      const { taskId } = await run(activities().startHubSpotTask, { kind, request });
      assert.equal(sim.getTask(taskId)?.kind, kind);
      const post = sim.requestLog().find((e) => e.method === 'POST' && e.taskId === taskId);
      assert.equal(post?.path, path);
    });
  }

  it('crm-export: a task id sent as a JSON number above 2^53 keeps every digit', async () => {
    const big = '9007199254740993123';
    sim.injectFault({ kind: 'body', status: 202, body: `{"id": ${big}, "links": {}}` }, { route: 'start' });
    const { taskId } = await run(activities().startHubSpotTask, {
      kind: 'crm-export',
      request: REQUESTS['crm-export'][0],
    });
    assert.equal(taskId, big);
  });

  it('source-code-extract: an id outside int32 in the answer is HubSpotInvalidResponse naming id', async () => {
    sim.injectFault({ kind: 'body', status: 202, body: { id: '4294967296' } }, { route: 'start' });
    const f = await applicationFailureOf(
      run(activities().startHubSpotTask, { kind: 'source-code-extract', request: { path: '/a.zip' } }),
    );
    assertTypedFailure(
      f,
      'HubSpotInvalidResponse',
      /answer to POST source-code extract of \/a\.zip: id must be an int32/,
      'id',
    );
  });

  it('refuses a bad kind or request before any HTTP call, naming the field', async () => {
    const before = sim.stats().requests;
    const badKind = await applicationFailureOf(
      run(activities().startHubSpotTask, { kind: 'hubdb-import' as HubSpotTaskKind, request: {} }),
    );
    assertTypedFailure(badKind, 'InvalidInput', /kind must be one of/, 'kind');
    const badRequest = await applicationFailureOf(
      run(activities().startHubSpotTask, {
        kind: 'file-import',
        request: { url: 'https://u:p@h.test/a', access: 'PRIVATE', folderId: 1 },
      }),
    );
    assertTypedFailure(badRequest, 'InvalidInput', /url must be an http or https URL with a host and no user/, 'url');
    assert.equal(sim.stats().requests, before);
  });
});

describe('the generic pollers on the other kinds', () => {
  const schedule = { initialPollIntervalMs: 10, maxPollIntervalMs: 20, backoffCoefficient: 2 };

  it('getHubSpotTaskStatus reads a CRM export by its int64 id', async () => {
    const taskId = sim.createTask({}, { kind: 'crm-export' });
    const status = await run(activities().getHubSpotTaskStatus, { kind: 'crm-export', taskId });
    assert.equal(status.status, 'PENDING');
    assert.equal(status.taskId, taskId);
  });

  it('watchHubSpotTask polls a source-code extract to COMPLETE inside one activity', async () => {
    const taskId = sim.createTask({ pendingPolls: 2, processingPolls: 2 }, { kind: 'source-code-extract' });
    const result = await run(activities().watchHubSpotTask, {
      kind: 'source-code-extract',
      taskId,
      windowMs: 60_000,
      pollsBefore: 0,
      schedule,
    });
    assert.equal(result.status.status, 'COMPLETE');
    assert.equal(result.polls, 5);
  });

  it('pollHubSpotTaskUntilDone fails a file import not done yet with FolderUpdatePending naming the kind', async () => {
    const taskId = sim.createTask({ pendingPolls: 5 }, { kind: 'file-import' });
    const lastStatus = { taskId, status: 'PENDING' as const, numErrors: 0, errors: [] };
    const f = await applicationFailureOf(
      run(activities().pollHubSpotTaskUntilDone, {
        kind: 'file-import' as const,
        taskId,
        schedule,
        pollsBefore: 1,
        maxDelayMs: 60_000,
        lastStatus,
      }),
    );
    assert.equal(f.type, 'FolderUpdatePending');
    assert.match(f.message, new RegExp(`File-import task ${taskId} is not done`));
    assert.equal(f.nonRetryable, false);
  });

  it('pollHubSpotTaskUntilDone returns a terminal export with its URL', async () => {
    const taskId = sim.createTask({ pendingPolls: 0, processingPolls: 0 }, { kind: 'crm-export' });
    const result = await run(activities().pollHubSpotTaskUntilDone, {
      kind: 'crm-export',
      taskId,
      schedule,
      pollsBefore: 0,
      maxDelayMs: 60_000,
    });
    assert.equal(result.status.result, `${sim.baseUrl}/simulator/exports/${taskId}.csv`);
  });

  it('refuses a task id of the wrong type for the kind before any HTTP call', async () => {
    const before = sim.stats().requests;
    const f = await applicationFailureOf(
      run(activities().watchHubSpotTask, { kind: 'crm-export', taskId: '12a', windowMs: 0, pollsBefore: 0, schedule }),
    );
    assertTypedFailure(f, 'InvalidInput', /taskId must be an int64/, 'taskId');
    assert.equal(sim.stats().requests, before);
  });
});
