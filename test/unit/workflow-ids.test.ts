import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awaitWorkflowId, taskIdOfAwaitWorkflowId } from '../../src/workflows/workflow-ids';

describe('awaitWorkflowId', () => {
  it('names the wait after its task, and reads the task id back', () => {
    assert.equal(awaitWorkflowId('128453'), 'hubspot-folder-update-128453');
    assert.equal(taskIdOfAwaitWorkflowId(awaitWorkflowId('128453')), '128453');
  });

  it('reads no task id from any other workflow id', () => {
    for (const id of ['migration-1/folder-7', 'hubspot-folder-7', '', null, undefined]) {
      assert.equal(taskIdOfAwaitWorkflowId(id), undefined, String(id));
    }
  });
});
