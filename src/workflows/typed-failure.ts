/**
 * Keeps failure types stable across workflow boundaries: a failure raised in an activity or a child workflow is
 * re-raised by the caller as an `ApplicationFailure` of the same `type`, message and details, with the original as its
 * cause, so that callers match one `type` wherever the failure started.
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, isCancellation } from '@temporalio/workflow';

/**
 * The same-typed `ApplicationFailure` for an activity's or child workflow's failure, or undefined when the failure
 * carries no `ApplicationFailure` (a timeout, a termination) or is a cancellation, which callers handle themselves.
 * The result is non-retryable: the activity's own retries are already spent.
 */
export function sameTypedFailure(err: unknown): ApplicationFailure | undefined {
  if (!(err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) || isCancellation(err)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return undefined;
  return ApplicationFailure.create({
    type: cause.type ?? 'ApplicationFailure',
    message: cause.message,
    nonRetryable: true,
    details: cause.details ? [...cause.details] : [],
    cause: err,
  });
}

/** True when `err` is an activity failure whose cause is a non-retryable `ApplicationFailure`. */
export function isNonRetryableActivityFailure(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable === true;
}
