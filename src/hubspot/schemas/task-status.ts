/**
 * Reads the JSON body of any kind's `GET …/async/tasks/{taskId}/status` into a {@link HubSpotAsyncTaskStatus}, as a
 * tolerant reader (zod schemas; HubSpot's shapes from HUBSPOT.md, "Schemas" and "Same task shape elsewhere").
 *
 * Strict only where the wait decides by the body; each of these fails as a non-retryable `HubSpotInvalidResponse`
 * naming the field and the value:
 * - the body is not a JSON object, or is nested deeper than {@link MAX_STATUS_DEPTH} levels;
 * - `status` is not one of PENDING, PROCESSING, COMPLETE, CANCELED;
 * - `taskId`, when present (no kind but the Files ones documents it), is not the requested task id: a string, or a
 *   number with the same digits (an integer id above 2^53, whose digits a JS number cannot hold, only has to be the
 *   nearest number to it);
 * - for a kind whose body documents `numErrors` (all but the source-code extract), `numErrors`, when present, is not a
 *   non-negative integer (a string of digits is read as its number).
 *
 * Everything else is information: a documented field with its documented shape is typed, any other field or shape
 * (a source-code extract's `errors` or `numErrors` too) is kept as plain JSON in `extra`, and none fails the poll.
 * `numErrors` is absent → 0, and raised to the length of `errors` when the list holds more.
 */
import { z } from 'zod';
import type { HubSpotErrorDetail, HubSpotTaskError } from '../../common/folder-update-status';
import { FOLDER_UPDATE_STATUSES } from '../../common/folder-update-status';
import { collectScopes } from '../../common/missing-scopes';
import type { TaskIdType } from '../../common/task-kinds/task-id-codec';
import type { HubSpotAsyncTaskStatus } from '../../common/task-status';
import { invalidResponse, invalidResponseFromZod } from '../invalid-response';
import { idSchema, tolerantObject } from './tolerant-object';

/** Deepest nesting of a status body, in levels; a deeper one is refused before it is walked. */
export const MAX_STATUS_DEPTH = 32;

const NON_NEGATIVE = { error: 'must be a non-negative integer' };

const stringListMap = z.record(z.string(), z.array(z.string()));
const stringMap = z.record(z.string(), z.string());

/** HubSpot's `ErrorDetail`: `context` is documented as a string, and 403 bodies send a map of lists. */
const errorDetailSchema: z.ZodType<HubSpotErrorDetail> = tolerantObject({
  message: z.string(),
  code: z.string(),
  context: z.union([z.string(), stringListMap]),
  in: z.string(),
  subCategory: z.string(),
});

/** HubSpot's `StandardError`, plus the scopes it names. `subCategory` is documented as `any`. */
const taskErrorSchema: z.ZodType<HubSpotTaskError> = tolerantObject(
  {
    category: z.string(),
    message: z.string(),
    status: z.string(),
    id: idSchema,
    subCategory: z.json(),
    context: stringListMap,
    links: stringMap,
    errors: z.array(errorDetailSchema),
  },
  (error, raw) => ({ ...error, errors: error.errors ?? [], missingScopes: collectScopes(raw.context, raw.errors) }),
);

/** How one kind's status body differs from the others'. */
export interface TaskStatusShape<R> {
  /** The body, for messages: `folder-update status`. */
  what: string;
  /** How the kind types its task ids, for the `taskId` echo. */
  taskIdType: TaskIdType;
  /** Whether the body documents `errors[]` and `numErrors`. */
  reportsErrors: boolean;
  /** The documented shape of `result`; absent when the body documents none. */
  result?: z.ZodType<R>;
}

const numErrorsSchema = z
  .union(
    [
      z.int(NON_NEGATIVE).min(0, NON_NEGATIVE),
      z
        .string(NON_NEGATIVE)
        .regex(/^\d{1,15}$/, NON_NEGATIVE)
        .transform(Number),
    ],
    NON_NEGATIVE,
  )
  .nullish();

