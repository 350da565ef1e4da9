/**
 * `startTask` and `executeTask`: start (or attach to) the start-and-wait workflow of a file import, a CRM export or a
 * source-code extract, as the CLI's `import-file`, `export` and `extract` do. HubSpot does not deduplicate the start
 * POST, so the workflow id is derived from the kind and the request: running the same start again attaches to the
 * running (or completed) workflow instead of starting a second task; a failed one (a canceled import) starts anew.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { hubspotSearchAttributes } from '../common/search-attributes';
import { kindStartSummary } from '../common/summaries';
import { TASK_KIND_FACTS } from '../common/task-kinds';
import { validateTaskKind, type HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import { invalidInput } from '../common/invalid-input';
import { WORKER_DEFAULTS } from '../worker-config';
import type { AwaitHubSpotTaskResult } from '../workflows/await/await-hubspot-task';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../workflows/await/poll-options';
import { exportCrmRecords } from '../workflows/task-start/export-crm-records';
import { extractSourceCode } from '../workflows/task-start/extract-source-code';
import { importFileFromUrl } from '../workflows/task-start/import-file-from-url';
import { startOrAttach, type Reached, type StartOptions } from './start-or-attach';
import { jsonDigest } from './json-digest';

/** The kinds a start helper starts: all but the folder update (see `startFolderUpdate`). */
export type StartableTaskKind = Exclude<HubSpotTaskKind, 'folder-update'>;

/** The start-and-wait workflow of a kind, as a handle types it. */
type StartWorkflow<K extends StartableTaskKind> = (input: object) => Promise<AwaitHubSpotTaskResult<K>>;

/** Any of the three workflows, as `startOrAttach` takes it. */
type AnyWorkflow = (input: object) => Promise<unknown>;

/** Each kind's workflow and how its input is built from the request and the poll options. */
const WORKFLOWS: Record<
  StartableTaskKind,
  { workflow: AnyWorkflow; input: (request: object, poll: PollOptions) => object }
> = {
  'file-import': {
    workflow: importFileFromUrl as AnyWorkflow,
    input: (request, poll) => ({ ...request, ...poll }),
  },
  'crm-export': {
    workflow: exportCrmRecords as AnyWorkflow,
    input: (request, poll) => ({ request, ...poll }),
  },
  'source-code-extract': {
    workflow: extractSourceCode as AnyWorkflow,
    input: (request, poll) => ({ ...request, ...poll }),
  },
};

/**
 * Starts the start-and-wait workflow of `options.kind` for `options.request`, or attaches to it; its id is
 * `hubspot-<kind>-start-<16 hex digits>` of the request. The start carries the Web UI summary and, when the namespace
 * has it registered, the `HubSpotTaskKind` search attribute, which the workflow passes on to its wait with the task id.
 *
 * @throws `InvalidInput` naming the field and the value for a bad kind, request or poll option, before any call to
 *   Temporal.
 * @example
 * const handle = await startTask(client, { kind: 'source-code-extract', request: { path: '/theme/archive.zip' } });
 * await handle.result();
 */
export async function startTask<K extends StartableTaskKind>(
  client: Client,
  options: StartTaskOptions<K>,
): Promise<WorkflowHandle<StartWorkflow<K>>> {
  return (await reachTask(client, options)).handle;
}

/** {@link startTask}, then its result: the COMPLETE status with what the task produced, or a typed failure. */
export async function executeTask<K extends StartableTaskKind>(
  client: Client,
  options: StartTaskOptions<K>,
): Promise<AwaitHubSpotTaskResult<K>> {
  return await (await startTask(client, options)).result();
}

/** {@link startTask}, saying how it reached the workflow (for the CLI). */
export async function reachTask<K extends StartableTaskKind>(
  client: Client,
  options: StartTaskOptions<K>,
): Promise<Reached<StartWorkflow<K>>> {
  const kind = validateTaskKind(options?.kind);
  if (kind === 'folder-update') {
    throw invalidInput('kind', kind, 'must be a kind with a start-and-wait workflow (for folders: startFolderUpdate)');
  }
  const request = TASK_KIND_FACTS[kind].validateStart(options.request) as object;
  const pollOptions = pickPollOptions(options);
  resolvePollOptions(pollOptions);
  const { workflow, input } = WORKFLOWS[kind];
  const reached = await startOrAttach(client, workflow, {
    workflowId: `hubspot-${kind}-start-${jsonDigest(request)}`,
    taskQueue: options.taskQueue ?? WORKER_DEFAULTS.taskQueue,
    args: [input(request, pollOptions)],
    staticSummary: kindStartSummary(kind, JSON.stringify(request)),
    staticDetails: `**Starts a HubSpot ${kind}** and waits on it in an \`awaitHubSpotTask\` child.`,
    searchAttributes: () => hubspotSearchAttributes({ kind }),
  });
  return reached as unknown as Reached<StartWorkflow<K>>;
}

/** What to start, and how: the kind, its start request, the poll options and the task queue. */
export interface StartTaskOptions<K extends StartableTaskKind = StartableTaskKind> extends PollOptions, StartOptions {
  /** `file-import`, `crm-export` or `source-code-extract`. */
  kind: K;
  /**
   * The kind's start input: a `FileImportRequest` (HubSpot's `ImportFromUrlInput`), a `CrmExportRequest` (HubSpot's
   * `PublicExportRequest`, passed through) or `{ path }` (HubSpot's `FileExtractRequest`).
   */
  request: object;
}
