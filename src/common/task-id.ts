import { invalidInput } from './invalid-input';

/** Longest task id accepted, in characters. HubSpot's ids are short digit strings; this only stops abuse. */
export const MAX_TASK_ID_LENGTH = 256;

/** Substrings a task id may not contain: they would change the request path. */
const FORBIDDEN_PARTS = ['/', '?', '#', '..', '\\', '%'] as const;

/**
 * Checks a HubSpot task id before it is put into a URL path, and returns it.
 *
 * @throws `InvalidInput` (non-retryable) when it is not a string, is empty or blank, is longer than
 *   {@link MAX_TASK_ID_LENGTH}, contains whitespace or a control character, or contains '/', '?', '#', '..', '\\' or '%'.
 */
export function validateTaskId(taskId: unknown, field = 'taskId'): string {
  if (typeof taskId !== 'string') throw invalidInput(field, taskId, `must be a string (was ${typeof taskId})`);
  if (taskId.trim() === '') throw invalidInput(field, taskId, 'must not be empty or blank');
  if (taskId.length > MAX_TASK_ID_LENGTH) {
    throw invalidInput(field, taskId, `must be at most ${MAX_TASK_ID_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/u.test(taskId)) throw invalidInput(field, taskId, 'must not contain whitespace');
  for (const part of FORBIDDEN_PARTS) {
    if (taskId.includes(part)) throw invalidInput(field, taskId, `must not contain '${part}'`);
  }
  return taskId;
}
