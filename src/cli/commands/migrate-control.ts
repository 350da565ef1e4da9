/**
 * `migrate pause|resume|cancel ID` and `migrate concurrency ID N`: steer a running migration through its Updates.
 * They are clients only: they need the Temporal the migration runs on (`--address`, or TEMPORAL_ADDRESS; a running
 * embedded `migrate` prints its address).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { isEmbedded, openSession, type SessionOptions } from '../session';
import {
  cancelUpdate,
  getProgressQuery,
  pauseUpdate,
  resumeUpdate,
  setConcurrencyUpdate,
  type MigrationControls,
} from '../../workflows';
import { FailureTypes } from '../../common/failure-types';

/** The control actions of `migrate`. */
export const MIGRATE_ACTIONS = ['pause', 'resume', 'cancel', 'concurrency'] as const;

/** One of {@link MIGRATE_ACTIONS}. */
export type MigrateAction = (typeof MIGRATE_ACTIONS)[number];

/** Whether `word` (the first argument of `migrate`) names a control action rather than a file. */
export function isMigrateAction(word: string): word is MigrateAction {
  return (MIGRATE_ACTIONS as readonly string[]).includes(word);
}

const DONE: Record<MigrateAction, string> = {
  pause: 'Paused: no new folder starts; running ones finish',
  resume: 'Resumed',
  cancel: 'Canceling: running folders finish, the rest end NOT_STARTED',
  concurrency: 'Concurrency set',
};

/** Runs `migrate <action> <workflowId> [N]`. */
export async function migrateControlCommand(
  action: MigrateAction,
  workflowId: string | undefined,
  value: string | undefined,
  flags: SessionOptions & { json?: boolean },
  io: CliIo,
): Promise<number> {
  if (!workflowId) throw new UsageError(`migrate ${action} needs the migration's workflow id`);
  let n: number | undefined;
  if (action === 'concurrency') {
    if (value === undefined) throw new UsageError('migrate concurrency needs the new concurrency: ID N');
    n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new UsageError(`N must be a number, got ${JSON.stringify(value)}`);
  } else if (value !== undefined) {
    throw new UsageError(`migrate ${action} takes only the workflow id, got also ${JSON.stringify(value)}`);
  }
  if (isEmbedded(flags, io.env)) {
    throw new UsageError(
      `migrate ${action} needs the Temporal the migration runs on: pass --address (or set TEMPORAL_ADDRESS); ` +
        'a running embedded migrate prints that address when it starts',
    );
  }
  const session = await openSession(flags, io);
  try {
    const handle = session.client.workflow.getHandle(workflowId);
    let controls: MigrationControls;
    try {
      controls =
        action === 'pause'
          ? await handle.executeUpdate(pauseUpdate)
          : action === 'resume'
            ? await handle.executeUpdate(resumeUpdate)
            : action === 'cancel'
              ? await handle.executeUpdate(cancelUpdate)
              : await handle.executeUpdate(setConcurrencyUpdate, { args: [n as number] });
    } catch (err) {
      return refused(err, workflowId, io);
    }
    const p = await handle.query(getProgressQuery);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ workflowId, ...controls, progress: p }, null, 2)}\n`);
    } else {
      io.stdout.write(
        `${DONE[action]} (${workflowId}): concurrency ${controls.concurrency}${controls.paused ? ', paused' : ''}; ` +
          `${p.done}/${p.total} done, ${p.running} running\n`,
      );
    }
    return ExitCode.Success;
  } finally {
    await session.close();
  }
}

/** An Update the workflow refused (exit 2 for a bad value, 1 otherwise), or a migration that is not running (1). */
function refused(err: unknown, workflowId: string, io: CliIo): number {
  if (err instanceof WorkflowNotFoundError) {
    io.stderr.write(`Error: migration ${workflowId} is not running (${err.message})\n`);
    return ExitCode.Failure;
  }
  const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  if (cause instanceof ApplicationFailure) {
    io.stderr.write(`Error: ${cause.message}\n`);
    return cause.type === FailureTypes.InvalidInput ? ExitCode.Usage : ExitCode.Failure;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`Error: migration ${workflowId} did not take the Update: ${message}\n`);
  return ExitCode.Failure;
}
