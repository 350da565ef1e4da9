import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotSimulator } from '../../src/simulator';
import type { HubSpotSimulatorOptions } from '../../src/simulator';
import { getStatus } from './helpers';

async function withSimulator(
  options: HubSpotSimulatorOptions,
  body: (sim: HubSpotSimulator, baseUrl: string) => Promise<void>,
): Promise<void> {
  const sim = new HubSpotSimulator(options);
  const baseUrl = await sim.start();
  try {
    await body(sim, baseUrl);
  } finally {
    await sim.stop();
  }
}

function rateHeaders(res: Response): [string | null, string | null, string | null] {
  return [
    res.headers.get('x-hubspot-ratelimit-max'),
    res.headers.get('x-hubspot-ratelimit-remaining'),
    res.headers.get('x-hubspot-ratelimit-interval-milliseconds'),
  ];
}

describe('HubSpotSimulator rate limit', () => {
  it("sends HubSpot's headers on every answer, 190 per 10 s by default", async () => {
    await withSimulator({}, async (sim, baseUrl) => {
      const ok = await getStatus(baseUrl, sim.createTask());
      assert.deepEqual(rateHeaders(ok), ['190', '189', '10000']);
      const unauthorized = await getStatus(baseUrl, 'x', null);
      assert.equal(unauthorized.status, 401);
      assert.deepEqual(rateHeaders(unauthorized), ['190', '188', '10000'], 'rejected-by-auth requests count too');
    });
  });

  it("answers 429 with HubSpot's body over the rolling limit, without Retry-After by default", async () => {
    const clock = { now: 0 };
    await withSimulator({ now: () => clock.now, rateLimit: { max: 3, intervalMs: 1_000 } }, async (sim, baseUrl) => {
      const taskId = sim.createTask({ pendingPolls: 100 });
      for (const remaining of ['2', '1', '0']) {
        const res = await getStatus(baseUrl, taskId);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('x-hubspot-ratelimit-remaining'), remaining);
        clock.now += 100;
      }
      const limited = await getStatus(baseUrl, taskId);
      assert.equal(limited.status, 429);
      assert.deepEqual(rateHeaders(limited), ['3', '0', '1000']);
      assert.equal(limited.headers.get('retry-after'), null);
      const body = (await limited.json()) as Record<string, unknown>;
      assert.deepEqual(body, {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: body.correlationId,
        policyName: 'TEN_SECONDLY_ROLLING',
      });
      assert.equal(sim.getTask(taskId)?.polls, 3, 'a 429 does not count as a poll');
      assert.equal(sim.stats().rateLimited, 1);

      clock.now = 999;
      assert.equal(
        (await getStatus(baseUrl, taskId)).status,
        429,
        '429s are not counted, but the window still holds 3',
      );
      clock.now = 1_000;
      assert.equal((await getStatus(baseUrl, taskId)).status, 200, 'the request at 0 left the window');
    });
  });

  it('sends Retry-After (whole seconds until a slot frees, at least 1) when retryAfterHeader is on', async () => {
    const clock = { now: 0 };
    const options = { now: () => clock.now, rateLimit: { max: 1, intervalMs: 10_000 }, retryAfterHeader: true };
    await withSimulator(options, async (_sim, baseUrl) => {
      assert.equal((await getStatus(baseUrl, 'x')).status, 404);
      clock.now = 2_500;
      const limited = await getStatus(baseUrl, 'x');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '8', '7.5 s rounded up');
      clock.now = 9_999;
      assert.equal((await getStatus(baseUrl, 'x')).headers.get('retry-after'), '1', '1 ms rounds up to 1 s');
    });
  });

  it('sends no rate-limit headers and never 429s with rateLimit: false', async () => {
    await withSimulator({ rateLimit: false }, async (_sim, baseUrl) => {
      for (let i = 0; i < 250; i += 1) {
        const res = await getStatus(baseUrl, 'x');
        assert.equal(res.status, 404);
        if (i === 0) assert.deepEqual(rateHeaders(res), [null, null, null]);
        await res.arrayBuffer();
      }
    });
  });
});
