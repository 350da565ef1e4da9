/**
 * The input checks both pollers share (`watchFolderUpdate`, `pollFolderUpdateUntilDone`): an object with a safe task
 * id, `pollsBefore` and a sound backoff `schedule`. Each throws `InvalidInput` naming the field, before any HTTP call.
 */
import type { BackoffSchedule } from '../common/backoff';
import { invalidInput } from '../common/invalid-input';
import { decodeTaskId, type TaskIdType } from '../common/task-kinds/task-id-codec';

/** What every poller input has. */
export interface PollerInput {
  taskId: string;
  /** Status responses read before this activity, so that the backoff continues where it was. */
  pollsBefore: number;
  /** The backoff schedule, as the workflow resolved it from its poll options. */
  schedule: BackoffSchedule;
}

/**
 * Checks the shared fields of a poller input and returns it with its task id validated for the kind's id type
 * (default a string id, the folder update's: `validateTaskId`).
 *
 * @throws `InvalidInput` naming the field and the value.
 */
export function checkPollerInput<T extends PollerInput>(input: T, taskIdType: TaskIdType = 'string'): T {
  if (input === null || typeof input !== 'object') throw invalidInput('input', input, 'must be an object');
  const taskId = decodeTaskId(taskIdType, input.taskId);
  if (!Number.isSafeInteger(input.pollsBefore) || input.pollsBefore < 0) {
    throw invalidInput('pollsBefore', input.pollsBefore, 'must be a whole number, 0 or more');
  }
  const s = input.schedule as Partial<BackoffSchedule> | undefined;
  for (const field of ['initialPollIntervalMs', 'maxPollIntervalMs', 'backoffCoefficient'] as const) {
    const v = s?.[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw invalidInput(`schedule.${field}`, v, 'must be a positive number');
    }
  }
  return { ...input, taskId };
}
