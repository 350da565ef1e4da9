import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppRateLimits, DAILY_LIMIT_MESSAGE, type AppDecision } from './app-rate-limits';
import { hubSpotErrorBody, rateLimitBody } from './error-bodies';
import { respondWithFault } from './fault-responses';
import type { FaultResponseContext } from './fault-responses';
import { FaultPlan } from './faults';
import type { Fault, FaultRates, InjectFaultOptions } from './faults';
import { answerFolder, matchFolderRoute } from './folder-route';
import { FolderStore } from './folder-store';
import { ForeignConsumer, type ForeignConsumerOptions } from './foreign-consumer';
import { parseFolderUpdateRequest } from './folder-update-request';
import { matchRoute, readBody, sendJson, statusUrl } from './http-io';
import { LocalHttpServer } from './local-server';
import { DEFAULT_RATE_LIMIT_INTERVAL_MS } from './rate-limiter';
import { RequestStats } from './request-stats';
import type { RequestLogEntry, RequestOutcome, RouteName, SimulatorStats } from './request-stats';
import { resolveTaskScript } from './task-script';
import type { ResolvedTaskScript, TaskScript } from './task-script';
import { TaskStore } from './task-store';
import type { CreateTaskOptions, TaskSnapshot } from './task-store';
import { TokenStore } from './token-store';
import type { IssueTokenOptions, TokenGrant } from './token-store';
import type { FolderBody, FolderUpdateTaskLocatorBody } from './types';

/** HubSpot's per-app burst limit the simulator enforces by default: 190 requests per rolling 10 s. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ max: 190, intervalMs: DEFAULT_RATE_LIMIT_INTERVAL_MS });

/** Options of {@link HubSpotSimulator}. */
export interface HubSpotSimulatorOptions {
  /** Accepted bearer tokens. Defaults to `{ 'sim-token': { scopes: ['files'] } }`. */
  tokens?: Record<string, TokenGrant>;
  /**
   * Rolling rate limit of each app (each bearer token), `intervalMs` defaulting to 10_000, reported in the
   * `X-HubSpot-RateLimit-*` headers of every answer; or `false` for none and no headers. Defaults to
   * {@link DEFAULT_RATE_LIMIT}.
   */
  rateLimit?: { max: number; intervalMs?: number } | false;
  /** Requests each app may make per day (then 429 `DAILY`), with the `-Daily` headers. Defaults to none. */
  dailyLimit?: number;
  /** Send `Retry-After` (whole seconds until a slot frees, at least 1) with 429s. Defaults to false, like HubSpot. */
  retryAfterHeader?: boolean;
  /** Clock in epoch milliseconds, for task progression, token expiry, rate limiting and the log. Defaults to `Date.now`. */
  now?: () => number;
  /** Script of tasks started by POST for folders without their own script. Defaults to the {@link TaskScript} defaults. */
  defaultScript?: TaskScript;
  /** Random fault rates from the start. Defaults to none. */
  faultRates?: FaultRates;
  /** Seed of the fault-rate PRNG. Defaults to 1. */
  faultSeed?: number;
  /** Whether never-seen folder ids exist (at the root, named `folder-<id>`); see `FolderStore`. Defaults to true. */
  implicitFolders?: boolean;
}

/**
 * A HubSpot Files API simulator for the asynchronous folder update: a real HTTP server on 127.0.0.1 serving
 * `POST /files/v3/folders/update/async` and `GET /files/v3/folders/update/async/tasks/{taskId}/status`, with bearer
 * auth, HubSpot's rolling rate limit, scripted task lifecycles and fault injection. Every instance owns its state.
 *
 * @example
 * ```ts
 * const sim = new HubSpotSimulator();
 * const baseUrl = await sim.start();
 * const taskId = sim.createTask({ pendingPolls: 2 });
 * // GET `${baseUrl}/files/v3/folders/update/async/tasks/${taskId}/status` with `Authorization: Bearer sim-token`
 * await sim.stop();
 * ```
 */
export class HubSpotSimulator {
  private readonly now: () => number;
  private readonly limits: AppRateLimits | undefined;
  private readonly foreign: ForeignConsumer[] = [];
  private readonly retryAfterHeader: boolean;
  private readonly defaultScript: ResolvedTaskScript;
  private readonly tokens: TokenStore;
  private readonly folders: FolderStore;
  private readonly tasks: TaskStore;
  private readonly faults = new FaultPlan();
  private readonly counters = new RequestStats();
  private readonly folderScripts = new Map<string, ResolvedTaskScript>();
  private readonly server = new LocalHttpServer((req, res) => void this.handle(req, res));

