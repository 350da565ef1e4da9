import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import {
  MAX_POLLS_PER_RUN,
  POLL_DEFAULTS,
  resolvePollOptions,
  validateAwaitInput,
} from '../../src/workflows/await/poll-options';

function assertInvalid(fn: () => unknown, field: string, valueText: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure, 'an ApplicationFailure');
    assert.equal(err.type, 'InvalidInput');
    assert.equal(err.nonRetryable, true);
    assert.match(err.message, new RegExp(`\\b${field}\\b`));
    assert.ok(err.message.includes(valueText), `${err.message} should include ${valueText}`);
    return true;
  });
}

describe('resolvePollOptions', () => {
  it('applies the documented defaults', () => {
    assert.deepEqual(resolvePollOptions({}), {
      initialPollIntervalMs: 2000,
      maxPollIntervalMs: 60_000,
      backoffCoefficient: 1.5,
      timeoutMs: 24 * 3600_000,
      allowErrors: false,
      earlyWindowMs: 120_000,
      earlyWindowHeartbeatTimeoutMs: 60_000,
      laterPhase: 'shared',
      sharedPhaseMinWaits: 10,
    });
    assert.equal(POLL_DEFAULTS.initialPollInterval, '2s');
  });

  it('takes sharedPhaseMinWaits as a whole number from 1 to 100,000, naming the field and the value otherwise', () => {
    assert.equal(resolvePollOptions({ sharedPhaseMinWaits: 1 }).sharedPhaseMinWaits, 1);
    assert.equal(resolvePollOptions({ sharedPhaseMinWaits: 100_000 }).sharedPhaseMinWaits, 100_000);
    for (const bad of [0, 2.5, 100_001, -1, '10'])
      assertInvalid(
        () => resolvePollOptions({ sharedPhaseMinWaits: bad as never }),
        'sharedPhaseMinWaits',
        JSON.stringify(bad),
      );
  });

  it("takes laterPhase 'retry' or 'timer', naming the field and the value otherwise", () => {
    assert.equal(resolvePollOptions({ laterPhase: 'timer' }).laterPhase, 'timer');
    assert.equal(resolvePollOptions({ laterPhase: 'retry' }).laterPhase, 'retry');
    assertInvalid(() => resolvePollOptions({ laterPhase: 'timers' as never }), 'laterPhase', '"timers"');
    assertInvalid(() => resolvePollOptions({ laterPhase: 1 as never }), 'laterPhase', '1');
  });

  it('takes 0 (in any unit) as no early window, and bounds it at 1 hour', () => {
    for (const off of [0, '0', '0s', '0m'])
      assert.equal(resolvePollOptions({ earlyWindow: off as never }).earlyWindowMs, 0);
    assert.equal(resolvePollOptions({ earlyWindow: '90s' }).earlyWindowMs, 90_000);
    assert.throws(() => resolvePollOptions({ earlyWindow: '2h' }), /earlyWindow must be at most 3600000 ms/);
    assert.throws(() => resolvePollOptions({ earlyWindow: '-1s' as never }), /earlyWindow/);
    assert.throws(() => resolvePollOptions({ earlyWindow: 'soon' as never }), /earlyWindow must be a duration/);
  });

  it("takes the early window's heartbeat timeout from 10 s to 10 minutes, naming the field and the value", () => {
    assert.equal(resolvePollOptions({ earlyWindowHeartbeatTimeout: '1m' }).earlyWindowHeartbeatTimeoutMs, 60_000);
    assert.equal(resolvePollOptions({ earlyWindowHeartbeatTimeout: 10_000 }).earlyWindowHeartbeatTimeoutMs, 10_000);
    assertInvalid(
      () => resolvePollOptions({ earlyWindowHeartbeatTimeout: '5s' }),
      'earlyWindowHeartbeatTimeout',
      '"5s"',
    );
    assertInvalid(
      () => resolvePollOptions({ earlyWindowHeartbeatTimeout: '11m' }),
      'earlyWindowHeartbeatTimeout',
      '"11m"',
    );
    assertInvalid(() => resolvePollOptions({ earlyWindowHeartbeatTimeout: 0 }), 'earlyWindowHeartbeatTimeout', '0');
  });

  it('accepts duration strings and numbers of milliseconds', () => {
    const r = resolvePollOptions({
      initialPollInterval: 500,
      maxPollInterval: '10m',
      timeout: '30d',
      backoffCoefficient: 1,
    });
    assert.equal(r.initialPollIntervalMs, 500);
    assert.equal(r.maxPollIntervalMs, 600_000);
    assert.equal(r.timeoutMs, 30 * 86_400_000);
  });

  const cases: Array<[string, object, string, string]> = [
    ['zero initial interval', { initialPollInterval: '0s' }, 'initialPollInterval', '"0s"'],
    ['negative initial interval', { initialPollInterval: -5 }, 'initialPollInterval', '-5'],
    ['negative max interval', { maxPollInterval: '-1m' }, 'maxPollInterval', '"-1m"'],
    ['unparsable duration', { timeout: 'soon' }, 'timeout', '"soon"'],
    ['zero timeout', { timeout: 0 }, 'timeout', '0'],
    ['NaN interval', { initialPollInterval: NaN }, 'initialPollInterval', 'NaN'],
    ['object duration', { timeout: { s: 1 } }, 'timeout', '{"s":1}'],
    ['absurd timeout', { timeout: '100y' }, 'timeout', '"100y"'],
    ['coefficient below 1', { backoffCoefficient: 0.5 }, 'backoffCoefficient', '0.5'],
    ['coefficient not a number', { backoffCoefficient: '2' }, 'backoffCoefficient', '"2"'],
    ['infinite coefficient', { backoffCoefficient: Infinity }, 'backoffCoefficient', 'Infinity'],
    ['max below initial', { initialPollInterval: '1m', maxPollInterval: '30s' }, 'maxPollInterval', '"30s"'],
    ['allowErrors not boolean', { allowErrors: 'yes' }, 'allowErrors', '"yes"'],
  ];
  for (const [name, input, field, valueText] of cases) {
    it(`rejects ${name}, naming ${field}`, () => assertInvalid(() => resolvePollOptions(input), field, valueText));
  }
});

