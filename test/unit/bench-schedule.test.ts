/**
 * The bench's model of the poll schedule (bench/config.ts), which part a judges detection latency against, checked
 * against the package's own decision (`decideNextPoll` without jitter): inside the early window with the window's end
 * as the deadline, then on with the wait's deadline, as `watchFolderUpdate` and the later phase poll.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CADENCE, intervalInEffectMs, schedulePollTimesMs } from '../../bench/config';
import type { FolderUpdateStatus } from '../../src/common/folder-update-status';
import { decideNextPoll } from '../../src/common/poll-decision';
import { resolvePollOptions } from '../../src/workflows/await/poll-options';

const options = resolvePollOptions({});
const pending: FolderUpdateStatus = { taskId: '1', status: 'PENDING', numErrors: 0, errors: [] };
const WINDOW_MS = options.earlyWindowMs;

/** The package's poll times without jitter up to `untilMs`: the window's decisions, then the later phase's. */
function packagePollTimes(untilMs: number, windowMs: number): number[] {
  const times = [0];
  let deadlineMs = windowMs > 0 ? windowMs : Number.POSITIVE_INFINITY;
  while (times.at(-1)! < untilMs) {
    const state = { status: pending, polls: times.length, nowMs: times.at(-1)!, deadlineMs };
    const decision = decideNextPoll(state, options, () => 0);
    if (decision.kind === 'sleep') times.push(times.at(-1)! + decision.ms);
    else deadlineMs = Number.POSITIVE_INFINITY; // the window is over: the later phase takes the next wait
  }
  return times;
}

describe("the bench's poll schedule", () => {
  it("matches the package's decisions, the window's last wait cut to end at the window's end", () => {
    const model = schedulePollTimesMs(DEFAULT_CADENCE, 400_000, WINDOW_MS);
    assert.deepEqual(
      model.map((t) => Math.round(t)),
      packagePollTimes(400_000, WINDOW_MS),
    );
    assert.ok(model.includes(WINDOW_MS), `a poll at the window's end: ${model.join(', ')}`);
  });

  it('matches them with no window', () => {
    const model = schedulePollTimesMs(DEFAULT_CADENCE, 400_000);
    const ours = packagePollTimes(400_000, 0);
    assert.equal(model.length, ours.length);
    model.forEach((t, i) => assert.ok(Math.abs(t - ours[i]!) <= i, `poll ${i}: ${t} against ${ours[i]}`));
  });

  it('gives the wait before the detecting poll: after the window-end poll, the next wait of the schedule', () => {
    // A task done 10 s after a 2 min window: read at 2 min (the window's end), then 60 s later (the cap), not at the
    // un-cut schedule's 149.9 s after its 51.3 s wait.
    assert.equal(intervalInEffectMs(DEFAULT_CADENCE, WINDOW_MS + 10_000, WINDOW_MS), 60_000);
    assert.equal(Math.round(intervalInEffectMs(DEFAULT_CADENCE, WINDOW_MS + 10_000)), 51_258);
    assert.equal(intervalInEffectMs(DEFAULT_CADENCE, 0, WINDOW_MS), 2_000);
  });
});
