import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotSimulator } from '../../src/simulator';
import type { HubSpotErrorBody } from '../../src/simulator';
import { getStatus, postUpdate } from './helpers';

async function errorOf(res: Response): Promise<HubSpotErrorBody> {
  return (await res.json()) as HubSpotErrorBody;
}

describe('HubSpotSimulator auth', () => {
  const clock = { now: 1_700_000_000_000 };
  const sim = new HubSpotSimulator({ now: () => clock.now });
  let baseUrl = '';
  let taskId = '';
  before(async () => {
    baseUrl = await sim.start();
    taskId = sim.createTask();
  });
  after(() => sim.stop());

  it('answers 401 INVALID_AUTHENTICATION without an Authorization header', async () => {
    const res = await getStatus(baseUrl, taskId, null);
    assert.equal(res.status, 401);
    const body = await errorOf(res);
    assert.equal(body.category, 'INVALID_AUTHENTICATION');
    assert.equal(body.status, 'error');
    assert.match(body.correlationId, /^[0-9a-f-]{36}$/);
    assert.equal(sim.getTask(taskId)?.polls, 0, 'a rejected poll does not count');
  });

  it('answers 401 for an unknown token and for a non-bearer scheme', async () => {
    assert.equal((await getStatus(baseUrl, taskId, 'not-a-token')).status, 401);
    const basic = await fetch(`${baseUrl}/files/v3/folders/update/async/tasks/${taskId}/status`, {
      headers: { Authorization: 'Basic c2ltLXRva2Vu' },
    });
    assert.equal(basic.status, 401);
  });

  it('answers 401 mentioning expiry once an issued token expires (simulator clock)', async () => {
    const token = sim.issueToken({ ttlMs: 60_000 });
    assert.match(token, /^sim-[0-9a-f]{32}$/);
    assert.equal((await getStatus(baseUrl, taskId, token)).status, 200);
    clock.now += 60_000;
    const res = await getStatus(baseUrl, taskId, token);
    assert.equal(res.status, 401);
    const body = await errorOf(res);
    assert.equal(body.category, 'EXPIRED_AUTHENTICATION');
    assert.match(body.message, /expired/);
  });

  it('answers 401 for a revoked token', async () => {
    const token = sim.issueToken();
    assert.equal((await postUpdate(baseUrl, { id: '1' }, token)).status, 202);
    assert.equal(sim.revokeToken(token), true);
    assert.equal(sim.revokeToken(token), false);
    assert.equal((await postUpdate(baseUrl, { id: '1' }, token)).status, 401);
  });

  it("answers 403 USER_DOES_NOT_HAVE_PERMISSIONS once the token's creating user is removed", async () => {
    const token = sim.issueToken();
    assert.equal((await postUpdate(baseUrl, { id: '1' }, token)).status, 202);
    assert.equal(sim.removeTokenCreator(token), true);
    assert.equal(sim.removeTokenCreator('unknown'), false);
    const res = await getStatus(baseUrl, taskId, token);
    assert.equal(res.status, 403);
    const body = await errorOf(res);
    assert.equal(body.category, 'USER_DOES_NOT_HAVE_PERMISSIONS');
    assert.match(body.correlationId, /^[0-9a-f-]{36}$/);
  });

  it("answers 403 with HubSpot's missing-scopes body when the token lacks 'files'", async () => {
    const token = sim.issueToken({ scopes: ['crm.objects.contacts.read'] });
    const res = await postUpdate(baseUrl, { id: '1' }, token);
    assert.equal(res.status, 403);
    const body = await errorOf(res);
    assert.deepEqual(body, {
      status: 'error',
      message:
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      correlationId: body.correlationId,
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: ['files'] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
      category: 'MISSING_SCOPES',
    });
    assert.match(body.correlationId, /^[0-9a-f-]{36}$/);
  });

  it('checks auth before validating the body', async () => {
    assert.equal((await postUpdate(baseUrl, '{bad', null)).status, 401);
  });

  it('accepts only the configured tokens when `tokens` is given', async () => {
    const other = new HubSpotSimulator({ tokens: { alpha: {}, beta: { scopes: ['files.ui_hidden.read'] } } });
    const url = await other.start();
    try {
      const id = other.createTask();
      assert.equal((await getStatus(url, id, 'alpha')).status, 200);
      assert.equal((await getStatus(url, id, 'beta')).status, 403);
      assert.equal((await getStatus(url, id, 'sim-token')).status, 401);
    } finally {
      await other.stop();
    }
  });
});
