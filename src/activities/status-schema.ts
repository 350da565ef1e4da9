/**
 * Validates the JSON body of `GET /files/v3/folders/update/async/tasks/{taskId}/status` into a
 * {@link FolderUpdateStatus}. Any violation fails as a non-retryable `HubSpotInvalidResponse` that names the field
 * and the value: a malformed status will not fix itself on a retry.
 *
 * Lenient where HubSpot is: absent `numErrors` is 0, absent lists and maps are empty, dates are only checked when
 * present. When `errors` lists more items than `numErrors` says, `numErrors` is raised to the list's length.
 */
import { ApplicationFailure } from '@temporalio/common';
import type {
  FolderUpdateStatus,
  FolderUpdateTaskStatus,
  HubSpotErrorDetail,
  HubSpotFolder,
  HubSpotTaskError,
} from '../common/folder-update-status';
import { FOLDER_UPDATE_STATUSES } from '../common/folder-update-status';
import { FailureTypes } from '../common/failure-types';
import { describeValue } from '../common/invalid-input';
import { collectScopes } from '../common/missing-scopes';

/** Deepest nesting the validator walks into, so a hostile body cannot exhaust the stack. */
const MAX_DEPTH = 32;

/** A non-retryable `HubSpotInvalidResponse` naming the field path and the value. */
export function invalidResponse(path: string, value: unknown, rule: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.HubSpotInvalidResponse,
    message: `HubSpot sent an invalid folder-update status: ${path} ${rule}, got ${describeValue(value)}`,
    nonRetryable: true,
    details: [{ field: path, rule }],
  });
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw invalidResponse(path, value, 'must be an object');
  return value;
}

function optionalObject(value: unknown, path: string): Json {
  return value === undefined || value === null ? {} : object(value, path);
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalidResponse(path, value, 'must be a string');
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

/** Ids arrive as strings or numbers; both become strings. */
function optionalId(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return string(value, path);
}

function optionalDate(value: unknown, path: string): string | undefined {
  const text = optionalString(value, path);
  if (text !== undefined && Number.isNaN(Date.parse(text)))
    throw invalidResponse(path, value, 'must be an ISO date-time');
  return text;
}

function array(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidResponse(path, value, 'must be an array');
  return value;
}

function stringMap(value: unknown, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(optionalObject(value, path))) out[key] = string(v, `${path}.${key}`);
  return out;
}

function stringListMap(value: unknown, path: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, v] of Object.entries(optionalObject(value, path))) {
    out[key] = array(v, `${path}.${key}`).map((item, i) => string(item, `${path}.${key}[${i}]`));
  }
  return out;
}

function depth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit <= 0) return Infinity;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child, limit - 1));
  return deepest + 1;
}

function parseDetail(value: unknown, path: string): HubSpotErrorDetail {
  const d = object(value, path);
  const context = d.context;
  const detail: HubSpotErrorDetail = { message: string(d.message, `${path}.message`) };
  const code = optionalString(d.code, `${path}.code`);
  if (code !== undefined) detail.code = code;
  if (typeof context === 'string') detail.context = context;
  else if (context !== undefined && context !== null) detail.context = stringListMap(context, `${path}.context`);
  const where = optionalString(d.in, `${path}.in`);
  if (where !== undefined) detail.in = where;
  const subCategory = optionalString(d.subCategory, `${path}.subCategory`);
  if (subCategory !== undefined) detail.subCategory = subCategory;
  return detail;
}

function parseTaskError(value: unknown, path: string): HubSpotTaskError {
  const e = object(value, path);
  const context = stringListMap(e.context, `${path}.context`);
  const errors = array(e.errors, `${path}.errors`).map((d, i) => parseDetail(d, `${path}.errors[${i}]`));
  const error: HubSpotTaskError = {
    category: string(e.category, `${path}.category`),
    message: string(e.message, `${path}.message`),
    status: optionalString(e.status, `${path}.status`) ?? 'error',
    context,
    links: stringMap(e.links, `${path}.links`),
    errors,
    missingScopes: collectScopes(context, errors, 'missingScopes'),
  };
  const id = optionalId(e.id, `${path}.id`);
  if (id !== undefined) error.id = id;
  const subCategory = optionalString(e.subCategory, `${path}.subCategory`);
  if (subCategory !== undefined) error.subCategory = subCategory;
  return error;
}

function parseFolder(value: unknown, path: string): HubSpotFolder {
  const f = object(value, path);
  const id = optionalId(f.id, `${path}.id`);
  if (id === undefined) throw invalidResponse(`${path}.id`, f.id, 'is required');
  const folder: HubSpotFolder = {
    id,
    archived: f.archived === undefined || f.archived === null ? false : booleanField(f.archived, `${path}.archived`),
  };
  const name = optionalString(f.name, `${path}.name`);
  if (name !== undefined) folder.name = name;
  const parentFolderId = optionalId(f.parentFolderId, `${path}.parentFolderId`);
  if (parentFolderId !== undefined) folder.parentFolderId = parentFolderId;
  const folderPath = optionalString(f.path, `${path}.path`);
  if (folderPath !== undefined) folder.path = folderPath;
  for (const key of ['archivedAt', 'createdAt', 'updatedAt'] as const) {
    const date = optionalDate(f[key], `${path}.${key}`);
    if (date !== undefined) folder[key] = date;
  }
  return folder;
}

function booleanField(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw invalidResponse(path, value, 'must be a boolean');
  return value;
}

function parseStatusValue(value: unknown): FolderUpdateTaskStatus {
  if (typeof value !== 'string' || !(FOLDER_UPDATE_STATUSES as readonly string[]).includes(value)) {
    throw invalidResponse('status', value, `must be one of ${FOLDER_UPDATE_STATUSES.join(', ')}`);
  }
  return value as FolderUpdateTaskStatus;
}

/**
 * Validates a parsed status body.
 *
 * @param body the parsed JSON.
 * @param expectedTaskId the task id that was asked for; a body that names another task is rejected.
 * @throws `HubSpotInvalidResponse` naming the first bad field and its value.
 */
export function parseFolderUpdateStatus(body: unknown, expectedTaskId: string): FolderUpdateStatus {
  if (depth(body, MAX_DEPTH) > MAX_DEPTH)
    throw invalidResponse('body', '…', `is nested deeper than ${MAX_DEPTH} levels`);
  const b = object(body, 'body');
  const taskId = optionalId(b.taskId, 'taskId') ?? expectedTaskId;
  if (taskId !== expectedTaskId)
    throw invalidResponse('taskId', taskId, `must echo the requested task id "${expectedTaskId}"`);
  const status = parseStatusValue(b.status);
  const errors = array(b.errors, 'errors').map((e, i) => parseTaskError(e, `errors[${i}]`));
  let numErrors = 0;
  if (b.numErrors !== undefined && b.numErrors !== null) {
    if (typeof b.numErrors !== 'number' || !Number.isSafeInteger(b.numErrors) || b.numErrors < 0) {
      throw invalidResponse('numErrors', b.numErrors, 'must be a non-negative integer');
    }
    numErrors = b.numErrors;
  }
  const parsed: FolderUpdateStatus = {
    taskId,
    status,
    numErrors: Math.max(numErrors, errors.length),
    errors,
    links: stringMap(b.links, 'links'),
  };
  for (const key of ['requestedAt', 'startedAt', 'completedAt'] as const) {
    const date = optionalDate(b[key], key);
    if (date !== undefined) parsed[key] = date;
  }
  if (b.result !== undefined && b.result !== null) parsed.result = parseFolder(b.result, 'result');
  return parsed;
}
