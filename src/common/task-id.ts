import { invalidInput } from './invalid-input';

/** Longest task id accepted, in characters. HubSpot's ids are short digit strings; this only stops abuse. */
export const MAX_TASK_ID_LENGTH = 256;

/** Substrings a task id may not contain: they would change the request path. */
const FORBIDDEN_PARTS = ['/', '?', '#', '..', '\\', '%'] as const;

/** Control, invisible formatting (zero-width, bidi overrides), private-use and lone surrogate code points. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u;

/** Slashes that NFKC normalization leaves as they are: ⁄ ∕ ∖ ╱ ╲ ⧵ ⧸ ⧹. */
const SLASH_LOOK_ALIKES = /[\u2044\u2215\u2216\u2571\u2572\u29f5\u29f8\u29f9]/u;

function codePointAt(text: string, index: number): string {
  return `U+${(text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at index ${index}`;
}

/**
 * Checks a HubSpot task id before it is put into a URL path, and returns it.
 *
 * @throws `InvalidInput` (non-retryable) when it is not a string, is empty or blank, is longer than
 *   {@link MAX_TASK_ID_LENGTH}, contains whitespace, a control or invisible character (zero-width, bidi override, lone
 *   surrogate), '/', '?', '#', '..', '\\' or '%', or a look-alike of one of those ('／', '．．', '∕').
 */
export function validateTaskId(taskId: unknown, field = 'taskId'): string {
  if (typeof taskId !== 'string') throw invalidInput(field, taskId, `must be a string (was ${typeof taskId})`);
  if (taskId.trim() === '') throw invalidInput(field, taskId, 'must not be empty or blank');
  if (taskId.length > MAX_TASK_ID_LENGTH) {
    throw invalidInput(field, taskId, `must be at most ${MAX_TASK_ID_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/u.test(taskId)) throw invalidInput(field, taskId, 'must not contain whitespace');
  const hidden = HIDDEN.exec(taskId);
  if (hidden) {
    const found = codePointAt(taskId, hidden.index);
    throw invalidInput(field, taskId, `must not contain control or invisible characters (found ${found})`);
  }
  for (const part of FORBIDDEN_PARTS) {
    if (taskId.includes(part)) throw invalidInput(field, taskId, `must not contain '${part}'`);
  }
  const normalized = taskId.normalize('NFKC');
  for (const part of FORBIDDEN_PARTS) {
    if (normalized.includes(part)) throw invalidInput(field, taskId, `must not contain a look-alike of '${part}'`);
  }
  const slash = SLASH_LOOK_ALIKES.exec(taskId);
  if (slash) {
    const found = codePointAt(taskId, slash.index);
    throw invalidInput(field, taskId, `must not contain a look-alike of '/' (found ${found})`);
  }
  return taskId;
}
