import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HubSpotSimulator, missingScopeTaskError } from '../../src/simulator';
import type { HubSpotErrorBody } from '../../src/simulator';
import { getStatus, pollStatus, postUpdate, startUpdate } from './helpers';

describe('HubSpotSimulator tasks', () => {
  const clock = { now: Date.parse('2024-05-01T12:00:00.000Z') };
  const sim = new HubSpotSimulator({ now: () => clock.now });
  let baseUrl = '';
  before(async () => {
    baseUrl = await sim.start();
  });
  after(() => sim.stop());

  it('answers PENDING, PROCESSING, then COMPLETE by polls alone (the clock does not move)', async () => {
    const taskId = sim.createTask();
    const pending = await pollStatus(baseUrl, taskId);
    assert.deepEqual(pending, { taskId, status: 'PENDING', requestedAt: '2024-05-01T12:00:00.000Z', links: {} });
    const processing = await pollStatus(baseUrl, taskId);
    assert.equal(processing.status, 'PROCESSING');
    assert.equal(processing.startedAt, '2024-05-01T12:00:00.000Z');
    assert.equal(processing.completedAt, undefined);
    const complete = await pollStatus(baseUrl, taskId);
    assert.equal(complete.status, 'COMPLETE');
    assert.equal(complete.completedAt, '2024-05-01T12:00:00.000Z');
    assert.equal(complete.numErrors, 0);
    assert.equal(complete.errors, undefined);
    assert.ok(complete.result, 'a COMPLETE status carries the folder');
    assert.equal(sim.getTask(taskId)?.polls, 3);
  });

  it('follows the injected clock when the script has times', async () => {
    const script = { pendingMs: 5_000, processingMs: 10_000, pendingPolls: 0, processingPolls: 0 };
    const taskId = sim.createTask(script);
    const requestedAt = clock.now;
    assert.equal((await pollStatus(baseUrl, taskId)).status, 'PENDING');
    clock.now += 5_000;
    const processing = await pollStatus(baseUrl, taskId);
    assert.equal(processing.status, 'PROCESSING');
    assert.equal(processing.startedAt, new Date(requestedAt + 5_000).toISOString());
    clock.now += 9_999;
    assert.equal((await pollStatus(baseUrl, taskId)).status, 'PROCESSING');
    clock.now += 60_000;
    const complete = await pollStatus(baseUrl, taskId);
    assert.equal(complete.status, 'COMPLETE');
    assert.equal(complete.completedAt, new Date(requestedAt + 15_000).toISOString(), 'dated when it became due');
  });

  it('applies the POSTed name and parent on COMPLETE, and the result reflects them', async () => {
    sim.seedFolder({ id: '900', name: 'archive' });
    sim.seedFolder({ id: '901', name: 'drafts' });
    const locator = await startUpdate(baseUrl, { id: '901', name: 'drafts-2024', parentFolderId: 900 });
    assert.match(locator.id, /^[1-9]\d{17}$/);
    assert.deepEqual(locator.links, { status: `${baseUrl}/files/v3/folders/update/async/tasks/${locator.id}/status` });
    assert.equal(sim.getFolder('901')?.name, 'drafts', 'nothing changes before COMPLETE');
    await pollStatus(baseUrl, locator.id);
    await pollStatus(baseUrl, locator.id);
    const { status, result } = await pollStatus(baseUrl, locator.id);
    assert.equal(status, 'COMPLETE');
    assert.equal(result?.id, '901');
    assert.equal(result?.name, 'drafts-2024');
    assert.equal(result?.parentFolderId, '900');
    assert.equal(result?.path, '/archive/drafts-2024');
    assert.equal(result?.archived, false);
    assert.deepEqual(sim.getFolder('901'), result);
  });

  it('creates unknown folders lazily', async () => {
    const locator = await startUpdate(baseUrl, { id: '31337', name: 'fresh' });
    assert.equal(sim.getFolder('31337')?.name, 'folder-31337');
    for (let i = 0; i < 3; i += 1) await pollStatus(baseUrl, locator.id);
    assert.equal(sim.getFolder('31337')?.path, '/fresh');
  });

  it('uses scriptFolder for POSTs on that folder and defaultScript otherwise', async () => {
    sim.scriptFolder('777', { pendingPolls: 0, processingPolls: 0, outcome: 'CANCELED' });
    const scripted = await startUpdate(baseUrl, { id: '777', name: 'never' });
    const canceled = await pollStatus(baseUrl, scripted.id);
    assert.equal(canceled.status, 'CANCELED');
    assert.ok(canceled.completedAt);
    assert.equal(canceled.result, undefined, 'only COMPLETE carries a result');
    assert.equal(sim.getFolder('777')?.name, 'folder-777', 'a canceled update changes nothing');

    const other = new HubSpotSimulator({ defaultScript: { pendingPolls: 3 } });
    const otherUrl = await other.start();
    try {
      const { id } = await startUpdate(otherUrl, { id: '1' });
      assert.equal(other.getTask(id)?.script.pendingPolls, 3);
    } finally {
      await other.stop();
    }
  });

  it('reports scripted errors with numErrors, and can omit numErrors', async () => {
    const withErrors = sim.createTask({ pendingPolls: 0, processingPolls: 0, errors: [missingScopeTaskError()] });
    const body = await pollStatus(baseUrl, withErrors);
    assert.equal(body.numErrors, 1);
    assert.deepEqual(body.errors?.[0], {
      status: 'error',
      category: 'MISSING_SCOPES',
      message: body.errors?.[0]?.message,
      context: { missingScopes: ['files', 'files.ui_hidden.read'] },
      links: {},
      subCategory: {},
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          code: 'MISSING_SCOPES',
          context: '{missingScopes=[files, files.ui_hidden.read]}',
        },
      ],
    });
    const omitted = sim.createTask({ pendingPolls: 0, processingPolls: 0, omitNumErrors: true });
    const omittedBody = await pollStatus(baseUrl, omitted);
    assert.equal('numErrors' in omittedBody, false);
  });

  it('seeds tasks with a chosen id and folder, and snapshots them without counting a poll', async () => {
    const taskId = sim.createTask({ pendingPolls: 2 }, { taskId: 'fixed-1', folderId: '55' });
    assert.equal(taskId, 'fixed-1');
    assert.throws(() => sim.createTask({}, { taskId: 'fixed-1' }), /taskId \[fixed-1\] is already used/);
    const snapshot = sim.getTask(taskId);
    assert.equal(snapshot?.status, 'PENDING');
    assert.equal(snapshot?.folderId, '55');
    assert.equal(snapshot?.polls, 0);
    assert.equal(snapshot?.script.pendingPolls, 2);
    assert.equal(sim.getTask('nope'), undefined);
  });

  it('answers 404 OBJECT_NOT_FOUND for an unknown task', async () => {
    const res = await getStatus(baseUrl, '123456');
    assert.equal(res.status, 404);
    const body = (await res.json()) as HubSpotErrorBody;
    assert.equal(body.status, 'error');
    assert.equal(body.category, 'OBJECT_NOT_FOUND');
    assert.match(body.correlationId, /^[0-9a-f-]{36}$/);
  });

  it('answers 400 VALIDATION_ERROR for invalid POST bodies', async () => {
    const cases: Array<[string | object, RegExp]> = [
      ['{not json', /Invalid input JSON/],
      ['[1]', /expected an object/],
      [{ name: 'x' }, /id \[undefined\] is required/],
      [{ id: '' }, /id \[\] is required/],
      [{ id: 5 }, /id \[5\] is required/],
      [{ id: '1', name: 7 }, /name \[7\]/],
      [{ id: '1', parentFolderId: '12' }, /parentFolderId \[12\] must be a non-negative integer/],
      [{ id: '1', parentFolderId: 1.5 }, /parentFolderId \[1\.5\]/],
    ];
    for (const [body, message] of cases) {
      const res = await postUpdate(baseUrl, body);
      assert.equal(res.status, 400, `body ${JSON.stringify(body)}`);
      const error = (await res.json()) as HubSpotErrorBody;
      assert.equal(error.category, 'VALIDATION_ERROR');
      assert.equal(error.status, 'error');
      assert.match(error.message, message);
    }
  });
});
