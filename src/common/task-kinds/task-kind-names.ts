/**
 * The names of HubSpot's four async-task families, in one list: what `awaitHubSpotTask({ kind })`, the CLI's
 * `--kind` and the activities take. Workflow-safe.
 */
import { invalidInput } from '../invalid-input';

/**
 * Every task kind, in HubSpot's order of the issue's table: Files folder update, Files import from URL, CRM exports,
 * CMS source-code extract.
 */
export const HUBSPOT_TASK_KINDS = ['folder-update', 'file-import', 'crm-export', 'source-code-extract'] as const;

/** One of {@link HUBSPOT_TASK_KINDS}. */
export type HubSpotTaskKind = (typeof HUBSPOT_TASK_KINDS)[number];

/** The kind a wait is on when none is given: the folder update, the package's first and default kind. */
export const DEFAULT_TASK_KIND: HubSpotTaskKind = 'folder-update';

/**
 * Checks a task kind name.
 *
 * @throws `InvalidInput` (non-retryable) naming `field` and the value when it is not one of {@link HUBSPOT_TASK_KINDS}.
 */
export function validateTaskKind(kind: unknown, field = 'kind'): HubSpotTaskKind {
  if (typeof kind === 'string' && (HUBSPOT_TASK_KINDS as readonly string[]).includes(kind)) {
    return kind as HubSpotTaskKind;
  }
  throw invalidInput(field, kind, `must be one of ${HUBSPOT_TASK_KINDS.map((k) => `'${k}'`).join(', ')}`);
}
