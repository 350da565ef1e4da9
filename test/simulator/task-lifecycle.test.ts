import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { advanceTask, newTaskProgress, recordPoll } from '../../src/simulator/task-lifecycle';
import type { TaskProgress } from '../../src/simulator/task-lifecycle';
import { resolveTaskScript } from '../../src/simulator/task-script';
import type { TaskScript } from '../../src/simulator/task-script';

/** Polls at each given time and returns the status answered each time. */
function pollAt(script: TaskScript, times: number[], requestedAt = 0): { statuses: string[]; progress: TaskProgress } {
  const resolved = resolveTaskScript(script);
  let progress = newTaskProgress(requestedAt);
  const statuses: string[] = [];
  for (const now of times) {
    progress = advanceTask(progress, resolved, now);
    statuses.push(progress.status);
    progress = recordPoll(progress, resolved, now);
  }
  return { statuses, progress };
}

describe('task lifecycle', () => {
  it('by default answers PENDING, PROCESSING, then COMPLETE, without the clock moving', () => {
    const { statuses, progress } = pollAt({}, [0, 0, 0, 0]);
    assert.deepEqual(statuses, ['PENDING', 'PROCESSING', 'COMPLETE', 'COMPLETE']);
    assert.equal(progress.polls, 4);
  });

  it('follows poll counts per phase', () => {
    const { statuses } = pollAt({ pendingPolls: 2, processingPolls: 3 }, [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(statuses, [
      'PENDING',
      'PENDING',
      'PROCESSING',
      'PROCESSING',
      'PROCESSING',
      'COMPLETE',
      'COMPLETE',
    ]);
  });

  it('completes on the first poll with zero polls and zero time', () => {
    assert.deepEqual(pollAt({ pendingPolls: 0, processingPolls: 0 }, [0]).statuses, ['COMPLETE']);
  });

  it('follows the clock alone when poll counts are zero, dating transitions when they became due', () => {
    const script = { pendingPolls: 0, processingPolls: 0, pendingMs: 1_000, processingMs: 2_000 };
    const { statuses } = pollAt(script, [0, 999, 1_000, 2_999, 3_000]);
    assert.deepEqual(statuses, ['PENDING', 'PENDING', 'PROCESSING', 'PROCESSING', 'COMPLETE']);
    const late = pollAt(script, [10_000]).progress;
    assert.equal(late.status, 'COMPLETE');
    assert.equal(late.startedAt, 1_000);
    assert.equal(late.completedAt, 3_000);
  });

  it('needs both the time and the polls of a phase', () => {
    const script = { pendingMs: 1_000, pendingPolls: 2, processingPolls: 0 };
    assert.deepEqual(pollAt(script, [0, 0, 0, 1_000]).statuses, ['PENDING', 'PENDING', 'PENDING', 'COMPLETE']);
    assert.deepEqual(pollAt(script, [0, 2_000, 2_000]).statuses, ['PENDING', 'PENDING', 'COMPLETE']);
  });

  it('ends with the scripted outcome', () => {
    assert.deepEqual(pollAt({ outcome: 'CANCELED' }, [0, 0, 0]).statuses, ['PENDING', 'PROCESSING', 'CANCELED']);
  });

  it('advancing without polling never counts a poll', () => {
    const script = resolveTaskScript({});
    let progress = newTaskProgress(0);
    for (let i = 0; i < 5; i += 1) progress = advanceTask(progress, script, 1_000_000);
    assert.equal(progress.status, 'PENDING');
    assert.equal(progress.polls, 0);
  });
});

describe('resolveTaskScript', () => {
  it('fills in the documented defaults', () => {
    assert.deepEqual(resolveTaskScript(), {
      pendingMs: 0,
      processingMs: 0,
      pendingPolls: 1,
      processingPolls: 1,
      outcome: 'COMPLETE',
      errors: [],
      omitNumErrors: false,
      leaveFolderUnchanged: false,
    });
    assert.equal(resolveTaskScript({ pendingPolls: undefined }).pendingPolls, 1);
  });

  it('names the field and the value of an invalid script', () => {
    assert.throws(() => resolveTaskScript({ pendingMs: -5 }), /TaskScript\.pendingMs \[-5\]/);
    assert.throws(() => resolveTaskScript({ processingPolls: 1.5 }), /TaskScript\.processingPolls \[1\.5\]/);
    assert.throws(() => resolveTaskScript({ outcome: 'DONE' as 'COMPLETE' }), /TaskScript\.outcome \[DONE\]/);
  });
});
