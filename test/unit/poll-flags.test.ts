/**
 * The poll options as CLI flags (`src/cli/poll-flags.ts`): each flag reaches its option, and a bad value fails as a
 * `UsageError` naming the flag, before anything starts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { UsageError } from '../../src/cli/exit-codes';
import { pollOptionsFromFlags, withPollFlags } from '../../src/cli/poll-flags';

function parsed(args: string[]): Record<string, unknown> {
  const command = withPollFlags(new Command('await').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts();
}

describe('poll flags', () => {
  it('maps --early-window and --early-window-heartbeat-timeout to their poll options', () => {
    const options = pollOptionsFromFlags(parsed(['--early-window', '5m', '--early-window-heartbeat-timeout', '1m']));
    assert.deepEqual(options, { earlyWindow: '5m', earlyWindowHeartbeatTimeout: '1m' });
  });

  it('maps --later-phase to laterPhase and names the flag and the value of a bad one', () => {
    assert.deepEqual(pollOptionsFromFlags(parsed(['--later-phase', 'timer'])), { laterPhase: 'timer' });
    assert.deepEqual(pollOptionsFromFlags(parsed(['--later-phase', 'shared'])), { laterPhase: 'shared' });
    assert.throws(
      () => pollOptionsFromFlags(parsed(['--later-phase', 'sleep'])),
      (err: unknown) =>
        err instanceof UsageError && /^--later-phase: .*'retry', 'timer', 'shared', got "sleep"/.test(err.message),
    );
  });

  it('names the flag and the value of a heartbeat timeout out of range', () => {
    assert.throws(
      () => pollOptionsFromFlags(parsed(['--early-window-heartbeat-timeout', '2s'])),
      (err: unknown) =>
        err instanceof UsageError &&
        /^--early-window-heartbeat-timeout: .*at least 10000 ms, got "2s"/.test(err.message),
    );
  });

  it('maps --shared-phase-min-waits to sharedPhaseMinWaits and names the flag and the value of a bad one', () => {
    const flags = ['--later-phase', 'shared', '--shared-phase-min-waits', '25'];
    assert.deepEqual(pollOptionsFromFlags(parsed(flags)), { laterPhase: 'shared', sharedPhaseMinWaits: 25 });
    for (const [value, pattern] of [
      ['many', /^--shared-phase-min-waits must be a number, got "many"/],
      ['0', /^--shared-phase-min-waits: .*from 1 to 100000, got 0/],
    ] as const) {
      assert.throws(
        () => pollOptionsFromFlags(parsed(['--shared-phase-min-waits', value])),
        (err: unknown) => err instanceof UsageError && pattern.test(err.message),
      );
    }
  });
});
