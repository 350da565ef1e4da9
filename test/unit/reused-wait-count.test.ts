/**
 * `reusedWaitCount`: a worker counts its task queue's waits at most once per `WAIT_COUNT_REUSE_MS` per task queue, one
 * request in flight however many polls ask, and does not reuse a failed count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Context } from '@temporalio/activity';
import { reusedWaitCount, WAIT_COUNT_REUSE_MS, waitsQuery } from '../../src/activities/waits-on-task-queue';

const ctxOf = (taskQueue: string) => ({ info: { taskQueue } }) as unknown as Context;

describe('reusedWaitCount', () => {
  it('shares one count per task queue within the reuse time, and counts again after it', async () => {
    let nowMs = 1_000_000;
    const asked: string[] = [];
    const count = reusedWaitCount(
      async (ctx) => {
        asked.push(ctx.info.taskQueue);
        return asked.length * 10;
      },
      () => nowMs,
    );
    const answers = await Promise.all(Array.from({ length: 100 }, () => count(ctxOf('a'))));
    assert.ok(answers.every((n) => n === 10));
    assert.equal(await count(ctxOf('b')), 20, 'another task queue has its own count');
    nowMs += WAIT_COUNT_REUSE_MS - 1;
    assert.equal(await count(ctxOf('a')), 10);
    nowMs += 1;
    assert.equal(await count(ctxOf('a')), 30);
    assert.deepEqual(asked, ['a', 'b', 'a']);
  });

  it('does not reuse a failed count', async () => {
    let fail = true;
    let calls = 0;
    const count = reusedWaitCount(
      async () => {
        calls++;
        if (fail) throw new Error('visibility unavailable');
        return 7;
      },
      () => 0,
    );
    await assert.rejects(count(ctxOf('a')), /unavailable/);
    fail = false;
    assert.equal(await count(ctxOf('a')), 7);
    assert.equal(calls, 2);
  });

  it("counts the task queue's running waits by Temporal's own attributes, quoting the queue's name", () => {
    assert.equal(
      waitsQuery("it's\\q"),
      "TaskQueue = 'it\\'s\\\\q' AND ExecutionStatus = 'Running' AND WorkflowType IN ('awaitFolderUpdate', 'awaitHubSpotTask')",
    );
  });
});