  constructor(options: HubSpotSimulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    this.limits =
      rateLimit === false
        ? undefined
        : new AppRateLimits({ rolling: rateLimit, daily: options.dailyLimit, now: this.now });
    this.retryAfterHeader = options.retryAfterHeader ?? false;
    this.defaultScript = resolveTaskScript(options.defaultScript);
    this.tokens = new TokenStore(this.now, options.tokens);
    this.folders = new FolderStore(this.now, { implicitFolders: options.implicitFolders });
    this.tasks = new TaskStore(this.now, this.folders);
    if (options.faultRates) this.faults.setRates(options.faultRates, options.faultSeed);
  }

  /** The base URL (`http://127.0.0.1:<port>`). Throws before {@link start}. */
  get baseUrl(): string {
    const url = this.server.url;
    if (url === undefined) throw new Error('HubSpotSimulator is not started: call start() first');
    return url;
  }

  /** Listens on 127.0.0.1 at `port` (default 0: a free port) and returns the base URL. */
  start(port = 0): Promise<string> {
    return this.server.listen(port);
  }

  /** Stops listening, destroys every open socket (hung requests included) and stops foreign consumers. Safe twice. */
  stop(): Promise<void> {
    for (const consumer of this.foreign) consumer.stop();
    return this.server.close();
  }

  /**
   * Starts another integration on one app's budget (see `foreign-consumer.ts`): `requestsPerSecond` requests, evenly
   * spaced, counted against the app's limits like any other. Stop it with its `stop()`, or with {@link stop}.
   */
  startForeignConsumer(options: ForeignConsumerOptions): ForeignConsumer {
    const limits = this.limits;
    if (!limits) throw new Error('startForeignConsumer: the simulator has no rate limit (rateLimit: false)');
    const app = options.token ?? this.tokens.first() ?? '';
    const consumer = new ForeignConsumer(options, () => limits.tryAcquire(app), this.now);
    this.foreign.push(consumer);
    return consumer;
  }

  /** Gives every app its daily budget back, as a new day would. */
  resetDailyLimit(): void {
    this.limits?.resetDaily();
  }

  /** Seeds a task directly and returns its id. `script` defaults to the {@link TaskScript} defaults. */
  createTask(script?: TaskScript, options?: CreateTaskOptions): string {
    return this.tasks.create(resolveTaskScript(script), options);
  }

  /** Sets the script of every task a POST starts for `folderId` from now on. */
  scriptFolder(folderId: string, script: TaskScript): void {
    this.folderScripts.set(folderId, resolveTaskScript(script));
  }

  /** A snapshot of a task (status, polls answered, script), or undefined when unknown. Does not count as a poll. */
  getTask(taskId: string): TaskSnapshot | undefined {
    return this.tasks.snapshot(taskId);
  }

  /** Creates or replaces a folder in the simulator's store. */
  seedFolder(folder: { id: string; name?: string; parentFolderId?: string }): FolderBody {
    return this.folders.seed(folder);
  }

  /** A folder from the simulator's store (after due task completions), or undefined when unknown. */
  getFolder(folderId: string): FolderBody | undefined {
    this.tasks.advanceAll();
    return this.folders.get(folderId);
  }

  /** Issues a fresh random token (scopes default to `['files']`, no expiry unless `ttlMs`). */
  issueToken(options?: IssueTokenOptions): string {
    return this.tokens.issue(options);
  }

  /** Makes `token` unknown (401) from now on. Returns whether it was known. */
  revokeToken(token: string): boolean {
    return this.tokens.revoke(token);
  }

  /** Queues `fault` for the next matching requests (`count` defaults to 1, `route` to `'any'`). */
  injectFault(fault: Fault, options?: InjectFaultOptions): void {
    this.faults.inject(fault, options);
  }

  /** Sets random fault rates (0..1 each) drawn from a PRNG seeded with `seed` (default 1), so runs repeat. */
  setFaultRates(rates: FaultRates, seed?: number): void {
    this.faults.setRates(rates, seed);
  }

  /** Drops queued faults and sets every fault rate to 0. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Request counters since start or the last {@link reset}. */
  stats(): SimulatorStats {
    return this.counters.snapshot();
  }

  /** Every request since start or the last {@link reset}. Holds no credentials. */
  requestLog(): RequestLogEntry[] {
    return this.counters.entries();
  }

  /** The most logged requests in any window of `windowMs` milliseconds, to prove a client's rate budget. */
  maxRequestsInWindow(windowMs: number): number {
    return this.counters.maxInWindow(windowMs);
  }

