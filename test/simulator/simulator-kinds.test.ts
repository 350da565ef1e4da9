import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { API_VERSIONS } from '../../src/common/api-version';
import { TASK_KIND_FACTS } from '../../src/common/task-kinds';
import { HubSpotSimulator } from '../../src/simulator';
import { authHeaders, TOKEN } from './helpers';

const EXPORT_REQUEST = {
  exportType: 'VIEW',
  exportName: 'Q3 contacts',
  format: 'CSV',
  language: 'EN',
  objectType: 'CONTACT',
  objectProperties: ['email', 'firstname'],
};
const IMPORT_REQUEST = { url: 'https://assets.example.test/logo.png', access: 'PRIVATE', folderPath: '/imports' };

describe('HubSpotSimulator task kinds', () => {
  const clock = { now: Date.parse('2026-05-01T12:00:00.000Z') };
  const sim = new HubSpotSimulator({ now: () => clock.now, rateLimit: false });
  let baseUrl = '';
  before(async () => {
    baseUrl = await sim.start();
  });
  after(() => sim.stop());

  const post = (path: string, body: unknown, token: string = TOKEN) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { ...authHeaders(token), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const poll = async (path: string, token: string = TOKEN) => {
    const res = await fetch(`${baseUrl}${path}`, { headers: authHeaders(token) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('imports a file from a URL: a string task id echoed in a FileActionResponse, the File as result', async () => {
    const res = await post('/files/v3/files/import-from-url/async', IMPORT_REQUEST);
    assert.equal(res.status, 202);
    const { id, links } = (await res.json()) as { id: string; links: { status: string } };
    assert.equal(typeof id, 'string');
    const statusPath = TASK_KIND_FACTS['file-import'].statusPath(id);
    assert.equal(links.status, `${baseUrl}${statusPath}`);
    assert.deepEqual((await poll(statusPath)).body, {
      taskId: id,
      status: 'PENDING',
      requestedAt: '2026-05-01T12:00:00.000Z',
      links: {},
    });
    await poll(statusPath);
    const complete = (await poll(statusPath)).body;
    assert.equal(complete.status, 'COMPLETE');
    assert.equal(complete.numErrors, 0);
    const file = complete.result as Record<string, unknown>;
    assert.equal(file.name, 'logo.png');
    assert.equal(file.path, '/imports/logo.png');
    assert.equal(file.access, 'PRIVATE');
    assert.equal(file.extension, 'png');
  });

  it('cancels a file import when its kind is scripted so, without a result', async () => {
    sim.scriptKind('file-import', { outcome: 'CANCELED', pendingPolls: 0, processingPolls: 0 });
    try {
      const { id } = (await (await post('/files/2026-03/files/import-from-url/async', IMPORT_REQUEST)).json()) as {
        id: string;
      };
      const canceled = (await poll(TASK_KIND_FACTS['file-import'].statusPath(id, '2026-03'))).body;
      assert.equal(canceled.status, 'CANCELED');
      assert.equal(canceled.result, undefined);
      assert.equal(sim.getTask(id)?.kind, 'file-import');
    } finally {
      sim.scriptKind('file-import', {});
    }
  });

  it('exports CRM records: an int64 task id above 2^53, no taskId echo, the download URL as result', async () => {
    const res = await post('/crm/v3/exports/export/async', EXPORT_REQUEST);
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    assert.match(id, /^\d{18}$/);
    assert.ok(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER));
    const statusPath = `/crm/v3/exports/export/async/tasks/${id}/status`;
    const pending = (await poll(statusPath)).body;
    assert.equal('taskId' in pending, false);
    await poll(statusPath);
    const complete = (await poll(statusPath)).body;
    assert.deepEqual(Object.keys(complete).sort(), [
      'completedAt',
      'links',
      'numErrors',
      'requestedAt',
      'result',
      'startedAt',
      'status',
    ]);
    assert.equal(complete.result, `${baseUrl}/simulator/exports/${id}.csv`);
  });

  it('extracts source code: an int32 task id, a body without taskId, errors, numErrors or result', async () => {
    const res = await post('/cms/source-code/2026-09/extract/async', { path: '/my-theme/archive.zip' });
    assert.equal(res.status, 202);
    const { id } = (await res.json()) as { id: string };
    assert.ok(Number(id) <= 2 ** 31 - 1);
    const statusPath = `/cms/source-code/2026-09/extract/async/tasks/${id}/status`;
    await poll(statusPath);
    await poll(statusPath);
    const complete = (await poll(statusPath)).body;
    assert.deepEqual(Object.keys(complete).sort(), ['completedAt', 'links', 'requestedAt', 'startedAt', 'status']);
    assert.equal(complete.status, 'COMPLETE');
  });

  it('serves every kind under v3 and every date version, at the paths the kinds build', async () => {
    for (const kind of ['crm-export', 'source-code-extract'] as const) {
      for (const version of API_VERSIONS) {
        const taskId = sim.createTask({}, { kind });
        const { status, body } = await poll(TASK_KIND_FACTS[kind].statusPath(taskId, version));
        assert.equal(status, 200, `${kind} ${version}`);
        assert.equal(body.status, 'PENDING');
      }
    }
  });

  it("answers 404 for a task polled at another kind's status path", async () => {
    const taskId = sim.createTask({}, { kind: 'crm-export' });
    assert.equal((await poll(TASK_KIND_FACTS['folder-update'].statusPath(taskId))).status, 404);
  });

  it("refuses a start body the kind's validation refuses, naming the field, with 400 VALIDATION_ERROR", async () => {
    const res = await post('/cms/v3/source-code/extract/async', { path: '' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { category: string; message: string };
    assert.equal(body.category, 'VALIDATION_ERROR');
    assert.match(body.message, /path must be a non-empty string/);
  });

  it("needs each kind's scope: crm.export for exports, content for extracts, a Files read scope for import status", async () => {
    const filesOnly = sim.issueToken({ scopes: ['files.read'] });
    const exportRes = await post('/crm/v3/exports/export/async', EXPORT_REQUEST, filesOnly);
    assert.equal(exportRes.status, 403);
    assert.match(JSON.stringify(await exportRes.json()), /crm\.export/);
    const taskId = sim.createTask({}, { kind: 'file-import' });
    assert.equal((await poll(TASK_KIND_FACTS['file-import'].statusPath(taskId), filesOnly)).status, 200);
    assert.equal((await poll(TASK_KIND_FACTS['folder-update'].statusPath(sim.createTask()), filesOnly)).status, 403);
  });
});
