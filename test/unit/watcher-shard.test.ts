/**
 * Which watcher a `'shared'` wait joins (`watcherShard`, `taskWatcherWorkflowId`): one watcher up to
 * `TASKS_PER_WATCHER` waits on the task queue, then `ceil(waits / TASKS_PER_WATCHER)` of them (at most
 * `MAX_WATCHER_SHARDS`), a wait's shard fixed by its workflow id, the waits spread evenly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_WATCHER_SHARDS,
  TASKS_PER_WATCHER,
  taskWatcherWorkflowId,
  watcherShard,
} from '../../src/common/task-watcher';

const ids = Array.from({ length: 10_000 }, (_, i) => `hubspot-folder-update-${1_000_000 + i * 7919}`);

describe('watcher shards', () => {
  it('keeps every wait on the first watcher up to TASKS_PER_WATCHER waits (and when the count is 0)', () => {
    for (const waits of [0, 1, 10, TASKS_PER_WATCHER]) {
      assert.ok(
        ids.every((id) => watcherShard(id, waits) === 0),
        `${waits} waits`,
      );
    }
    assert.equal(taskWatcherWorkflowId('q'), 'hubspot-task-watcher/q');
    assert.equal(taskWatcherWorkflowId('q', 0), 'hubspot-task-watcher/q');
    assert.equal(taskWatcherWorkflowId('q', 3), 'hubspot-task-watcher/q/3');
  });

  it('spreads 10,000 waits over five watchers of about 2,000, the same shard for the same id', () => {
    const counts = new Map<number, number>();
    for (const id of ids) {
      const shard = watcherShard(id, 10_000);
      assert.equal(watcherShard(id, 10_000), shard);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), [0, 1, 2, 3, 4]);
    for (const [shard, n] of counts) assert.ok(n > 1_800 && n < 2_200, `shard ${shard}: ${n}`);
  });

  it('caps the shards at MAX_WATCHER_SHARDS', () => {
    const shards = new Set(ids.map((id) => watcherShard(id, 10_000_000)));
    assert.equal(Math.max(...shards), MAX_WATCHER_SHARDS - 1);
  });
});