describe('validateAwaitInput', () => {
  const badIds: Array<[string, unknown, string]> = [
    ['empty', '', '""'],
    ['blank', '   ', '"   "'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['a slash', '12/34', '"12/34"'],
    ['a question mark', '12?x=1', '"12?x=1"'],
    ['a hash', '12#x', '"12#x"'],
    ['dot-dot', '..', '".."'],
    ['a path escape', '1/../../admin', '"1/../../admin"'],
    ['whitespace', '12 34', '"12 34"'],
    ['a newline', '12\n34', '"12\\n34"'],
    ['a percent escape', '12%2F34', '"12%2F34"'],
    ['too long', 'x'.repeat(1000), '(1000 chars)'],
  ];
  for (const [name, taskId, valueText] of badIds) {
    it(`rejects a taskId that is ${name}`, () =>
      assertInvalid(() => validateAwaitInput({ taskId }), 'taskId', valueText));
  }

  it('rejects a missing input object', () => assertInvalid(() => validateAwaitInput(null), 'input', 'null'));

  it('rejects a bad maxPollsPerRun and a hand-made continuation, naming the field', () => {
    assertInvalid(() => validateAwaitInput({ taskId: '1', maxPollsPerRun: 0 }), 'maxPollsPerRun', '0');
    assertInvalid(() => validateAwaitInput({ taskId: '1', maxPollsPerRun: 2.5 }), 'maxPollsPerRun', '2.5');
    const continuation = (c: object) => validateAwaitInput({ taskId: '1', continuation: c });
    assertInvalid(() => continuation({ polls: -1, deadlineMs: 0 }), 'continuation.polls', '-1');
    assertInvalid(() => continuation({ polls: 1, deadlineMs: Number.NaN }), 'continuation.deadlineMs', 'NaN');
  });

  it('defaults maxPollsPerRun and passes the continuation on', () => {
    const first = validateAwaitInput({ taskId: '1' });
    assert.equal(first.maxPollsPerRun, MAX_POLLS_PER_RUN);
    assert.equal(first.continuation, undefined);
    const later = validateAwaitInput({ taskId: '1', maxPollsPerRun: 3, continuation: { polls: 4, deadlineMs: 9 } });
    assert.equal(later.maxPollsPerRun, 3);
    assert.deepEqual(later.continuation, { polls: 4, deadlineMs: 9 });
  });

  it('accepts a plain numeric task id and unicode letters', () => {
    assert.equal(validateAwaitInput({ taskId: '128453' }).taskId, '128453');
    assert.equal(validateAwaitInput({ taskId: 'tâche-1' }).taskId, 'tâche-1');
  });
});
