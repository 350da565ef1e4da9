import { randomInt } from 'node:crypto';
import { DEFAULT_TASK_KIND, type HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import type { FolderChange, FolderStore } from './folder-store';
import { kindResult, kindStatusBody, toIso, type KindRequest } from './kind-bodies';
import { advanceTask, newTaskProgress, recordPoll } from './task-lifecycle';
import type { TaskProgress } from './task-lifecycle';
import type { ResolvedTaskScript } from './task-script';
import type { FileBody, FolderBody, TaskStatus } from './types';

/** Options of {@link TaskStore.create}. */
export interface CreateTaskOptions {
  /** The task's kind. Defaults to 'folder-update'. */
  kind?: HubSpotTaskKind;
  /**
   * The start body of a task of another kind than the folder update (an `ImportFromUrlInput`, a `PublicExportRequest`,
   * a `FileExtractRequest`), which shapes its result. Defaults to a made-up one.
   */
  request?: KindRequest;
  /**
   * Task id to use. Defaults to a fresh random one of the kind's type: 18 digits for the Files kinds (a string) and
   * the CRM export (an int64, above 2^53), at most 2^31 − 1 for the source-code extract (an int32).
   */
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
  kind: HubSpotTaskKind;
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
  readonly kind: HubSpotTaskKind;
  readonly request: KindRequest;
  readonly folderId: string;
  readonly change: FolderChange;
  readonly script: ResolvedTaskScript;
  progress: TaskProgress;
  /** A completed folder update's folder, a completed import's file, a completed export's download URL. */
  result?: FolderBody | FileBody | string;
}

/** The simulator's folder-update tasks: creation, scripted progression and the status bodies they answer. */
export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(
    private readonly now: () => number,
    private readonly folders: FolderStore,
    /** The simulator's base URL, for the URLs of imported files and exports. */
    private readonly baseUrl: () => string = () => 'http://127.0.0.1',
  ) {}

  /** Starts a task following `script`, returning its id. Throws when `options.taskId` is already used. */
  create(script: ResolvedTaskScript, options: CreateTaskOptions = {}): string {
    const kind = options.kind ?? DEFAULT_TASK_KIND;
    const taskId = options.taskId ?? this.freshId(kind);
    if (this.tasks.has(taskId)) throw new Error(`taskId [${taskId}] is already used by another task`);
    const folderId = options.folderId ?? randomNumericId(12);
    if (kind === 'folder-update') this.folders.ensure(folderId);
    const change: FolderChange = { name: options.name, parentFolderId: options.parentFolderId };
    const request = options.request ?? {};
    const progress = newTaskProgress(this.now());
    this.tasks.set(taskId, { taskId, kind, request, folderId, change, script, progress });
    return taskId;
  }

  /**
   * Answers one status poll: applies due transitions, builds the body (or takes the script's), then counts the poll.
   * Undefined when the task is unknown, or (`kind` given) of another kind: its status path is another kind's.
   */
  poll(taskId: string, kind?: HubSpotTaskKind): { body: unknown } | undefined {
    if (kind !== undefined && this.tasks.get(taskId)?.kind !== kind) return undefined;
    const record = this.advance(taskId);
    if (!record) return undefined;
    const body = record.script.statusBody ?? this.statusBody(record);
    record.progress = recordPoll(record.progress, record.script, this.now());
    return { body };
  }

  /** The status body a poll would get now, without counting a poll. */
  peek(taskId: string): object | undefined {
    const record = this.advance(taskId);
    return record && this.statusBody(record);
  }

  /** A snapshot of the task (after applying transitions due by time), or undefined when unknown. */
  snapshot(taskId: string): TaskSnapshot | undefined {
    const record = this.advance(taskId);
    if (!record) return undefined;
    const { status, polls, requestedAt, startedAt, completedAt } = record.progress;
    const { folderId, script, change, kind } = record;
    const snapshot = { taskId, kind, folderId, status, polls, script, change: { ...change } };
    return { ...snapshot, requestedAt, startedAt, completedAt };
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
      if (record.kind === 'folder-update') {
        const change = record.script.leaveFolderUnchanged ? {} : record.change;
        record.result = this.folders.apply(record.folderId, change, record.progress.completedAt);
      } else {
        const at = toIso(record.progress.completedAt ?? this.now());
        record.result = kindResult(record.kind, record.taskId, record.request, this.baseUrl(), at);
      }
    }
    return record;
  }

  private statusBody(record: TaskRecord): object {
    const { kind, taskId, progress, script, result } = record;
    return kindStatusBody(kind, taskId, progress, script, result);
  }

  private freshId(kind: HubSpotTaskKind): string {
    const fresh = () => (kind === 'source-code-extract' ? String(randomInt(1, 2 ** 31 - 1)) : randomNumericId(18));
    let id = fresh();
    while (this.tasks.has(id)) id = fresh();
    return id;
  }
}

/** A random string of `digits` decimal digits without a leading zero, like HubSpot's numeric ids. */
export function randomNumericId(digits: number): string {
  let id = String(randomInt(1, 10));
  while (id.length < digits) id += String(randomInt(0, 10));
  return id;
}
