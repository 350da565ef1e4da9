import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FolderUpdateStatus, FolderUpdateTaskStatus } from '../../src/common/folder-update-status';
import { decideNextPoll } from '../../src/common/poll-decision';
import { resolvePollOptions } from '../../src/workflows/await/poll-options';

const options = resolvePollOptions({});
const noJitter = (): number => 0;
const status = (s: FolderUpdateTaskStatus): FolderUpdateStatus => ({
  taskId: '1',
  status: s,
  numErrors: 0,
  errors: [],
  links: {},
});

describe('decideNextPoll', () => {
  it('finishes on COMPLETE and CANCELED, even past the deadline', () => {
    for (const s of ['COMPLETE', 'CANCELED'] as const) {
      assert.deepEqual(decideNextPoll({ status: status(s), polls: 1, nowMs: 10, deadlineMs: 5 }, options, noJitter), {
        kind: 'finish',
      });
    }
  });

  it('sleeps the backoff delay while PENDING or PROCESSING', () => {
    const first = decideNextPoll({ status: status('PENDING'), polls: 1, nowMs: 0, deadlineMs: 1e9 }, options, noJitter);
    const third = decideNextPoll(
      { status: status('PROCESSING'), polls: 3, nowMs: 0, deadlineMs: 1e9 },
      options,
      noJitter,
    );
    assert.deepEqual(first, { kind: 'sleep', ms: 2000 });
    assert.deepEqual(third, { kind: 'sleep', ms: 4500 });
  });

  it('never sleeps past the deadline', () => {
    const d = decideNextPoll(
      { status: status('PENDING'), polls: 20, nowMs: 1000, deadlineMs: 1500 },
      options,
      noJitter,
    );
    assert.deepEqual(d, { kind: 'sleep', ms: 500 });
  });

  it("waits at least a 429's Retry-After, but still not past the deadline", () => {
    const state = { status: status('PENDING'), polls: 1, nowMs: 0, deadlineMs: 1e9 };
    assert.deepEqual(decideNextPoll({ ...state, retryAfterMs: 7000 }, options, noJitter), { kind: 'sleep', ms: 7000 });
    assert.deepEqual(decideNextPoll({ ...state, retryAfterMs: 500 }, options, noJitter), { kind: 'sleep', ms: 2000 });
    assert.deepEqual(decideNextPoll({ ...state, deadlineMs: 5000, retryAfterMs: 7000 }, options, noJitter), {
      kind: 'sleep',
      ms: 5000,
    });
    assert.deepEqual(decideNextPoll({ ...state, status: status('COMPLETE'), retryAfterMs: 7000 }, options, noJitter), {
      kind: 'finish',
    });
  });

  it('times out once the deadline has come', () => {
    for (const nowMs of [1500, 2000]) {
      const d = decideNextPoll({ status: status('PROCESSING'), polls: 2, nowMs, deadlineMs: 1500 }, options, noJitter);
      assert.deepEqual(d, { kind: 'timeout' });
    }
  });
});
