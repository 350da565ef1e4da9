/**
 * The task-id codecs of HubSpot's async-task families: how a task id given by a caller or sent by HubSpot becomes the
 * decimal string the package keeps, puts in a path and compares. Workflow-safe: no runtime dependencies of ours but
 * the validation helpers.
 *
 * HubSpot types a task id three ways (spec collection `HubSpot/HubSpot-public-api-spec-collection`, the status GET's
 * `taskId` path parameter of each family): a string (Files: folder update, import from URL), an int64 (CRM exports)
 * or an int32 (CMS source-code extract). An integer id is kept as its decimal digits, never as a JS number, so that an
 * int64 above 2^53 keeps every digit; a number is accepted only while it is a safe integer.
 */
import { invalidInput } from '../invalid-input';
import { validateTaskId } from '../task-id';

/** How a family types its task ids. */
export type TaskIdType = 'string' | 'int64' | 'int32';

/** The largest id of each integer type (the spec's ids are never negative). */
const MAX_ID: Readonly<Record<Exclude<TaskIdType, 'string'>, bigint>> = {
  int64: 9_223_372_036_854_775_807n,
  int32: 2_147_483_647n,
};

/**
 * What is wrong with `value` as a task id of `type`, as a rule to quote in a message; undefined when it is sound.
 * Exported for the HubSpot side, which reports the same rules as a bad answer instead of bad input.
 */
export function taskIdProblem(type: TaskIdType, value: unknown): string | undefined {
  if (type === 'string') {
    try {
      validateTaskId(value);
      return undefined;
    } catch (err) {
      return (err as { details?: [{ rule?: string }] }).details?.[0]?.rule ?? 'is not a usable task id';
    }
  }
  const rule = `must be an ${type} (a whole number from 0 to ${MAX_ID[type]}, as digits or a safe integer)`;
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 && BigInt(value) <= MAX_ID[type] ? undefined : rule;
  if (typeof value !== 'string' || !/^(0|[1-9]\d{0,18})$/.test(value)) return rule;
  return BigInt(value) <= MAX_ID[type] ? undefined : rule;
}

/**
 * A task id of `type` as the string the package keeps: a string id validated as it is (`validateTaskId`: a string,
 * safe in a path), an integer id as its decimal digits (a safe-integer number is turned into them; leading zeros,
 * signs and spaces are refused).
 *
 * @throws `InvalidInput` (non-retryable) naming `field` and the value.
 */
export function decodeTaskId(type: TaskIdType, value: unknown, field = 'taskId'): string {
  const problem = taskIdProblem(type, value);
  if (problem !== undefined) throw invalidInput(field, value, problem);
  return String(value);
}
