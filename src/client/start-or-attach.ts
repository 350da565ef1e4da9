/**
 * Starting a workflow or attaching to it. Its id is derived from what it works on, so a second start attaches to the
 * same workflow: a running one is attached to, a completed one is read back, and a failed, canceled or terminated one
 * is started anew.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { SearchAttributePair, Workflow } from '@temporalio/common';
import { registeredPairs } from './search-attributes-check';

/** How a start reached its workflow: started it, attached to it running, or found it completed. */
export type Attachment = 'started' | 'attached' | 'finished-before';

/** A workflow reached by a start, and how. */
export interface Reached<W extends Workflow> {
  handle: WorkflowHandle<W>;
  attachment: Attachment;
}

/** What a start sets besides the workflow's arguments. */
export interface StartSpec<W extends Workflow> {
  workflowId: string;
  taskQueue: string;
  args: Parameters<W>;
  /** What the Web UI shows: one line naming the task or folder, and markdown of the inputs. */
  staticSummary: string;
  staticDetails: string;
  /** Set only when the namespace has them registered (see `search-attributes-check.ts`). */
  searchAttributes: () => SearchAttributePair[];
}

/** Starts `spec.workflowId` unless it runs or has completed; returns its handle and how it was reached. */
export async function startOrAttach<W extends Workflow>(
  client: Client,
  workflow: W,
  spec: StartSpec<W>,
): Promise<Reached<W>> {
  const existing = client.workflow.getHandle<W>(spec.workflowId);
  const status = await existing.describe().then(
    (d) => d.status.name,
    () => undefined,
  );
  if (status === 'RUNNING') return { handle: existing, attachment: 'attached' };
  if (status === 'COMPLETED') return { handle: existing, attachment: 'finished-before' };
  const { searchAttributes, ...rest } = spec;
  const typedSearchAttributes = await registeredPairs(client, searchAttributes());
  const options = {
    ...rest,
    ...(typedSearchAttributes.length > 0 ? { typedSearchAttributes } : {}),
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  } as Parameters<Client['workflow']['start']>[1];
  const handle = await client.workflow.start(workflow, options);
  return { handle: handle as WorkflowHandle<W>, attachment: 'started' };
}

/** Options every start helper takes. */
export interface StartOptions {
  /** The task queue your worker polls. Defaults to `WORKER_DEFAULTS.taskQueue` ('hubspot-files'). */
  taskQueue?: string;
}
