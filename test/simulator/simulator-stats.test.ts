import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotSimulator } from '../../src/simulator';
import { getStatus, pollStatus, postUpdate, startUpdate } from './helpers';

describe('HubSpotSimulator stats and log', () => {
  it('counts requests by route, status code, fault and rate limit', async () => {
    const clock = { now: 1_000_000 };
    const sim = new HubSpotSimulator({ now: () => clock.now, rateLimit: { max: 4 } });
    const baseUrl = await sim.start();
    try {
      const { id } = await startUpdate(baseUrl, { id: '10', name: 'n' });
      await pollStatus(baseUrl, id);
      sim.injectFault({ kind: 'status', status: 500 });
      await getStatus(baseUrl, id);
      await fetch(`${baseUrl}/elsewhere`, { headers: { Authorization: 'Bearer sim-token' } });
      await getStatus(baseUrl, id, 'secret-token-value'); // another app (token): its own limit
      await getStatus(baseUrl, id); // sim-token's 4th counted request
      await getStatus(baseUrl, id); // its 5th: over the limit of 4
      assert.deepEqual(sim.stats(), {
        requests: 7,
        byRoute: { start: 1, status: 5, folder: 0, other: 1 },
        byStatusCode: { '202': 1, '200': 2, '500': 1, '404': 1, '401': 1, '429': 1 },
        faultsInjected: { status: 1 },
        rateLimited: 1,
      });
    } finally {
      await sim.stop();
    }
  });

  it('logs method, path, outcome and task id, but never a token', async () => {
    const clock = { now: 5_000 };
    const sim = new HubSpotSimulator({ now: () => clock.now });
    const baseUrl = await sim.start();
    try {
      const token = sim.issueToken();
      const { id } = await startUpdate(baseUrl, { id: '10' });
      clock.now += 250;
      await getStatus(baseUrl, id, token);
      sim.injectFault({ kind: 'reset' });
      await assert.rejects(postUpdate(baseUrl, { id: '11' }, token));
      assert.deepEqual(sim.requestLog(), [
        { at: 5_000, method: 'POST', path: '/files/v3/folders/update/async', status: 202, taskId: id },
        {
          at: 5_250,
          method: 'GET',
          path: `/files/v3/folders/update/async/tasks/${id}/status`,
          status: 200,
          taskId: id,
        },
        { at: 5_250, method: 'POST', path: '/files/v3/folders/update/async', status: 'reset' },
      ]);
      const everything = JSON.stringify([sim.requestLog(), sim.stats(), sim.getTask(id)]);
      assert.equal(everything.includes(token), false);
      assert.equal(everything.includes('sim-token'), false);
      assert.equal(everything.toLowerCase().includes('bearer'), false);
    } finally {
      await sim.stop();
    }
  });

  it('finds the densest window of requests, and reset() zeroes counters and the log', async () => {
    const clock = { now: 0 };
    const sim = new HubSpotSimulator({ now: () => clock.now, rateLimit: { max: 3, intervalMs: 1_000 } });
    const baseUrl = await sim.start();
    try {
      for (const at of [0, 100, 900, 1_000, 1_500, 3_000]) {
        clock.now = at;
        await (await getStatus(baseUrl, 'x')).arrayBuffer();
      }
      assert.equal(sim.maxRequestsInWindow(1_000), 3);
      assert.equal(sim.maxRequestsInWindow(2_000), 5);
      assert.equal(sim.maxRequestsInWindow(1), 1);
      assert.equal(sim.stats().rateLimited, 0);
      clock.now = 3_001;
      await getStatus(baseUrl, 'x');
      await getStatus(baseUrl, 'x');
      assert.equal((await getStatus(baseUrl, 'x')).status, 429);
      sim.reset();
      assert.deepEqual(sim.stats(), {
        requests: 0,
        byRoute: { start: 0, status: 0, folder: 0, other: 0 },
        byStatusCode: {},
        faultsInjected: {},
        rateLimited: 0,
      });
      assert.deepEqual(sim.requestLog(), []);
      assert.equal(sim.maxRequestsInWindow(1_000), 0);
      assert.equal((await getStatus(baseUrl, 'x')).status, 404, 'reset() also empties the rate-limit window');
    } finally {
      await sim.stop();
    }
  });

  it('keeps two instances fully separate', async () => {
    const a = new HubSpotSimulator({ rateLimit: { max: 2 } });
    const b = new HubSpotSimulator();
    const [urlA, urlB] = await Promise.all([a.start(), b.start()]);
    try {
      assert.notEqual(urlA, urlB);
      const taskA = a.createTask();
      a.injectFault({ kind: 'status', status: 503 }, { count: 5 });
      const token = a.issueToken();
      assert.equal((await getStatus(urlB, taskA)).status, 404, 'b does not know a task of a');
      assert.equal((await getStatus(urlB, taskA, token)).status, 401, 'b does not know a token of a');
      assert.equal(b.stats().faultsInjected.status, undefined, "b does not get a's faults");
      assert.equal((await getStatus(urlA, taskA)).status, 503);
      assert.equal(a.stats().requests, 1);
      assert.equal(b.stats().requests, 2);
      const bodyB = await startUpdate(urlB, { id: '1', name: 'in-b' });
      for (let i = 0; i < 3; i += 1) await pollStatus(urlB, bodyB.id);
      assert.equal(b.getFolder('1')?.name, 'in-b');
      assert.equal(a.getFolder('1'), undefined);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('reports its base URL only once started, on 127.0.0.1', async () => {
    const sim = new HubSpotSimulator();
    assert.throws(() => sim.baseUrl, /not started/);
    const url = await sim.start();
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(sim.baseUrl, url);
      await assert.rejects(sim.start(), /already started/);
    } finally {
      await sim.stop();
      await sim.stop();
    }
  });
});
