/** The simulator's folder tree and `GET /files/v3/folders/{folderId}` (HubSpot's `Folder` shape, 404 for unknown). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubSpotSimulator } from '../../src/simulator';
import { authHeaders, pollStatus, startUpdate } from './helpers';

async function getFolder(baseUrl: string, id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/files/v3/folders/${id}`, { headers: authHeaders() });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('HubSpotSimulator folders', () => {
  const clock = { now: Date.parse('2024-05-01T12:00:00.000Z') };
  const sim = new HubSpotSimulator({ now: () => clock.now, implicitFolders: false, rateLimit: false });
  let baseUrl = '';
  before(async () => {
    baseUrl = await sim.start();
    sim.seedFolder({ id: '1', name: 'marketing' });
    sim.seedFolder({ id: '2', name: '2024', parentFolderId: '1' });
    sim.seedFolder({ id: '3', name: 'q1', parentFolderId: '2' });
    sim.seedFolder({ id: '4', name: 'archive' });
  });
  after(() => sim.stop());

  it("answers a folder in HubSpot's Folder shape, with its path and parent as strings", async () => {
    const { status, body } = await getFolder(baseUrl, '3');
    assert.equal(status, 200);
    assert.deepEqual(body, {
      id: '3',
      name: 'q1',
      parentFolderId: '2',
      path: '/marketing/2024/q1',
      archived: false,
      createdAt: '2024-05-01T12:00:00.000Z',
      updatedAt: '2024-05-01T12:00:00.000Z',
    });
    assert.equal((await getFolder(baseUrl, '1')).body.parentFolderId, undefined, 'a root folder has no parent');
  });

  it('answers 404 with an OBJECT_NOT_FOUND body for an unknown folder, and needs the token', async () => {
    const { status, body } = await getFolder(baseUrl, '999');
    assert.equal(status, 404);
    assert.equal(body.category, 'OBJECT_NOT_FOUND');
    assert.match(String(body.correlationId), /^[0-9a-f-]{36}$/);
    const anonymous = await fetch(`${baseUrl}/files/v3/folders/1`);
    assert.equal(anonymous.status, 401);
    assert.equal(sim.stats().byRoute.folder, 4, 'every folder read is counted on its own route');
  });

  it('moves the whole subtree when a task completes: the descendants get new paths', async () => {
    const task = await startUpdate(baseUrl, { id: '2', name: '2024-old', parentFolderId: 4 });
    assert.equal((await getFolder(baseUrl, '3')).body.path, '/marketing/2024/q1', 'unchanged before COMPLETE');
    for (let i = 0; i < 3; i += 1) await pollStatus(baseUrl, task.id);
    clock.now += 1_000;
    assert.equal((await getFolder(baseUrl, '2')).body.path, '/archive/2024-old');
    const child = await getFolder(baseUrl, '3');
    assert.equal(child.body.path, '/archive/2024-old/q1');
    assert.equal(child.body.parentFolderId, '2', "the child's own parent is unchanged");
  });

  it('shows a completion due by time even when nobody polled the task', async () => {
    sim.scriptFolder('1', { pendingMs: 1_000, processingMs: 1_000, pendingPolls: 0, processingPolls: 0 });
    await startUpdate(baseUrl, { id: '1', name: 'brand' });
    assert.equal((await getFolder(baseUrl, '1')).body.name, 'marketing');
    clock.now += 2_000;
    assert.equal((await getFolder(baseUrl, '1')).body.name, 'brand');
  });

  it('keeps the old parent when a move would make a folder its own ancestor (an assumption)', async () => {
    sim.scriptFolder('4', { pendingPolls: 0, processingPolls: 0 });
    await startUpdate(baseUrl, { id: '4', parentFolderId: 3 });
    const folder = await getFolder(baseUrl, '4');
    assert.equal(folder.body.parentFolderId, undefined);
    assert.equal(folder.body.path, '/archive');
  });

  it('creates never-seen folders on read when folders are implicit (the default)', async () => {
    const implicit = new HubSpotSimulator({ rateLimit: false });
    const url = await implicit.start();
    try {
      const { status, body } = await getFolder(url, '31337');
      assert.equal(status, 200);
      assert.equal(body.path, '/folder-31337');
    } finally {
      await implicit.stop();
    }
  });
});
