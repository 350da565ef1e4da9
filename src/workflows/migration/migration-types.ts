/**
 * The types of the `migrateFolders` workflow: its input, its per-folder items, its result and its progress.
 */
import type { Duration } from '@temporalio/common';
import type { FolderUpdateRequest } from '../../common/folder-update-request';
import type { QueuedUpdate } from '../../common/migration-rows';
import type { ValidFolderUpdate } from '../../common/folder-update-request';
import type { IndexedItem } from '../folder-update/folder-update-types';
import type { PollOptions } from '../await/poll-options';

export type { IndexedItem, MigrationItem, MigrationOutcome } from '../folder-update/folder-update-types';

/** Input of `migrateFolders`. */
export interface MigrateFoldersInput extends PollOptions {
  /** The folder updates, at most {@link MAX_MIGRATION_UPDATES}. Each needs a `folderId` and a `name` and/or `parentFolderId`. */
  updates: FolderUpdateRequest[];
  /**
   * How many folder updates run at once, 1 to {@link MAX_MIGRATION_CONCURRENCY} (500). Defaults to
   * {@link DEFAULT_MIGRATION_CONCURRENCY} (200): enough to keep HubSpot's request budget busy, which (not this) bounds
   * the request rate.
   */
  concurrency?: number;
  /**
   * Advanced: how long a run waits before it first checks the folder updates it took over from the run before and has
   * not heard from (a child terminated by an operator never reports), then at doubling intervals up to 1 h. Default
   * '5m', at most '1h'.
   */
  lostFolderCheck?: Duration;
  /** Internal: set by continue-as-new. */
  continuation?: MigrationContinuation;
  /** The workflow id of the migration this one retries (`migrate --retry-failed`); echoed in the result. */
  retryOf?: string;
}

/** Counts of folders by outcome. */
export interface MigrationCounts {
  total: number;
  completed: number;
  completedWithErrors: number;
  canceled: number;
  failed: number;
  /** Folders already in their target state (no task started). */
  alreadyDone: number;
  /** Folders whose task completed but whose state differs from the target. */
  mismatched: number;
  /** Folders a `cancel` left unstarted. */
  notStarted: number;
}

/**
 * What `migrateFolders` returns: the counts, and the ids of its runs (one per continue-as-new, first to last). The
 * items are not in the result (it must stay small): each run answers the `getItems` query with its own items, in pages
 * (see `readMigrationItems`).
 */
export interface MigrationResult extends MigrationCounts {
  /** Whether an Update `cancel` ended the migration early. */
  canceledByUser: boolean;
  runIds: string[];
  /** The migration this one retries, when it is a retry. */
  retryOf?: string;
}

/** What the `getProgress` query returns: the counts so far, the controls, and an ETA. */
export interface MigrationProgress extends MigrationCounts {
  /** Folder updates in flight. */
  running: number;
  /** Folder updates finished, in every outcome. */
  done: number;
  /** Whether the migration is paused (Update `pause`): it starts no new folder until `resume`. */
  paused: boolean;
  /** Whether an Update `cancel` was accepted: the running folders finish, the rest end NOT_STARTED. */
  canceling: boolean;
  /** Folder updates allowed in flight (Update `setConcurrency` changes it). */
  concurrency: number;
  /**
   * Estimated time to the end, in milliseconds of workflow time, from the mean duration of the folders finished so
   * far at the current concurrency; absent before the first folder finishes and while paused.
   */
  etaMs?: number;
  /** Mean duration of a finished folder update so far, in milliseconds; absent before the first one. */
  meanFolderMs?: number;
}

/** What the Updates `pause`, `resume`, `setConcurrency` and `cancel` answer: the controls after the change. */
export interface MigrationControls {
  paused: boolean;
  canceling: boolean;
  concurrency: number;
}

/** The argument of the `getItems` query: a page of the run's items. */
export interface ItemsPageRequest {
  /** Index of the first item in this run's list (completion order). Defaults to 0. */
  offset?: number;
  /** Most items in the page, 1 to {@link MAX_ITEMS_PAGE_LIMIT}. Defaults to {@link MAX_ITEMS_PAGE_LIMIT}. */
  limit?: number;
  /** Most bytes of the page, 1,024 to {@link MAX_ITEMS_PAGE_BYTES}. Defaults to {@link MAX_ITEMS_PAGE_BYTES}. */
  maxBytes?: number;
}

/** What the `getItems` query answers: at most `limit` items and `maxBytes` of them (or one item, when it is larger). */
export interface ItemsPage<T = IndexedItem> {
  /** Items of this run, each with its row index in the input. */
  items: T[];
  /** The offset of the next page, or absent when this page is the last (of the run, so far). */
  nextOffset?: number;
  /** Items this run holds so far. */
  runItems: number;
}

export type { QueuedUpdate } from '../../common/migration-rows';

/**
 * State carried across continue-as-new. It holds no finished items (they stay in the run that finished them), so it
 * is at most the input's queue, the folders still running, and a few hundred bytes per run.
 */
export interface MigrationContinuation {
  total: number;
  queue: QueuedUpdate[];
  /** Finished folders so far, by outcome. */
  counts: Omit<MigrationCounts, 'total'>;
  /** Ids of the runs before this one, first to last. */
  priorRunIds: string[];
  paused: boolean;
  /** Durations of the folder updates finished so far: how many, and their sum in milliseconds. */
  durations: { count: number; totalMs: number };
  /**
   * The folder updates still running when the run before continued as new (at most the concurrency, 500, of about
   * 150 bytes each): this run takes them over, counts them against the concurrency and settles them from their reports.
   */
  running?: RunningFolder[];
}

/** Most updates one migration takes; split larger ones (the result must fit one Temporal payload). */
export const MAX_MIGRATION_UPDATES = 10_000;

/** Most items one `getItems` page holds. */
export const MAX_ITEMS_PAGE_LIMIT = 1000;

/** Most bytes (UTF-8 JSON) one `getItems` page holds; a page always holds at least one item when one is left. */
export const MAX_ITEMS_PAGE_BYTES = 256 * 1024;

/**
 * The default number of folder updates in flight: 200. The worker's request budget, paced from HubSpot's rate-limit
 * headers, keeps the requests within the app's limit at any concurrency; folder updates beyond what the budget can
 * serve only wait in its queue (their polls come later, so they cost no extra requests). The default therefore only
 * has to keep that budget busy: a budget-bound run needs about `requests per second × mean folder time ÷ requests per
 * folder` in flight, about 115 at 100 requests per 10 s with tasks of 5–120 s (bench part `migration`,
 * docs/PERFORMANCE.md), so 200 leaves room for the drain before each continue-as-new. It stays low enough that a run's
 * first burst of folder reads waits at most about 22 s in the queue at HubSpot's lowest limit, inside the activities'
 * 30 s start-to-close timeout.
 */
export const DEFAULT_MIGRATION_CONCURRENCY = 200;

/** Most folder updates in flight at once: 500, the children a run starts ({@link MAX_CHILDREN_PER_RUN}). */
export const MAX_MIGRATION_CONCURRENCY = 500;

/**
 * Children a run starts before it continues as new: 500. A run records about 5 to 7 history events a child, so it
 * stays under the 4,096 events at which Temporal suggests continuing as new (the run also stops starting children
 * once the server suggests it, whatever the count).
 */
export const MAX_CHILDREN_PER_RUN = 500;

/** A folder update in flight: its row, and when it started, in epoch milliseconds of workflow time. */
export interface RunningFolder {
  index: number;
  update: ValidFolderUpdate;
  startedAtMs: number;
}
