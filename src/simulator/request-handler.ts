/**
 * How the simulator answers one HTTP request: a queued or random fault first, then the app's rate limit, the bearer
 * token, and the route (POST a kind's start, GET a task's status, GET folder). The state it reads and changes is the
 * {@link HubSpotSimulator}'s, passed in as {@link SimulatorState}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TASK_KIND_FACTS } from '../common/task-kinds';
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import { AppRateLimits, DAILY_LIMIT_MESSAGE, type AppDecision } from './app-rate-limits';
import { hubSpotErrorBody, rateLimitBody } from './error-bodies';
import { respondWithFault, type FaultResponseContext } from './fault-responses';
import type { FaultPlan } from './faults';
import { OAUTH_TOKEN_PATHS, type OAuthApps } from './oauth-apps';
import { DAILY_USAGE_PATH, dailyUsageBody } from './daily-usage-route';
import { answerFolder, matchFolderRoute } from './folder-route';
import type { FolderStore } from './folder-store';
import { parseFolderUpdateRequest } from './folder-update-request';
import { matchRoute, readBody, sendJson, statusUrl } from './http-io';
import { DEFAULT_RATE_LIMIT_INTERVAL_MS } from './rate-limiter';
import type { RequestOutcome, RequestStats, RouteName } from './request-stats';
import type { ResolvedTaskScript } from './task-script';
import type { KindRequest } from './kind-bodies';
import { KIND_SCOPES } from './task-routes';
import type { TaskStore } from './task-store';
import { answerTokenInfo, tokenInfoRequest } from './token-info-routes';
import type { TokenStore } from './token-store';
import type { FolderUpdateTaskLocatorBody, TaskLocatorBody } from './types';

/** HubSpot's per-app burst limit the simulator enforces by default: 190 requests per rolling 10 s. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ max: 190, intervalMs: DEFAULT_RATE_LIMIT_INTERVAL_MS });

/** The simulator's state, as a request sees it. */
export interface SimulatorState {
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** Per-app rate limits; `undefined` when the simulator has none. */
  limits: AppRateLimits | undefined;
  /** Send `Retry-After` with 429s. */
  retryAfterHeader: boolean;
  /** Script of tasks started for folders without their own. */
  defaultScript: ResolvedTaskScript;
  folderScripts: ReadonlyMap<string, ResolvedTaskScript>;
  /** Script of tasks a POST starts for each kind but the folder update, when set. */
  kindScripts: ReadonlyMap<HubSpotTaskKind, ResolvedTaskScript>;
  tokens: TokenStore;
  /** The OAuth apps its token endpoint serves. */
  oauth: OAuthApps;
  folders: FolderStore;
  tasks: TaskStore;
  faults: FaultPlan;
  counters: RequestStats;
  /** The simulator's base URL (`http://127.0.0.1:<port>`). */
  baseUrl: () => string;
  /** Waits `ms` before answering; resolves false when the server closed meanwhile. */
  delay: (ms: number) => Promise<boolean>;
}

/** Answers one request: its fault, if any; else the rate limit, auth and the route. Logs it in `state.counters`. */
export async function handleRequest(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = state.now();
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (method === 'POST' && OAUTH_TOKEN_PATHS.includes(path)) {
    const { status, body } = state.oauth.answer(req.headers['content-type'], await readBody(req));
    return sendJson(res, status, body);
  }
  const tokenCheck = tokenInfoRequest(method, path);
  if (tokenCheck) {
    const status = answerTokenInfo(state.tokens, tokenCheck, path, await readBody(req), at, res);
    return state.counters.record('other', {
      at,
      method,
      path: tokenCheck === 'oauth' ? '/oauth/v1/access-tokens/…' : path,
      status,
    });
  }
  const folderId = matchFolderRoute(method, path);
  const { route, taskId, apiVersion, kind } =
    folderId === undefined
      ? matchRoute(method, path)
      : { route: 'folder' as const, taskId: undefined, kind: undefined };
  const app = AppRateLimits.appOf(req.headers.authorization);
  const log = (status: RequestOutcome, id = taskId): void =>
    state.counters.record(route, { at, method, path, status, ...(id === undefined ? {} : { taskId: id }) });
  try {
    const fault = state.faults.next(route);
    if (fault) state.counters.recordFault(fault.kind);
    if (fault?.kind === 'delay') {
      if (!(await state.delay(fault.ms))) return log('reset');
    } else if (fault) {
      return log(respondWithFault(res, fault, faultContext(state, taskId, app)));
    }
    const asked = { route, path, taskId: taskId ?? folderId, app, apiVersion, kind };
    const answered = await answer(state, req, res, asked);
    log(answered.status, answered.taskId);
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, hubSpotErrorBody('INTERNAL_ERROR', `Simulator error: ${String(error)}`));
    else res.destroy();
    log(500);
  }
}

/** What a request asks for, as classified. */
interface Asked {
  route: RouteName;
  /** The URL's path, without its query. */
  path: string;
  /** The task id of a status poll, or the folder id of a folder read. */
  taskId: string | undefined;
  /** The app (bearer token) it spends. */
  app: string;
  apiVersion?: string;
  /** The kind of a start or a status poll. */
  kind?: HubSpotTaskKind;
}

