/** The HubSpot simulator: its options, its state and the controls tests use; requests are answered in request-handler.ts. */
import type { HubSpotTaskKind } from '../common/task-kinds/task-kind-names';
import { AppRateLimits } from './app-rate-limits';
import { FaultPlan } from './faults';
import type { Fault, FaultRates, InjectFaultOptions } from './faults';
import { FolderStore } from './folder-store';
import { ForeignConsumer, type ForeignConsumerOptions } from './foreign-consumer';
import { LocalHttpServer } from './local-server';
import { OAuthApps, type OAuthAppOptions, type OAuthGrantLogEntry } from './oauth-apps';
import { DEFAULT_RATE_LIMIT, handleRequest, type SimulatorState } from './request-handler';
import type { RequestLogEntry, SimulatorStats } from './request-stats';
import { RequestStats } from './request-stats';
import { resolveTaskScript } from './task-script';
import type { ResolvedTaskScript, TaskScript } from './task-script';
import { TaskStore } from './task-store';
import type { CreateTaskOptions, TaskSnapshot } from './task-store';
import { TokenStore } from './token-store';
import type { IssueTokenOptions, TokenGrant } from './token-store';
import type { FolderBody } from './types';

export { DEFAULT_RATE_LIMIT } from './request-handler';

/** Options of {@link HubSpotSimulator}. */
export interface HubSpotSimulatorOptions {
  /** Accepted bearer tokens. Defaults to `{ 'sim-token': { scopes: ['files', 'crm.export', 'content'] } }`. */
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
 * A HubSpot simulator for the asynchronous tasks: a real HTTP server on 127.0.0.1 serving the start POST and the status
 * GET of every task kind (folder update, file import from URL, CRM export, source-code extract; `v3` and the date
 * versions), e.g. `POST /files/v3/folders/update/async` and `GET /files/v3/folders/update/async/tasks/{taskId}/status`,
 * with bearer auth, HubSpot's rolling rate limit, scripted task lifecycles and fault injection; and the calls `doctor`
 * makes (`token-info-routes.ts`, `daily-usage-route.ts`). Every instance owns its state.
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
  private readonly oauth: OAuthApps;
  private readonly folders: FolderStore;
  private readonly tasks: TaskStore;
  private readonly faults = new FaultPlan();
  private readonly counters = new RequestStats();
  private readonly folderScripts = new Map<string, ResolvedTaskScript>();
  private readonly kindScripts = new Map<HubSpotTaskKind, ResolvedTaskScript>();
  private readonly server = new LocalHttpServer((req, res) => void handleRequest(this.state, req, res));
  private readonly state: SimulatorState;

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
    this.oauth = new OAuthApps(this.now, this.tokens);
    this.folders = new FolderStore(this.now, { implicitFolders: options.implicitFolders });
    this.tasks = new TaskStore(this.now, this.folders, () => this.baseUrl);
    if (options.faultRates) this.faults.setRates(options.faultRates, options.faultSeed);
    this.state = {
      now: this.now,
      limits: this.limits,
      retryAfterHeader: this.retryAfterHeader,
      defaultScript: this.defaultScript,
      folderScripts: this.folderScripts,
      kindScripts: this.kindScripts,
      tokens: this.tokens,
      oauth: this.oauth,
      folders: this.folders,
      tasks: this.tasks,
      faults: this.faults,
      counters: this.counters,
      baseUrl: () => this.baseUrl,
      delay: (ms) => this.server.delay(ms),
    };
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

  /**
   * Counts `requests` against the daily budget of `token`'s app (default: the first accepted token), as other
   * integrations on the same app would: a nearly spent budget for `doctor` to find. Needs `dailyLimit`.
   */
  spendDailyBudget(requests: number, token?: string): void {
    if (!this.limits?.dailyUsage('')) throw new Error('spendDailyBudget: the simulator has no dailyLimit');
    this.limits.spendDaily(token ?? this.tokens.first() ?? '', requests);
  }

  /** Seeds a task directly and returns its id. `script` defaults to the {@link TaskScript} defaults. */
  createTask(script?: TaskScript, options?: CreateTaskOptions): string {
    return this.tasks.create(resolveTaskScript(script), options);
  }

  /** Sets the script of every task a POST starts for `folderId` from now on. */
  scriptFolder(folderId: string, script: TaskScript): void {
    this.folderScripts.set(folderId, resolveTaskScript(script));
  }

  /**
   * Sets the script of every task a POST starts for `kind` from now on (any kind but the folder update, whose scripts
   * are per folder: {@link scriptFolder}).
   */
  scriptKind(kind: Exclude<HubSpotTaskKind, 'folder-update'>, script: TaskScript): void {
    this.kindScripts.set(kind, resolveTaskScript(script));
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

  /**
   * Issues a fresh random token (scopes default to `['files', 'crm.export', 'content']`, kind to private app, no expiry
   * unless `ttlMs`).
   */
  issueToken(options?: IssueTokenOptions): string {
    return this.tokens.issue(options);
  }

  /**
   * Registers an OAuth app at the token endpoint (`POST /oauth/2026-03/token`): its refresh tokens and the client
   * credentials grant issue access tokens that expire after `accessTokenTtlMs` (default 30 minutes).
   */
  registerOAuthApp(app: OAuthAppOptions): void {
    this.oauth.register(app);
  }

  /** The exchanges made at the token endpoint, oldest first (no secret in them). */
  oauthGrants(): OAuthGrantLogEntry[] {
    return this.oauth.log();
  }

  /**
   * Removes the user who created the private app of `token`: its calls get 403 `USER_DOES_NOT_HAVE_PERMISSIONS` from
   * now on. Returns whether the token was known.
   */
  removeTokenCreator(token: string): boolean {
    return this.tokens.removeCreator(token);
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
}