  /** Zeroes counters, clears the request log and empties the rate-limit window. Tasks, tokens and faults stay. */
  reset(): void {
    this.counters.reset();
    this.limits?.resetRolling();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const folderId = matchFolderRoute(method, path);
    const { route, taskId, apiVersion } =
      folderId === undefined ? matchRoute(method, path) : { route: 'folder' as const, taskId: undefined };
    const app = AppRateLimits.appOf(req.headers.authorization);
    const log = (status: RequestOutcome, id = taskId): void =>
      this.counters.record(route, { at, method, path, status, ...(id === undefined ? {} : { taskId: id }) });
    try {
      const fault = this.faults.next(route);
      if (fault) this.counters.recordFault(fault.kind);
      if (fault?.kind === 'delay') {
        if (!(await this.server.delay(fault.ms))) return log('reset');
      } else if (fault) {
        return log(respondWithFault(res, fault, this.faultContext(taskId, app)));
      }
      const answer = await this.answer(req, res, route, taskId ?? folderId, app, apiVersion);
      log(answer.status, answer.taskId);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, hubSpotErrorBody('INTERNAL_ERROR', `Simulator error: ${String(error)}`));
      else res.destroy();
      log(500);
    }
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    route: RouteName,
    /** The task id of a status poll, or the folder id of a folder read. */
    taskId: string | undefined,
    app: string,
    apiVersion?: string,
  ): Promise<{ status: number; taskId?: string }> {
    const headers: Record<string, string> = {};
    if (this.limits) {
      const decision = this.limits.tryAcquire(app);
      Object.assign(headers, this.limits.headers(decision));
      if (!decision.allowed) return this.refuse(res, decision, headers);
    }
    const auth = this.tokens.authenticate(req.headers.authorization);
    if (!auth.ok) return this.send(res, auth.status, auth.body, headers);
    if (route === 'start') return this.answerStart(req, res, headers, apiVersion);
    if (route === 'folder' && taskId !== undefined) {
      const { status, body } = answerFolder(this.folders, () => this.tasks.advanceAll(), taskId);
      return this.send(res, status, body, headers);
    }
    if (route === 'status' && taskId !== undefined) {
      const answer = this.tasks.poll(taskId);
      if (answer) return this.send(res, 200, answer.body, headers);
      return this.send(res, 404, hubSpotErrorBody('OBJECT_NOT_FOUND', `Task ${taskId} not found.`), headers);
    }
    const message = `No route for ${req.method ?? 'GET'} ${req.url ?? '/'}.`;
    return this.send(res, 404, hubSpotErrorBody('OBJECT_NOT_FOUND', message), headers);
  }

  private async answerStart(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    apiVersion?: string,
  ): Promise<{ status: number; taskId?: string }> {
    const parsed = parseFolderUpdateRequest(await readBody(req));
    if (!parsed.ok) return this.send(res, 400, parsed.body, headers);
    const { id: folderId, name, parentFolderId } = parsed.value;
    const script = this.folderScripts.get(folderId) ?? this.defaultScript;
    const taskId = this.tasks.create(script, {
      folderId,
      name,
      parentFolderId: parentFolderId === undefined ? undefined : String(parentFolderId),
    });
    const locator: FolderUpdateTaskLocatorBody = {
      id: taskId,
      links: { status: statusUrl(this.baseUrl, taskId, apiVersion) },
    };
    return { ...this.send(res, 202, locator, headers), taskId };
  }

  private refuse(res: ServerResponse, decision: AppDecision, headers: Record<string, string>): { status: number } {
    this.counters.recordRateLimited();
    if (decision.policyName === 'DAILY') {
      return this.send(res, 429, { ...rateLimitBody(), message: DAILY_LIMIT_MESSAGE, policyName: 'DAILY' }, headers);
    }
    if (this.retryAfterHeader) headers['Retry-After'] = String(retryAfterSeconds(decision.rolling.retryAfterMs));
    return this.send(res, 429, rateLimitBody(), headers);
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): { status: number } {
    sendJson(res, status, body, headers);
    return { status };
  }

  private faultContext(taskId: string | undefined, app: string): FaultResponseContext {
    const decision = this.limits?.peek(app);
    return {
      rateHeaders: decision ? this.limits!.headers(decision) : {},
      rateLimit: decision?.rolling ?? DEFAULT_RATE_LIMIT,
      retryAfterHeader: this.retryAfterHeader,
      sampleBody: () => {
        const status = taskId === undefined ? undefined : this.tasks.peek(taskId);
        return status ?? { id: '0', links: { status: statusUrl(this.baseUrl, '0') } };
      },
    };
  }
}

/** Whole seconds until a slot frees, rounded up, at least 1 (HubSpot-style `Retry-After`). */
function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