const statusSchema = z.enum(FOLDER_UPDATE_STATUSES, { error: `must be one of ${FOLDER_UPDATE_STATUSES.join(', ')}` });

/** A string id is compared as sent; an integer id by its digits, or as the nearest number when sent as an unsafe one. */
const integerEcho = z.union([z.string(), z.number()], { error: 'must be a string or an integer' });

/** The decision schema of a kind: the fields the wait decides by, strictly. */
function decisionSchema(shape: TaskStatusShape<unknown>) {
  return z.looseObject(
    {
      taskId: (shape.taskIdType === 'string' ? idSchema : integerEcho).nullish(),
      status: statusSchema,
      ...(shape.reportsErrors ? { numErrors: numErrorsSchema } : {}),
    },
    { error: 'must be an object' },
  );
}

/** The informational schema of a kind. */
function informationSchema(shape: TaskStatusShape<unknown>) {
  return tolerantObject({
    requestedAt: z.string(),
    startedAt: z.string(),
    completedAt: z.string(),
    links: stringMap,
    ...(shape.reportsErrors ? { errors: z.array(taskErrorSchema) } : {}),
    ...(shape.result ? { result: shape.result } : {}),
  });
}

/** Whether an echoed task id names `expected` (already a sound id of `type`). */
function echoes(echo: string | number, expected: string, type: TaskIdType): boolean {
  if (type === 'string' || typeof echo === 'string') {
    if (type === 'string' || !/^\d+$/.test(String(echo))) return String(echo) === expected;
    return BigInt(echo) === BigInt(expected);
  }
  return Number.isSafeInteger(echo) ? BigInt(echo) === BigInt(expected) : echo === Number(expected);
}

/** Whether `value` nests deeper than `limit` levels, walked without recursion. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const v of level) if (v !== null && typeof v === 'object') next.push(...Object.values(v));
    if (next.length > 0 && depth + 1 > limit) return true;
    level = next;
  }
  return false;
}

/**
 * Builds the reader of one kind's status body (see the module doc). The reader takes the parsed JSON and the task id
 * that was asked for (sound for the kind; a body that names another task is rejected).
 *
 * @throws `HubSpotInvalidResponse` naming the field and its value, for the violations in the module doc only.
 */
export function taskStatusReader<R>(
  shape: TaskStatusShape<R>,
): (body: unknown, expectedTaskId: string) => HubSpotAsyncTaskStatus<R> {
  const decisionFields = shape.reportsErrors ? ['taskId', 'status', 'numErrors'] : ['taskId', 'status'];
  const decision = decisionSchema(shape as TaskStatusShape<unknown>);
  const information = informationSchema(shape as TaskStatusShape<unknown>);
  return (body, expectedTaskId) => {
    if (nestedDeeperThan(body, MAX_STATUS_DEPTH)) {
      throw invalidResponse(shape.what, 'body', '…', `is nested deeper than ${MAX_STATUS_DEPTH} levels`);
    }
    const decided = decision.safeParse(body);
    if (!decided.success) throw invalidResponseFromZod(shape.what, body, decided.error);
    const { taskId, status } = decided.data;
    // Only a kind that documents numErrors reads it; another's stays in the passed-through rest (then `extra`).
    const numErrors = shape.reportsErrors ? (decided.data as { numErrors?: number | null }).numErrors : undefined;
    if (taskId !== null && taskId !== undefined && !echoes(taskId, expectedTaskId, shape.taskIdType)) {
      throw invalidResponse(shape.what, 'taskId', taskId, `must echo the requested task id "${expectedTaskId}"`);
    }
    const rest = Object.fromEntries(
      Object.entries(body as Record<string, unknown>).filter(([key]) => !decisionFields.includes(key)),
    );
    const read = information.parse(rest) as Omit<HubSpotAsyncTaskStatus<R>, 'taskId' | 'status' | 'numErrors'>;
    const errors = read.errors ?? [];
    return { ...read, taskId: expectedTaskId, status, numErrors: Math.max(numErrors ?? 0, errors.length), errors };
  };
}
