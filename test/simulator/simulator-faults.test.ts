import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotSimulator, MALFORMED_BODY } from '../../src/simulator';
import type { FaultRates, HubSpotErrorBody } from '../../src/simulator';
import { getStatus, pollStatus, postUpdate } from './helpers';

/** Fetches and reads the body; rejects when either the request or the body read fails. */
async function fetchText(url: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { ...init, headers: { Authorization: 'Bearer sim-token', ...init.headers } });
  return { status: res.status, text: await res.text() };
}

describe('HubSpotSimulator faults', () => {
  const sim = new HubSpotSimulator();
  let baseUrl = '';
  before(async () => {
    baseUrl = await sim.start();
  });
  afterEach(() => sim.clearFaults());
  after(() => sim.stop());

  it('status: answers the given status with a HubSpot error body, and does not advance the task', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'status', status: 503 }, { count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const res = await getStatus(baseUrl, taskId);
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('x-hubspot-ratelimit-max'), '190');
      const body = (await res.json()) as HubSpotErrorBody;
      assert.equal(body.status, 'error');
      assert.equal(typeof body.category, 'string');
    }
    assert.equal(sim.getTask(taskId)?.polls, 0, 'faulted polls are not counted');
    assert.equal((await pollStatus(baseUrl, taskId)).status, 'PENDING', 'the first real poll still sees PENDING');
    assert.equal(sim.stats().faultsInjected.status, 2);
  });

  it('status: sends a custom body and headers', async () => {
    sim.injectFault({ kind: 'status', status: 400, body: { custom: true }, headers: { 'X-Test': 'yes' } });
    const res = await getStatus(baseUrl, 'any');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-test'), 'yes');
    assert.deepEqual(await res.json(), { custom: true });
  });

  it('rateLimited: answers 429 with the HubSpot body, Remaining 0 and the requested Retry-After', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'rateLimited', retryAfterSeconds: 3 });
    const res = await getStatus(baseUrl, taskId);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(res.headers.get('x-hubspot-ratelimit-remaining'), '0');
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.errorType, 'RATE_LIMIT');
    assert.equal(body.policyName, 'TEN_SECONDLY_ROLLING');
    assert.equal(sim.getTask(taskId)?.polls, 0);
    sim.injectFault({ kind: 'rateLimited' });
    assert.equal((await getStatus(baseUrl, taskId)).headers.get('retry-after'), null, 'no Retry-After by default');
  });

  it('hang: never answers until the client aborts', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'hang' });
    await assert.rejects(getStatus(baseUrl, taskId, undefined, { signal: AbortSignal.timeout(150) }), {
      name: 'TimeoutError',
    });
    assert.equal(sim.getTask(taskId)?.polls, 0);
    assert.equal(sim.requestLog().at(-1)?.status, 'hang');
  });

  it('reset: destroys the socket without an answer', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'reset' });
    await assert.rejects(getStatus(baseUrl, taskId), TypeError);
    assert.equal(sim.getTask(taskId)?.polls, 0);
    assert.equal(sim.requestLog().at(-1)?.status, 'reset');
    assert.equal((await pollStatus(baseUrl, taskId)).status, 'PENDING', 'the simulator still answers afterwards');
  });

  it('malformed: answers 200 JSON content type with a body that is not JSON', async () => {
    sim.injectFault({ kind: 'malformed' });
    const res = await getStatus(baseUrl, sim.createTask());
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const text = await res.text();
    assert.equal(text, MALFORMED_BODY);
    assert.throws(() => JSON.parse(text) as unknown, SyntaxError);
  });

  it('truncated: the client gets an error reading a body cut in the middle, and the task is not advanced', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'truncated' }, { route: 'status' });
    await assert.rejects(async () => {
      const { text } = await fetchText(`${baseUrl}/files/v3/folders/update/async/tasks/${taskId}/status`);
      JSON.parse(text);
    });
    assert.equal(sim.getTask(taskId)?.polls, 0);
    assert.equal((await pollStatus(baseUrl, taskId)).status, 'PENDING');
  });

  it('delay: answers normally after the delay, counting the poll', async () => {
    const taskId = sim.createTask();
    sim.injectFault({ kind: 'delay', ms: 120 });
    const started = performance.now();
    const body = await pollStatus(baseUrl, taskId);
    assert.ok(performance.now() - started >= 100, 'answered after the delay');
    assert.equal(body.status, 'PENDING');
    assert.equal(sim.getTask(taskId)?.polls, 1);
  });

  it('body: answers exactly the given body, to test invalid answers', async () => {
    sim.injectFault({ kind: 'body', body: { taskId: '1', status: 'EXPLODED' } });
    const json = await getStatus(baseUrl, 'x');
    assert.equal(json.status, 200);
    assert.deepEqual(await json.json(), { taskId: '1', status: 'EXPLODED' });
    sim.injectFault({ kind: 'body', status: 202, body: '{"id":' });
    const raw = await postUpdate(baseUrl, { id: '1' });
    assert.equal(raw.status, 202);
    assert.equal(await raw.text(), '{"id":');
  });

  it("filesThrottled: answers 429 with Files' creation-throttle message, outside the app's rate-limit headers", async () => {
    sim.injectFault({ kind: 'filesThrottled' }, { route: 'start' });
    const res = await postUpdate(baseUrl, { id: '1' });
    assert.equal(res.status, 429);
    assert.notEqual(res.headers.get('x-hubspot-ratelimit-remaining'), '0', 'the app still has budget');
    const body = (await res.json()) as { message: string; status: string; correlationId: string };
    assert.equal(body.message, 'Rate limit exceeded for creating files. Retry in 1 minute.');
    assert.equal(body.status, 'error');
    assert.equal((await postUpdate(baseUrl, { id: '1' })).status, 202, 'one request only');
  });

  it('targets a route and a count', async () => {
    sim.injectFault({ kind: 'status', status: 502 }, { route: 'start', count: 2 });
    const taskId = sim.createTask();
    assert.equal((await getStatus(baseUrl, taskId)).status, 200, 'status polls are not targeted');
    assert.equal((await postUpdate(baseUrl, { id: '1' })).status, 502);
    assert.equal((await postUpdate(baseUrl, { id: '1' })).status, 502);
    assert.equal((await postUpdate(baseUrl, { id: '1' })).status, 202);
  });

  it('validates faults by field and value', () => {
    assert.throws(() => sim.injectFault({ kind: 'hang' }, { count: 0 }), /count \[0\]/);
    assert.throws(() => sim.injectFault({ kind: 'status', status: 99 }), /fault status \[99\]/);
    assert.throws(() => sim.injectFault({ kind: 'delay', ms: -1 }), /ms \[-1\]/);
    assert.throws(() => sim.setFaultRates({ reset: 1.5 }), /faultRates\.reset \[1\.5\]/);
    assert.throws(() => sim.setFaultRates({ reset: 0.6, hang: 0.6 }), /sum to \[1\.2\]/);
  });
});

