/**
 * Reads the JSON body of `GET /files/v3/folders/update/async/tasks/{taskId}/status` into a {@link FolderUpdateStatus},
 * as a tolerant reader (zod schemas; HubSpot's shapes from HUBSPOT.md, "Schemas").
 *
 * Strict only where the wait decides by the body; each of these fails as a non-retryable `HubSpotInvalidResponse`
 * naming the field and the value:
 * - the body is not a JSON object, or is nested deeper than {@link MAX_STATUS_DEPTH} levels;
 * - `status` is not one of PENDING, PROCESSING, COMPLETE, CANCELED;
 * - `taskId`, when present, is not the requested task id (a string, or a number with the same digits);
 * - `numErrors`, when present, is not a non-negative integer (a string of digits is read as its number).
 *
 * Everything else is information: a documented field with its documented shape is typed, any other field or shape
 * is kept as plain JSON in `extra`, and none fails the poll. `numErrors` is absent → 0, and raised to the length of
 * `errors` when the list holds more.
 */
import { z } from 'zod';
import type {
  FolderUpdateStatus,
  HubSpotErrorDetail,
  HubSpotFolder,
  HubSpotTaskError,
} from '../../common/folder-update-status';
import { FOLDER_UPDATE_STATUSES } from '../../common/folder-update-status';
import { collectScopes } from '../../common/missing-scopes';
import { invalidResponse, invalidResponseFromZod } from '../invalid-response';
import { idSchema, tolerantObject } from './tolerant-object';

/** Deepest nesting of a status body, in levels; a deeper one is refused before it is walked. */
export const MAX_STATUS_DEPTH = 32;

const WHAT = 'folder-update status';
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

/** HubSpot's `Folder`. Without a usable `id` it is not read as a folder (and is kept in the status's `extra`). */
const folderSchema: z.ZodType<HubSpotFolder> = tolerantObject(
  {
    id: idSchema,
    name: z.string(),
    parentFolderId: idSchema,
    path: z.string(),
    archived: z.boolean(),
    archivedAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  },
  (folder) => (folder.id === undefined ? undefined : { ...folder, id: folder.id }),
);

/** The informational part of a status body. */
const statusInformation = tolerantObject({
  requestedAt: z.string(),
  startedAt: z.string(),
  completedAt: z.string(),
  errors: z.array(taskErrorSchema),
  links: stringMap,
  result: folderSchema,
});

/** The fields the wait decides by, strictly. */
const statusDecision = z.looseObject(
  {
    taskId: idSchema.nullish(),
    status: z.enum(FOLDER_UPDATE_STATUSES, { error: `must be one of ${FOLDER_UPDATE_STATUSES.join(', ')}` }),
    numErrors: z
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
      .nullish(),
  },
  { error: 'must be an object' },
);

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
 * Reads a parsed status body tolerantly (see the module doc).
 *
 * @param body - the parsed JSON.
 * @param expectedTaskId - the task id that was asked for; a body that names another task is rejected.
 * @throws `HubSpotInvalidResponse` naming the field and its value, for the violations in the module doc only.
 */
export function parseFolderUpdateStatus(body: unknown, expectedTaskId: string): FolderUpdateStatus {
  if (nestedDeeperThan(body, MAX_STATUS_DEPTH)) {
    throw invalidResponse(WHAT, 'body', '…', `is nested deeper than ${MAX_STATUS_DEPTH} levels`);
  }
  const decision = statusDecision.safeParse(body);
  if (!decision.success) throw invalidResponseFromZod(WHAT, body, decision.error);
  const { taskId = expectedTaskId, status, numErrors } = decision.data;
  if (taskId !== null && taskId !== expectedTaskId) {
    throw invalidResponse(WHAT, 'taskId', taskId, `must echo the requested task id "${expectedTaskId}"`);
  }
  const rest = Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(([key]) => !['taskId', 'status', 'numErrors'].includes(key)),
  );
  const information = statusInformation.parse(rest);
  const errors = information.errors ?? [];
  return {
    ...information,
    taskId: expectedTaskId,
    status,
    numErrors: Math.max(numErrors ?? 0, errors.length),
    errors,
  };
}
