/**
 * Reads a kind's POST answer, a `TaskLocator` `{ id, links? }` (HUBSPOT.md, "Same task shape elsewhere"), into the
 * started task's id as the kind keeps it (`../../common/task-kinds/task-id-codec.ts`). It builds on
 * `task-locator.ts`: strict on `id`, everything else information. An integer id sent as a JSON number above 2^53
 * (which `JSON.parse` rounds) is read back from the body as sent, so that an int64 keeps every digit.
 */
import { taskIdProblem, type TaskIdType } from '../../common/task-kinds/task-id-codec';
import { invalidResponse } from '../invalid-response';
import { parseTaskLocator } from './task-locator';

/** The first `"id": <digits>` of a body, as sent. */
const RAW_INTEGER_ID = /"id"\s*:\s*(\d+)\s*[,}]/;

/**
 * The started task's id.
 *
 * @param json - the parsed answer; `text` the answer as sent.
 * @param what - the answer, for messages, e.g. `answer to POST CRM export`.
 * @throws `HubSpotInvalidResponse` naming `id` and the value when it is missing or not a sound id of `type`.
 */
export function parseKindTaskLocator(json: unknown, text: string, type: TaskIdType, what: string): string {
  const rawId = (json as { id?: unknown } | null)?.id;
  const exact =
    typeof rawId === 'number' && !Number.isSafeInteger(rawId) && type !== 'string'
      ? RAW_INTEGER_ID.exec(text)?.[1]
      : undefined;
  const id = exact ?? parseTaskLocator(json, what).id;
  const problem = taskIdProblem(type, id);
  if (problem !== undefined) throw invalidResponse(what, 'id', rawId, problem);
  return id;
}
