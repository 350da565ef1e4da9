/**
 * `import-files <urlsFile> --access A (--folder-id ID | --folder-path P)`: imports every URL of a file (one a line;
 * blank lines and lines starting with `#` are skipped) into one folder with the `importFilesFromUrls` batch, shows
 * its progress, and prints the counts and the imports that need attention (`--json`: the counts and every item).
 * Running the same file again attaches to its batch; `migrate pause|resume|cancel|concurrency <id>` steer it.
 */
import fs from 'node:fs';
import { ApplicationFailure } from '@temporalio/common';
import type { CliIo } from '../cli-io';
import { ExitCode, UsageError } from '../exit-codes';
import { reportFailure } from '../failure-report';
import { countsTable, table } from '../format';
import { announce, INTERRUPTED, waitWithProgress } from '../run-workflow';
import { openSession, type SessionOptions } from '../session';
import { readFileImportItems, reachFileImports } from '../../client/start-file-imports';
import { TASK_KIND_FACTS } from '../../common/task-kinds';
import type { FileImportRequest } from '../../common/task-kinds/file-import-request';
import { getProgressQuery, type PollOptions } from '../../workflows';
import { MAX_BATCH_IMPORTS } from '../../workflows/file-imports/file-imports-types';
import { parseConcurrency, progressText } from './migrate';

/** Flags of `import-files`. */
export interface ImportFilesFlags extends SessionOptions {
  json?: boolean;
  access: string;
  folderId?: string;
  folderPath?: string;
  concurrency?: string;
  id?: string;
}

/**
 * The imports of `file` with the flags' access and folder, each checked here: a bad line is a usage error naming the
 * line and the value, before anything starts.
 */
export function readImports(
  file: string,
  flags: Pick<ImportFilesFlags, 'access' | 'folderId' | 'folderPath'>,
): FileImportRequest[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the URL file ${file}: ${(err as Error).message}`);
  }
  const imports: FileImportRequest[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const url = raw.trim();
    if (url === '' || url.startsWith('#')) return;
    const request = {
      url,
      access: flags.access,
      ...(flags.folderId !== undefined ? { folderId: flags.folderId } : {}),
      ...(flags.folderPath !== undefined ? { folderPath: flags.folderPath } : {}),
    } as FileImportRequest;
    try {
      TASK_KIND_FACTS['file-import'].validateStart(request);
    } catch (err) {
      const why = err instanceof ApplicationFailure ? err.message.replace(/^Invalid input: /, '') : String(err);
      throw new UsageError(`${file} line ${i + 1}: ${why}`);
    }
    imports.push(request);
  });
  if (imports.length === 0) throw new UsageError(`${file} holds no URL`);
  if (imports.length > MAX_BATCH_IMPORTS) {
    throw new UsageError(`${file} holds ${imports.length} URLs, more than ${MAX_BATCH_IMPORTS}: split it`);
  }
  return imports;
}

/** Runs `import-files`. Exit 0 when every import completed, 1 otherwise. */
export async function importFilesCommand(
  file: string,
  pollOptions: PollOptions,
  flags: ImportFilesFlags,
  io: CliIo,
): Promise<number> {
  const concurrency = parseConcurrency(flags.concurrency);
  const imports = readImports(file, flags);
  const session = await openSession(flags, io);
  try {
    const { handle, attachment } = await reachFileImports(session.client, {
      imports,
      taskQueue: session.taskQueue,
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(flags.id !== undefined ? { batchId: flags.id } : {}),
      ...pollOptions,
    });
    const workflowId = handle.workflowId;
    announce(io, workflowId, attachment, session.workflowUrl(workflowId));
    const waited = await waitWithProgress<Awaited<ReturnType<typeof handle.result>>>(handle, io, async (elapsedMs) => {
      const p = await handle.query(getProgressQuery);
      return { text: progressText(p, elapsedMs), key: `${p.done}/${p.running}/${p.paused}/${p.canceling}` };
    });
    if (waited.kind === 'interrupted') return INTERRUPTED;
    if (waited.kind === 'failed') return reportFailure(waited.error, io, flags.json === true);
    const result = waited.value;
    const items = await readFileImportItems(session.client.workflow, workflowId, result);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ workflowId, ...result, items }, null, 2)}\n`);
    } else {
      const header = ['total', 'complete', 'with errors', 'canceled', 'failed', 'not started'];
      const counts = [
        result.total,
        result.completed,
        result.completedWithErrors,
        result.canceled,
        result.failed,
        result.notStarted,
      ];
      io.stdout.write(countsTable(header, counts));
      const attention = items.filter((i) => i.outcome !== 'COMPLETE');
      if (attention.length > 0) {
        io.stdout.write(`\nImports that need attention (${attention.length}):\n`);
        io.stdout.write(
          table(
            ['url', 'task', 'outcome', 'type', 'message'],
            attention.map((i) => [i.url, i.taskId ?? '', i.outcome, i.failureType ?? '', i.message ?? '']),
          ),
        );
      }
    }
    return result.completed === result.total ? ExitCode.Success : ExitCode.Failure;
  } finally {
    if (session.uiUrl) io.stderr.write(`Temporal Web UI: ${session.uiUrl}\n`);
    await session.close();
  }
}
