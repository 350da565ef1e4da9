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
      const unauthorized = await getStatus(baseUrl, 'x', 'not-a-token');
      assert.equal(unauthorized.status, 401);
      assert.deepEqual(rateHeaders(unauthorized), ['190', '189', '10000'], 'an unknown token is an app of its own');
      const again = await getStatus(baseUrl, 'x', 'not-a-token');
      assert.deepEqual(rateHeaders(again), ['190', '188', '10000'], 'rejected-by-auth requests count too');
      const notFound = await getStatus(baseUrl, 'x');
      assert.equal(notFound.status, 404);
      assert.deepEqual(rateHeaders(notFound), ['190', '188', '10000'], "sim-token's app: its second request");
    });
  });

  it('holds one rolling limit per app (per token), and a foreign consumer spends the same app budget', async () => {
    const clock = { now: 0 };
    await withSimulator(
      { now: () => clock.now, rateLimit: { max: 3 }, tokens: { a: {}, b: {} } },
      async (sim, baseUrl) => {
        const taskId = sim.createTask();
        for (let i = 0; i < 3; i++) assert.equal((await getStatus(baseUrl, taskId, 'a')).status, 200);
        assert.equal((await getStatus(baseUrl, taskId, 'a')).status, 429, "a's fourth in 10 s");
        const b = await getStatus(baseUrl, taskId, 'b');
        assert.equal(b.status, 200, 'b is another app with its own limit');
        assert.deepEqual(rateHeaders(b), ['3', '2', '10000']);
        clock.now += 10_001;
        const foreign = sim.startForeignConsumer({ requestsPerSecond: 200, token: 'b' });
        await new Promise((r) => setTimeout(r, 100));
        foreign.stop();
        const spent = foreign.stats();
        assert.ok(spent.sent >= 5, `the foreign consumer sent ${spent.sent}`);
        assert.equal(spent.rateLimited, spent.sent - 3, 'it gets 3 per window and ignores its 429s');
        assert.equal(
          (await getStatus(baseUrl, taskId, 'b')).status,
          429,
          "b's budget is spent by the other integration",
        );
        assert.equal((await getStatus(baseUrl, taskId, 'a')).status, 200, "a's is untouched");
      },
    );
  });

  it('holds a daily limit per app with the -Daily headers, and 429s it with policyName DAILY', async () => {
    await withSimulator({ rateLimit: { max: 100 }, dailyLimit: 2 }, async (sim, baseUrl) => {
      const taskId = sim.createTask({ pendingPolls: 10 });
      const first = await getStatus(baseUrl, taskId);
      assert.equal(first.headers.get('x-hubspot-ratelimit-daily'), '2');
      assert.equal(first.headers.get('x-hubspot-ratelimit-daily-remaining'), '1');
      await getStatus(baseUrl, taskId);
      const refused = await getStatus(baseUrl, taskId);
      assert.equal(refused.status, 429);
      const body = (await refused.json()) as { policyName: string; message: string; errorType: string };
      assert.equal(body.policyName, 'DAILY');
      assert.equal(body.errorType, 'RATE_LIMIT');
      assert.match(body.message, /daily limit/);
      assert.equal(refused.headers.get('x-hubspot-ratelimit-daily-remaining'), '0');
      assert.deepEqual(rateHeaders(refused), ['100', '98', '10000'], 'a refused request counts in neither limit');
      sim.resetDailyLimit();
      assert.equal((await getStatus(baseUrl, taskId)).status, 200, 'a new day');
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
