/**
 * HubSpot Files API simulator: a real HTTP server on 127.0.0.1 that follows HubSpot's documented behaviour for the
 * asynchronous folder update (`POST /files/v3/folders/update/async`) and its status poll
 * (`GET /files/v3/folders/update/async/tasks/{taskId}/status`), with bearer auth, the rolling rate limit, scripted
 * task lifecycles (by poll count and by clock) and reproducible fault injection; and what `doctor` calls: HubSpot's
 * OAuth and private-app token checks and the daily usage read. For tests, demos and benchmarks.
 *
 * @module
 */
export { HubSpotSimulator, DEFAULT_RATE_LIMIT } from './hubspot-simulator';
export type { HubSpotSimulatorOptions } from './hubspot-simulator';
export { DEFAULT_TASK_SCRIPT } from './task-script';
export type { TaskScript, ResolvedTaskScript } from './task-script';
export type { CreateTaskOptions, TaskSnapshot } from './task-store';
export { DEFAULT_SIMULATOR_TOKEN, REQUIRED_SCOPE } from './token-store';
export type { IssueTokenOptions, TokenGrant, TokenKind } from './token-store';
export { OAUTH_TOKEN_INFO_PREFIX, PRIVATE_APP_TOKEN_INFO_PATH } from './token-info-routes';
export { DAILY_USAGE_PATH } from './daily-usage-route';
export { OAUTH_TOKEN_PATHS } from './oauth-apps';
export type { OAuthAppOptions, OAuthGrantLogEntry } from './oauth-apps';
export { DEFAULT_FAULT_SEED } from './faults';
export type { Fault, FaultKind, FaultRates, FaultRoute, InjectFaultOptions } from './faults';
export { MALFORMED_BODY } from './fault-responses';
export type { RequestLogEntry, RequestOutcome, RouteName, SimulatorStats } from './request-stats';
export { maxInWindow } from './request-stats';
export { RollingRateLimiter, DEFAULT_RATE_LIMIT_INTERVAL_MS } from './rate-limiter';
export { AppRateLimits, DAILY_LIMIT_MESSAGE } from './app-rate-limits';
export type { AppDecision, AppRateLimitOptions } from './app-rate-limits';
export { ForeignConsumer } from './foreign-consumer';
export type { ForeignConsumerOptions, ForeignConsumerStats } from './foreign-consumer';
export type { RateLimitDecision, RollingRateLimiterOptions } from './rate-limiter';
export { mulberry32 } from './prng';
export {
  MISSING_SCOPES_MESSAGE,
  RATE_LIMIT_MESSAGE,
  hubSpotErrorBody,
  hubSpotTaskError,
  missingScopeTaskError,
  missingScopesBody,
  rateLimitBody,
} from './error-bodies';
export type { HubSpotErrorExtras, HubSpotTaskErrorInput } from './error-bodies';
export { FOLDER_UPDATE_PATH, statusUrl } from './http-io';
export { REFERENCE_STATUS_EXAMPLE } from './reference-example';
export type * from './types';
