import { randomInt } from 'node:crypto';
import type { FolderChange, FolderStore } from './folder-store';
import { advanceTask, isTerminal, newTaskProgress, recordPoll } from './task-lifecycle';
import type { TaskProgress } from './task-lifecycle';
import type { ResolvedTaskScript } from './task-script';
import type { FolderBody, FolderActionResponseBody, TaskStatus } from './types';

/** Options of {@link TaskStore.create}. */
export interface CreateTaskOptions {
  /** Task id to use. Defaults to a fresh random numeric string. */
  taskId?: string;
  /** Folder the task updates. Defaults to a fresh random numeric id (the folder is created on first use). */
  folderId?: string;
  /** New folder name applied on completion. Defaults to leaving the name unchanged. */
  name?: string;
  /** New parent folder id applied on completion. Defaults to leaving the parent unchanged. */
  parentFolderId?: string;
}

/** A read-only view of a task for assertions. Times are epoch milliseconds on the simulator clock. */
export interface TaskSnapshot {
  taskId: string;
  folderId: string;
  status: TaskStatus;
  /** Status polls answered (faulted polls are not counted). */
  polls: number;
  script: ResolvedTaskScript;
  change: FolderChange;
  requestedAt: number;
  startedAt?: number;
  completedAt?: number;
}

interface TaskRecord {
  readonly taskId: string;
  readonly folderId: string;
  readonly change: FolderChange;
  readonly script: ResolvedTaskScript;
  progress: TaskProgress;
  result?: FolderBody;
}

/** The simulator's folder-update tasks: creation, scripted progression and the status bodies they answer. */
export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(
    private readonly now: () => number,
    private readonly folders: FolderStore,
  ) {}

  /** Starts a task following `script`, returning its id. Throws when `options.taskId` is already used. */
  create(script: ResolvedTaskScript, options: CreateTaskOptions = {}): string {
    const taskId = options.taskId ?? this.freshId();
    if (this.tasks.has(taskId)) throw new Error(`taskId [${taskId}] is already used by another task`);
    const folderId = options.folderId ?? randomNumericId(12);
    this.folders.ensure(folderId);
    const change: FolderChange = { name: options.name, parentFolderId: options.parentFolderId };
    this.tasks.set(taskId, { taskId, folderId, change, script, progress: newTaskProgress(this.now()) });
    return taskId;
  }

  /** Answers one status poll: applies due transitions, builds the body (or takes the script's), then counts the poll. */
  poll(taskId: string): { body: unknown } | undefined {
    const record = this.advance(taskId);
    if (!record) return undefined;
    const body = record.script.statusBody ?? this.statusBody(record);
    record.progress = recordPoll(record.progress, record.script, this.now());
    return { body };
  }

  /** The status body a poll would get now, without counting a poll. */
  peek(taskId: string): FolderActionResponseBody | undefined {
    const record = this.advance(taskId);
    return record && this.statusBody(record);
  }

  /** A snapshot of the task (after applying transitions due by time), or undefined when unknown. */
  snapshot(taskId: string): TaskSnapshot | undefined {
    const record = this.advance(taskId);
    if (!record) return undefined;
    const { status, polls, requestedAt, startedAt, completedAt } = record.progress;
    const { folderId, script, change } = record;
    return { taskId, folderId, status, polls, script, change: { ...change }, requestedAt, startedAt, completedAt };
  }

  /** Applies every transition due by now to every task, so the folder tree shows each completion. */
  advanceAll(): void {
    for (const taskId of this.tasks.keys()) this.advance(taskId);
  }

  private advance(taskId: string): TaskRecord | undefined {
    const record = this.tasks.get(taskId);
    if (!record) return undefined;
    const before = record.progress.status;
    record.progress = advanceTask(record.progress, record.script, this.now());
    if (before !== 'COMPLETE' && record.progress.status === 'COMPLETE') {
      const change = record.script.leaveFolderUnchanged ? {} : record.change;
      record.result = this.folders.apply(record.folderId, change, record.progress.completedAt);
    }
    return record;
  }

  private statusBody(record: TaskRecord): FolderActionResponseBody {
    const { status, requestedAt, startedAt, completedAt } = record.progress;
    const body: FolderActionResponseBody = {
      taskId: record.taskId,
      status,
      requestedAt: toIso(requestedAt),
      links: {},
    };
    if (startedAt !== undefined) body.startedAt = toIso(startedAt);
    if (completedAt !== undefined) body.completedAt = toIso(completedAt);
    if (isTerminal(status)) {
      const { errors, omitNumErrors } = record.script;
      if (!omitNumErrors) body.numErrors = errors.length;
      if (errors.length > 0) body.errors = structuredClone(errors);
    }
    if (status === 'COMPLETE' && record.result) body.result = { ...record.result };
    return body;
  }

  private freshId(): string {
    let id = randomNumericId(18);
    while (this.tasks.has(id)) id = randomNumericId(18);
    return id;
  }
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A random string of `digits` decimal digits without a leading zero, like HubSpot's numeric ids. */
export function randomNumericId(digits: number): string {
  let id = String(randomInt(1, 10));
  while (id.length < digits) id += String(randomInt(0, 10));
  return id;
}
