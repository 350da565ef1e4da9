/**
 * `import-file <url> --access A (--folder-id ID | --folder-path P)`, `export <request.json>` and `extract <path>`:
 * start one HubSpot task of their kind and wait on it, with the kind's start-and-wait workflow (`importFileFromUrl`,
 * `exportCrmRecords`, `extractSourceCode`). Running the same start again attaches to its workflow (`startTask`).
 */
import fs from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { UsageError } from '../exit-codes';
import { formatDuration } from '../format';
import { folderUpdateProgressReader } from '../folder-update-progress-text';
import { announce, waitWithProgress } from '../run-workflow';
import { openSession, type SessionOptions } from '../session';
import { reachTask, type StartableTaskKind } from '../../client/start-task';
import { TASK_KIND_FACTS } from '../../common/task-kinds';
import type { AwaitHubSpotTaskResult, PollOptions } from '../../workflows';
import { finishKindWait } from './await';

/** Runs a start of `kind` with `request` (checked here first: bad input is a usage error, exit 2). */
export async function startTaskCommand(
  kind: StartableTaskKind,
  request: object,
  pollOptions: PollOptions,
  flags: SessionOptions & { json?: boolean },
  io: CliIo,
): Promise<number> {
  try {
    TASK_KIND_FACTS[kind].validateStart(request);
  } catch (err) {
    throw new UsageError(err instanceof ApplicationFailure ? err.message.replace(/^Invalid input: /, '') : String(err));
  }
  const session = await openSession(flags, io);
  try {
    const { handle, attachment } = await reachTask(session.client, {
      kind,
      request,
      ...pollOptions,
      taskQueue: session.taskQueue,
    });
    announce(io, handle.workflowId, attachment, session.workflowUrl(handle.workflowId));
    const readProgress = folderUpdateProgressReader(session.client);
    const waited = await waitWithProgress<AwaitHubSpotTaskResult>(handle, io, async (elapsedMs) => {
      // The wait runs in the awaitHubSpotTask child; its id names the task.
      const child = (await handle.describe()).raw.pendingChildren?.[0]?.workflowId;
      const p = child ? await readProgress(child) : undefined;
      const key = p ? `${kind}: ${p.key}` : `${kind}: starting`;
      return { text: `${p ? `${kind}: ${p.text}` : key} · ${formatDuration(elapsedMs)} elapsed`, key };
    });
    return finishKindWait(waited, io, flags.json === true);
  } finally {
    if (session.uiUrl) io.stderr.write(`Temporal Web UI: ${session.uiUrl}\n`);
    await session.close();
  }
}

/** The export request in `file` (JSON: HubSpot's `PublicExportRequest`), or a usage error naming the file. */
export function readExportRequest(file: string): object {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the export request ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as object;
  } catch (err) {
    throw new UsageError(`the export request ${file} is not JSON: ${(err as Error).message}`);
  }
}
