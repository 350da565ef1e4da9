/**
 * Prints a workflow's failure: its type and message, and HubSpot's errors as a table.
 */
import { ApplicationFailure, type WorkflowFailedError } from '@temporalio/client';
import type { FolderUpdateStatus } from '../common/folder-update-status';
import { FailureTypes } from '../common/failure-types';
import type { CliIo } from './cli-io';
import { ExitCode } from './exit-codes';
import { errorsTable } from './format';

/** The `ApplicationFailure` that says what went wrong, found along the cause chain. */
export function applicationFailure(err: unknown): ApplicationFailure | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e instanceof ApplicationFailure) return e;
  return undefined;
}

/** The failure as JSON for `--json`: `{ error: { type, message, details } }`. */
export function failureJson(err: WorkflowFailedError): unknown {
  const f = applicationFailure(err);
  return {
    error: {
      type: f?.type ?? err.cause?.name ?? 'WorkflowFailed',
      message: f?.message ?? err.message,
      details: f?.details ?? [],
    },
  };
}

/** Prints the failure on stderr (or as JSON on stdout) and returns the exit code: 2 for bad input, else 1. */
export function reportFailure(err: WorkflowFailedError, io: CliIo, json: boolean): number {
  const f = applicationFailure(err);
  const type = f?.type ?? err.cause?.name ?? 'WorkflowFailed';
  if (json) {
    io.stdout.write(`${JSON.stringify(failureJson(err), null, 2)}\n`);
  } else {
    io.stderr.write(`Failed: ${type}: ${f?.message ?? err.cause?.message ?? err.message}\n`);
    const status = f?.details?.[0] as Partial<FolderUpdateStatus> | null | undefined;
    if (status && Array.isArray(status.errors) && status.errors.length > 0)
      io.stderr.write(`\n${errorsTable(status.errors)}`);
  }
  return type === FailureTypes.InvalidInput ? ExitCode.Usage : ExitCode.Failure;
}
