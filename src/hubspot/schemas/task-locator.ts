/**
 * Reads the answer of `POST /files/v3/folders/update/async`, HubSpot's `FolderUpdateTaskLocator` `{ id, links }`
 * (HUBSPOT.md, "Schemas"), as a tolerant reader: strict on `id` (a string, or a number read as its digits), which the
 * wait needs; `links` (optional in the date-versioned copies) and any other field are information and never fail it.
 * The status URL is always built from the id, never from `links.status`.
 */
import { z } from 'zod';
import { invalidResponseFromZod } from '../invalid-response';

const TASK_ID_RULE = { error: 'must be a string or an integer' };

/** The locator's schema: `id` is strict, everything else is passed through as sent. */
export const taskLocatorSchema = z.looseObject(
  { id: z.union([z.string(TASK_ID_RULE), z.int(TASK_ID_RULE)], TASK_ID_RULE).transform(String) },
  { error: 'must be an object' },
);

/** A POST answer as read: the task id as a string, and whatever else HubSpot sent. */
export type FolderUpdateTaskLocator = z.output<typeof taskLocatorSchema>;

/**
 * Reads a parsed POST answer.
 *
 * @param what - the answer, for messages, e.g. `answer to POST folder update of folder 42`.
 * @throws `HubSpotInvalidResponse` naming the field and its value when the body is not an object or `id` is missing
 *   or neither a string nor an integer.
 */
export function parseTaskLocator(body: unknown, what: string): FolderUpdateTaskLocator {
  const parsed = taskLocatorSchema.safeParse(body);
  if (!parsed.success) throw invalidResponseFromZod(what, body, parsed.error);
  return parsed.data;
}
