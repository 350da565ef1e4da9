/**
 * The workflow-safe part of a task-kind description: what a workflow needs to validate a wait or a start before any
 * HTTP call and to name its outcome. The HTTP part (status schema, result decoder, start body) is in
 * `../../hubspot/task-kinds/`, which builds on this one.
 */
import type { FailureType } from '../failure-types';
import type { TaskIdType } from './task-id-codec';
import type { HubSpotTaskKind } from './task-kind-names';

/** What every kind states about itself, on both sides of the worker. */
export interface TaskKindFacts {
  kind: HubSpotTaskKind;
  /** How messages name a task of this kind: `${label} task ${taskId}`, e.g. `CRM-export task 42`. */
  label: string;
  /** How HubSpot types the kind's task ids (`task-id-codec.ts`). */
  taskIdType: TaskIdType;
  /** The POST path under `apiVersion` (default `v3`). */
  startPath(apiVersion?: string): string;
  /** The status GET path of `taskId` (already decoded) under `apiVersion` (default `v3`). */
  statusPath(taskId: string, apiVersion?: string): string;
  /**
   * The failure type of a CANCELED task: `FolderUpdateCanceled` where a cancel means what it means for folders, a
   * kind's own where it differs (`FileImportCanceled`: HubSpot's guide says the import must be started again).
   */
  canceledFailure: FailureType;
  /** Whether the status body documents `errors[]` and `numErrors` (the source-code extract's does not). */
  reportsErrors: boolean;
  /**
   * Checks the kind's start input before any HTTP call and returns it normalized.
   *
   * @throws `InvalidInput` naming the field and the value.
   */
  validateStart(input: unknown): unknown;
}
