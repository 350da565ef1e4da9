/**
 * HubSpot's four async-task families, workflow-safe: each kind's name, label, task-id type, paths, cancel failure and
 * start validation, in one record. The HubSpot side (`../../hubspot/task-kinds/`) adds the status schema, the result
 * decoder and the start body to each.
 */
import { CRM_EXPORT_FACTS } from './crm-export';
import { FILE_IMPORT_FACTS } from './file-import';
import { FOLDER_UPDATE_FACTS } from './folder-update';
import { SOURCE_CODE_EXTRACT_FACTS } from './source-code-extract';
import { decodeTaskId } from './task-id-codec';
import type { TaskKindFacts } from './task-kind-facts';
import { validateTaskKind, type HubSpotTaskKind } from './task-kind-names';

/** Every kind's facts, by name. */
export const TASK_KIND_FACTS: Readonly<Record<HubSpotTaskKind, TaskKindFacts>> = Object.freeze({
  'folder-update': FOLDER_UPDATE_FACTS,
  'file-import': FILE_IMPORT_FACTS,
  'crm-export': CRM_EXPORT_FACTS,
  'source-code-extract': SOURCE_CODE_EXTRACT_FACTS,
});

/**
 * A wait's kind and task id, checked: the kind is one of the four, the id sound for the kind's id type (an integer id
 * as its decimal digits).
 *
 * @throws `InvalidInput` naming `kind` or `taskId` and the value.
 */
export function validateKindAndTaskId(kind: unknown, taskId: unknown): { kind: HubSpotTaskKind; taskId: string } {
  const valid = validateTaskKind(kind);
  return { kind: valid, taskId: decodeTaskId(TASK_KIND_FACTS[valid].taskIdType, taskId) };
}

export { CRM_EXPORT_FACTS, FILE_IMPORT_FACTS, FOLDER_UPDATE_FACTS, SOURCE_CODE_EXTRACT_FACTS };
export type { TaskKindFacts };
export { decodeTaskId, taskIdProblem, type TaskIdType } from './task-id-codec';
export { DEFAULT_TASK_KIND, HUBSPOT_TASK_KINDS, validateTaskKind, type HubSpotTaskKind } from './task-kind-names';