describe('HubSpotSimulator seeded fault rates', () => {
  const rates: FaultRates = { serverError: 0.25, rateLimited: 0.15, malformed: 0.1, truncated: 0.1, reset: 0.1 };

  /** Outcomes of 40 sequential polls on a fresh simulator with `rates` and `seed`. */
  async function outcomes(seed: number): Promise<string[]> {
    const sim = new HubSpotSimulator({ faultRates: rates, faultSeed: seed, rateLimit: false });
    const baseUrl = await sim.start();
    try {
      const taskId = sim.createTask({ pendingPolls: 1_000 });
      const seen: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        try {
          const { status, text } = await fetchText(`${baseUrl}/files/v3/folders/update/async/tasks/${taskId}/status`);
          JSON.parse(text);
          seen.push(String(status));
        } catch (error) {
          seen.push(error instanceof SyntaxError ? 'invalid-json' : 'network');
        }
      }
      assert.equal(sim.getTask(taskId)?.polls, seen.filter((outcome) => outcome === '200').length);
      return seen;
    } finally {
      await sim.stop();
    }
  }

  it('repeats the same fault sequence for the same seed, and a different one for another seed', async () => {
    const first = await outcomes(1234);
    assert.deepEqual(await outcomes(1234), first);
    assert.notDeepEqual(await outcomes(99), first);
    assert.ok(first.includes('200') && first.some((outcome) => outcome !== '200'), first.join());
  });

  it('setFaultRates restarts the PRNG so a reset sequence repeats', async () => {
    const sim = new HubSpotSimulator({ rateLimit: false });
    const baseUrl = await sim.start();
    try {
      const run = async (): Promise<number[]> => {
        sim.setFaultRates({ serverError: 0.5 }, 7);
        const statuses: number[] = [];
        for (let i = 0; i < 20; i += 1) statuses.push((await getStatus(baseUrl, 'x')).status);
        return statuses;
      };
      const first = await run();
      assert.deepEqual(await run(), first);
      assert.ok(first.some((status) => status >= 500) && first.includes(404), first.join());
    } finally {
      await sim.stop();
    }
  });
});

describe('HubSpotSimulator stop', () => {
  it('destroys hung requests and cancels pending delays', async () => {
    const sim = new HubSpotSimulator();
    const baseUrl = await sim.start();
    sim.injectFault({ kind: 'hang' });
    sim.injectFault({ kind: 'delay', ms: 60_000 });
    const hung = assert.rejects(getStatus(baseUrl, 'x'), TypeError);
    const delayed = assert.rejects(getStatus(baseUrl, 'y'), TypeError);
    while (sim.stats().faultsInjected.delay !== 1 || sim.stats().faultsInjected.hang !== 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const started = performance.now();
    await sim.stop();
    await hung;
    await delayed;
    assert.ok(performance.now() - started < 1_000, 'stop does not wait for hung requests');
  });
});