async function answer(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  { route, path, taskId, app, apiVersion, kind }: Asked,
): Promise<{ status: number; taskId?: string }> {
  const headers: Record<string, string> = {};
  if (state.limits) {
    const decision = state.limits.tryAcquire(app);
    Object.assign(headers, state.limits.headers(decision));
    if (!decision.allowed) return refuse(state, res, decision, headers);
  }
  const usage = req.method === 'GET' && path === DAILY_USAGE_PATH;
  // The daily usage read checks the token only; a kind's start and status calls check its scopes.
  const scopes = usage
    ? { accepted: [], named: '' }
    : kind !== undefined && (route === 'start' || route === 'status')
      ? KIND_SCOPES[kind][route]
      : undefined;
  const auth = state.tokens.authenticate(req.headers.authorization, scopes);
  if (!auth.ok) return send(res, auth.status, auth.body, headers);
  if (usage) return send(res, 200, dailyUsageBody(state.limits, app, state.now()), headers);
  if (route === 'start' && kind !== undefined && kind !== 'folder-update') {
    return answerKindStart(state, req, res, headers, kind, apiVersion);
  }
  if (route === 'start') return answerStart(state, req, res, headers, apiVersion);
  if (route === 'folder' && taskId !== undefined) {
    const { status, body } = answerFolder(state.folders, () => state.tasks.advanceAll(), taskId);
    return send(res, status, body, headers);
  }
  if (route === 'status' && taskId !== undefined) {
    const answer = state.tasks.poll(taskId, kind);
    if (answer) return send(res, 200, answer.body, headers);
    return send(res, 404, hubSpotErrorBody('OBJECT_NOT_FOUND', `Task ${taskId} not found.`), headers);
  }
  const message = `No route for ${req.method ?? 'GET'} ${req.url ?? '/'}.`;
  return send(res, 404, hubSpotErrorBody('OBJECT_NOT_FOUND', message), headers);
}

async function answerStart(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  apiVersion?: string,
): Promise<{ status: number; taskId?: string }> {
  const parsed = parseFolderUpdateRequest(await readBody(req));
  if (!parsed.ok) return send(res, 400, parsed.body, headers);
  const { id: folderId, name, parentFolderId } = parsed.value;
  const script = state.folderScripts.get(folderId) ?? state.defaultScript;
  const taskId = state.tasks.create(script, {
    folderId,
    name,
    parentFolderId: parentFolderId === undefined ? undefined : String(parentFolderId),
  });
  const locator: FolderUpdateTaskLocatorBody = {
    id: taskId,
    links: { status: statusUrl(state.baseUrl(), taskId, apiVersion) },
  };
  return { ...send(res, 202, locator, headers), taskId };
}

/**
 * A start of another kind than the folder update: its body checked with the kind's own start validation (a 400
 * `VALIDATION_ERROR` naming the field otherwise, our assumption of HubSpot's wording), then a task of the kind's
 * script (`scriptKind`, else the default one) and its `TaskLocator`.
 */
async function answerKindStart(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  kind: Exclude<HubSpotTaskKind, 'folder-update'>,
  apiVersion?: string,
): Promise<{ status: number; taskId?: string }> {
  let request: KindRequest;
  try {
    request = TASK_KIND_FACTS[kind].validateStart(JSON.parse(await readBody(req))) as KindRequest;
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Invalid input: /, '') : String(error);
    return send(res, 400, hubSpotErrorBody('VALIDATION_ERROR', `Invalid input JSON: ${message}`), headers);
  }
  const script = state.kindScripts.get(kind) ?? state.defaultScript;
  const taskId = state.tasks.create(script, { kind, request });
  const locator: TaskLocatorBody = {
    id: taskId,
    links: { status: statusUrl(state.baseUrl(), taskId, apiVersion, kind) },
  };
  return { ...send(res, 202, locator, headers), taskId };
}

function refuse(
  state: SimulatorState,
  res: ServerResponse,
  decision: AppDecision,
  headers: Record<string, string>,
): { status: number } {
  state.counters.recordRateLimited();
  if (decision.policyName === 'DAILY') {
    return send(res, 429, { ...rateLimitBody(), message: DAILY_LIMIT_MESSAGE, policyName: 'DAILY' }, headers);
  }
  if (state.retryAfterHeader) headers['Retry-After'] = String(retryAfterSeconds(decision.rolling.retryAfterMs));
  return send(res, 429, rateLimitBody(), headers);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): { status: number } {
  sendJson(res, status, body, headers);
  return { status };
}

function faultContext(state: SimulatorState, taskId: string | undefined, app: string): FaultResponseContext {
  const decision = state.limits?.peek(app);
  return {
    rateHeaders: decision ? state.limits!.headers(decision) : {},
    rateLimit: decision?.rolling ?? DEFAULT_RATE_LIMIT,
    retryAfterHeader: state.retryAfterHeader,
    sampleBody: () => {
      const status = taskId === undefined ? undefined : state.tasks.peek(taskId);
      return status ?? { id: '0', links: { status: statusUrl(state.baseUrl(), '0') } };
    },
  };
}

/** Whole seconds until a slot frees, rounded up, at least 1 (HubSpot-style `Retry-After`). */
function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
