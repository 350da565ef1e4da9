/**
 * `update <folderId> [--name N] [--parent ID]`: renames and/or moves one folder and waits for it, with the
 * `updateFolderAndWait` workflow `hubspot-update-folder-<folderId>`.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { formatDuration } from '../format';
import { folderUpdateProgressReader } from '../folder-update-progress-text';
import { announce, waitWithProgress } from '../run-workflow';
import { openSession, type SessionOptions } from '../session';
import { validateFolderUpdate } from '../../common/folder-update-request';
import { reachFolderUpdate } from '../../client/start-folder-update';
import type { FolderUpdateAndWaitResult, PollOptions } from '../../workflows';
import { finishFolderUpdate } from './await';

/** Runs `update`. */
export async function updateCommand(
  folderId: string,
  change: { name?: string; parent?: string },
  pollOptions: PollOptions,
  flags: SessionOptions & { json?: boolean },
  io: CliIo,
): Promise<number> {
  let update;
  try {
    update = validateFolderUpdate({ folderId, name: change.name, parentFolderId: change.parent }, 'update');
  } catch (err) {
    if (!(err instanceof ApplicationFailure)) throw err;
    throw new UsageError(
      err.message
        .replace(/^Invalid input: /, '')
        .replace(/^parentFolderId/, '--parent')
        .replace(/^name/, '--name')
        .replace(/^update must set name or parentFolderId \(or both\)/, 'give --name or --parent (or both)'),
    );
  }
  const session = await openSession(flags, io);
  try {
    const { handle, attachment } = await reachFolderUpdate(session.client, {
      ...update,
      ...pollOptions,
      taskQueue: session.taskQueue,
    });
    const workflowId = handle.workflowId;
    announce(io, workflowId, attachment, session.workflowUrl(workflowId));
    const readProgress = folderUpdateProgressReader(session.client);
    const waited = await waitWithProgress<FolderUpdateAndWaitResult>(handle, io, async (elapsedMs) => {
      // The wait runs in the awaitFolderUpdate child; its id names the task.
      const child = (await handle.describe()).raw.pendingChildren?.[0]?.workflowId;
      const p = child ? await readProgress(child) : undefined;
      const key = p ? `folder ${update.folderId}: ${p.key}` : `folder ${update.folderId}: starting the update`;
      return {
        text: `${p ? `folder ${update.folderId}: ${p.text}` : key} · ${formatDuration(elapsedMs)} elapsed`,
        key,
      };
    });
    if (waited.kind === 'result') {
      const result = waited.value;
      if (result.status === 'ALREADY_DONE') {
        io.stdout.write(
          flags.json
            ? `${JSON.stringify(result, null, 2)}\n`
            : `Folder ${result.folderId} is already in its target state (${result.after.path ?? result.after.name ?? ''}); nothing was started\n`,
        );
        return ExitCode.Success;
      }
      const exit = finishFolderUpdate({ kind: 'result', value: result }, io, flags.json === true);
      if ((result.mismatches ?? []).length === 0) return exit;
      io.stderr.write(`Verify after COMPLETE found a mismatch: ${(result.mismatches ?? []).join('; ')}\n`);
      return ExitCode.Failure;
    }
    return finishFolderUpdate(waited, io, flags.json === true);
  } finally {
    if (session.uiUrl) io.stderr.write(`Temporal Web UI: ${session.uiUrl}\n`);
    await session.close();
  }
}
