/**
 * Reads the body of `GET /files/v3/folders/{folderId}` (HubSpot's `Folder`) into a {@link HubSpotFolder}, as a
 * tolerant reader: strict on what a migration decides by (`id` must echo the folder asked for; `name`, `path` are
 * strings and `parentFolderId` an id when present), lenient on the rest (absent `archived` is false, dates are kept
 * only when they are strings, unknown fields are ignored). A violation is a non-retryable `HubSpotInvalidResponse`
 * that names the field and the value.
 */
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '../../common/failure-types';
import type { HubSpotFolder } from '../../common/folder-update-status';
import { describeValue } from '../../common/invalid-input';

function invalidFolder(field: string, value: unknown, rule: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.HubSpotInvalidResponse,
    message: `HubSpot sent an invalid folder: ${field} ${rule}, got ${describeValue(value)}`,
    nonRetryable: true,
    details: [{ field, rule }],
  });
}

/** Ids arrive as strings or numbers; both become strings. */
function id(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw invalidFolder(field, value, 'must be a string or a whole number');
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidFolder(field, value, 'must be a string');
  return value;
}

/**
 * Validates a parsed folder body.
 *
 * @param expectedFolderId the folder asked for; a body naming another folder is rejected.
 * @throws `HubSpotInvalidResponse` naming the first bad field and its value.
 */
export function parseFolder(body: unknown, expectedFolderId: string): HubSpotFolder {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidFolder('body', body, 'must be an object');
  const f = body as Record<string, unknown>;
  const folderId = id(f.id, 'id');
  if (folderId !== expectedFolderId)
    throw invalidFolder('id', f.id, `must echo the requested folder id "${expectedFolderId}"`);
  const folder: HubSpotFolder = { id: folderId, archived: f.archived === true };
  const name = text(f.name, 'name');
  if (name !== undefined) folder.name = name;
  const parentFolderId = id(f.parentFolderId, 'parentFolderId');
  if (parentFolderId !== undefined) folder.parentFolderId = parentFolderId;
  const path = text(f.path, 'path');
  if (path !== undefined) folder.path = path;
  for (const key of ['archivedAt', 'createdAt', 'updatedAt'] as const) {
    if (typeof f[key] === 'string') folder[key] = f[key];
  }
  return folder;
}
