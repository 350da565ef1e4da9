/**
 * HubSpot's four async-task kinds, as the activities use them: one description per family (see `task-kind.ts`), by
 * name.
 */
import type { HubSpotTaskKind } from '../../common/task-kinds/task-kind-names';
import { CRM_EXPORT_KIND } from './crm-export';
import { FILE_IMPORT_KIND } from './file-import';
import { FOLDER_UPDATE_KIND } from './folder-update';
import { SOURCE_CODE_EXTRACT_KIND } from './source-code-extract';
import type { TaskKind } from './task-kind';

/** Every kind, by name. */
export const TASK_KINDS: Readonly<Record<HubSpotTaskKind, TaskKind>> = Object.freeze({
  'folder-update': FOLDER_UPDATE_KIND,
  'file-import': FILE_IMPORT_KIND,
  'crm-export': CRM_EXPORT_KIND,
  'source-code-extract': SOURCE_CODE_EXTRACT_KIND,
});

export { CRM_EXPORT_KIND, FILE_IMPORT_KIND, FOLDER_UPDATE_KIND, SOURCE_CODE_EXTRACT_KIND };
export type { TaskKind };
