/**
 * The CLI's exit codes, and the error for bad usage.
 *
 * - 0: success;
 * - 1: a terminal failure (canceled, completed with errors, failed items, a HubSpot failure);
 * - 2: bad usage or bad input, with a message that names the argument.
 */
export const ExitCode = { Success: 0, Failure: 1, Usage: 2, Interrupted: 130 } as const;

/** Bad usage or bad input: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
