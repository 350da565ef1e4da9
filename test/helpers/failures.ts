/**
 * Asserting failures in tests: the `ApplicationFailure` an activity or a workflow failed with, and that it is a clear,
 * typed, non-retryable one.
 */
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * The `ApplicationFailure` that `promise` rejects with: directly (an activity run under MockActivityEnvironment), or
 * as the cause of a `WorkflowFailedError` (`from: 'workflow'`). Fails the test if it resolves or rejects otherwise.
 */
export async function applicationFailureOf(
  promise: Promise<unknown>,
  from: 'activity' | 'workflow' = 'activity',
): Promise<ApplicationFailure> {
  const err = await promise.then(
    (value: unknown) => assert.fail(`expected a failure, got ${JSON.stringify(value)?.slice(0, 300)}`),
    (e: unknown) => e,
  );
  if (from === 'activity') {
    assert.ok(err instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err)}`);
    return err;
  }
  assert.ok(err instanceof WorkflowFailedError, `expected WorkflowFailedError, got ${String(err)}`);
  assert.ok(err.cause instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(err.cause)}`);
  return err.cause;
}

/** The `ApplicationFailure` a workflow failed with (the cause of its `WorkflowFailedError`). */
export function workflowFailureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  return applicationFailureOf(promise, 'workflow');
}

/**
 * Asserts a clear, non-retryable failure of `type`: its message matches `message` and stays under 400 characters,
 * and `details[0].field` is `field` (when given).
 */
export function assertTypedFailure(failure: ApplicationFailure, type: string, message: RegExp, field?: string): void {
  assert.equal(failure.type, type, failure.message);
  assert.equal(failure.nonRetryable, true);
  assert.match(failure.message, message);
  assert.ok(failure.message.length < 400, `a readable message (${failure.message.length} chars)`);
  if (field !== undefined) assert.equal((failure.details?.[0] as { field?: string } | undefined)?.field, field);
}
