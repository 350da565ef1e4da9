/**
 * `apiVersion` and the 401 refresh against the simulator over real HTTP: a date version sends both calls to
 * `/files/<version>/…`, which the simulator serves beside v3; an expired OAuth token is refreshed once and a second
 * refusal keeps HubSpot's EXPIRED_AUTHENTICATION category.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../src/activities';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { HubSpotSimulator } from '../../src/simulator';

const clock = { now: 1_780_000_000_000 };
let sim: HubSpotSimulator;
let baseUrl: string;

before(async () => {
  sim = new HubSpotSimulator({
    rateLimit: false,
    now: () => clock.now,
    defaultScript: { pendingPolls: 0, processingPolls: 0 },
  });
  baseUrl = await sim.start();
});
after(() => sim.stop());

const run = <R>(fn: (...args: never[]) => Promise<R>, ...args: unknown[]): Promise<R> =>
  new MockActivityEnvironment().run(fn as never, ...(args as never[])) as Promise<R>;

describe('apiVersion', () => {
  for (const apiVersion of ['v3', '2025-09', '2026-03', '2026-09']) {
    it(`sends the POST and the status GET under /files/${apiVersion}/, and the simulator answers both`, async () => {
      sim.reset();
      const a = createActivities({ baseUrl, token: 'sim-token', apiVersion });
      const { taskId } = await run(a.startFolderUpdate, { folderId: '77', name: 'Versioned' });
      const status = await run<FolderUpdateStatus>(a.getFolderUpdateStatus, taskId);
      assert.equal(status.status, 'COMPLETE');
      assert.equal(status.result?.name, 'Versioned');
      assert.deepEqual(
        sim.requestLog().map((e) => [e.method, e.path, e.status]),
        [
          ['POST', `/files/${apiVersion}/folders/update/async`, 202],
          ['GET', `/files/${apiVersion}/folders/update/async/tasks/${taskId}/status`, 200],
        ],
      );
    });
  }

  it('the locator links to the status under the version the POST used', async () => {
    const res = await fetch(`${baseUrl}/files/2026-03/folders/update/async`, {
      method: 'POST',
      headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
      body: JSON.stringify({ id: '78', name: 'n' }),
    });
    const body = (await res.json()) as { id: string; links: { status: string } };
    assert.equal(res.status, 202);
    assert.equal(body.links.status, `${baseUrl}/files/2026-03/folders/update/async/tasks/${body.id}/status`);
  });

  for (const bad of ['v4', '2026-3', '2025-12', '2026-04', '2027-03', 'latest', '']) {
    it(`rejects apiVersion ${JSON.stringify(bad)} when the activities are built`, () => {
      assert.throws(
        () => createActivities({ baseUrl, token: 'sim-token', apiVersion: bad }),
        new RegExp(`apiVersion must be one of 'v3', '2025-09', '2026-03', '2026-09', got ${JSON.stringify(bad)}`),
      );
    });
  }
});

describe('401 EXPIRED_AUTHENTICATION', () => {
  it('refreshes an expired OAuth token once and retries, with a token function', async () => {
    const expired = sim.issueToken({ ttlMs: 1000 });
    const fresh = sim.issueToken({ ttlMs: 30 * 60_000 });
    clock.now += 2000;
    const calls: boolean[] = [];
    const token = ({ forceRefresh }: { forceRefresh: boolean }) => (
      calls.push(forceRefresh),
      forceRefresh ? fresh : expired
    );
    const a = createActivities({ baseUrl, token });
    const taskId = sim.createTask();
    const status = await run<FolderUpdateStatus>(a.getFolderUpdateStatus, taskId);
    assert.equal(status.taskId, taskId);
    assert.deepEqual(calls, [false, true]);
  });

  it('fails with HubSpotUnauthorized keeping category EXPIRED_AUTHENTICATION when the refreshed token is expired too', async () => {
    const expired = sim.issueToken({ ttlMs: 1000 });
    clock.now += 2000;
    const a = createActivities({ baseUrl, token: () => expired });
    const err = await run(a.getFolderUpdateStatus, sim.createTask()).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplicationFailure);
    assert.equal(err.type, 'HubSpotUnauthorized');
    assert.equal((err.details?.[0] as { category?: string }).category, 'EXPIRED_AUTHENTICATION');
    assert.match(err.message, /expired \d+ second\(s\) ago.*about 30 minutes/);
    assert.ok(!err.message.includes(expired), 'the token never appears in a failure');
  });
});
