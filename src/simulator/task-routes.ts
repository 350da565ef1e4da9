/**
 * Which kind's start POST or status GET a request is, under `v3` or any date version, matched against the paths the
 * kinds themselves build (`../common/task-kinds/`), so that the simulator and the client cannot disagree on a path.
 * Also the scopes each kind's calls need (HUBSPOT.md, "Same task shape elsewhere").
 */
import { API_VERSIONS } from '../common/api-version';
import { TASK_KIND_FACTS } from '../common/task-kinds';
import { HUBSPOT_TASK_KINDS, type HubSpotTaskKind } from '../common/task-kinds/task-kind-names';

/** The scopes that grant a kind's calls, and the one a 403 names. */
export interface KindScopes {
  accepted: readonly string[];
  named: string;
}

/**
 * The scopes of each kind. The folder update's calls need a write scope; the file import's status GET a read scope
 * (its POST, by our assumption, a write one: HUBSPOT.md names only the GET's); exports `crm.export`; extracts
 * `content`.
 */
export const KIND_SCOPES: Readonly<Record<HubSpotTaskKind, { start: KindScopes; status: KindScopes }>> = {
  'folder-update': {
    start: { accepted: ['files', 'files.write', 'files.ui_hidden.write'], named: 'files' },
    status: { accepted: ['files', 'files.write', 'files.ui_hidden.write'], named: 'files' },
  },
  'file-import': {
    start: { accepted: ['files', 'files.write', 'files.ui_hidden.write'], named: 'files' },
    status: { accepted: ['files', 'files.read', 'files.ui_hidden.read'], named: 'files' },
  },
  'crm-export': {
    start: { accepted: ['crm.export'], named: 'crm.export' },
    status: { accepted: ['crm.export'], named: 'crm.export' },
  },
  'source-code-extract': {
    start: { accepted: ['content'], named: 'content' },
    status: { accepted: ['content'], named: 'content' },
  },
};

/** A kind's call, matched. */
export interface MatchedTaskRoute {
  route: 'start' | 'status';
  kind: HubSpotTaskKind;
  apiVersion: string;
  /** Set for a status GET. */
  taskId?: string;
}

/** Every kind's start path under every version, longest first (so that no prefix shadows a longer path). */
const START_PATHS = HUBSPOT_TASK_KINDS.flatMap((kind) =>
  API_VERSIONS.map((apiVersion) => ({ kind, apiVersion, path: TASK_KIND_FACTS[kind].startPath(apiVersion) })),
).sort((a, b) => b.path.length - a.path.length);

/** `POST <start path>` or `GET <start path>/tasks/{taskId}/status` (a trailing slash allowed), else undefined. */
export function matchTaskRoute(method: string, rawPath: string): MatchedTaskRoute | undefined {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  for (const { kind, apiVersion, path: start } of START_PATHS) {
    if (method === 'POST' && path === start) return { route: 'start', kind, apiVersion };
    if (method !== 'GET' || !path.startsWith(`${start}/tasks/`) || !path.endsWith('/status')) continue;
    const id = path.slice(start.length + '/tasks/'.length, -'/status'.length);
    if (id !== '' && !id.includes('/')) return { route: 'status', kind, apiVersion, taskId: decodeURIComponent(id) };
  }
  return undefined;
}
