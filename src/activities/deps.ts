/**
 * What the activities need from the outside world, injected through `createActivities(deps)`: the HubSpot client's
 * deps (see `../hubspot/client-deps.ts`), and the clock, sleep, jitter and cancellation check of the pollers.
 */
import type { Context } from '@temporalio/activity';
import {
  HUBSPOT_CLIENT_DEFAULTS,
  resolveClientDeps,
  type HubSpotClientDeps,
  type ResolvedClientDeps,
} from '../hubspot/client-deps';
import type { CancellationCheck } from './cancellation-check';
import { closeWatchCancellationCheck } from './close-watch';
import { abortableSleep } from './sleep';
import { reusedWaitCount, visibilityWaitCount } from './waits-on-task-queue';

/** Dependencies of the HubSpot activities: the HubSpot client's, and the pollers' own. */
export interface ActivityDeps extends HubSpotClientDeps {
  /** The clock of the early-window poller, in epoch milliseconds. Defaults to `Date.now`. */
  now?: () => number;
  /**
   * How the early-window poller waits between polls: `ms` milliseconds, or until `signal` aborts, then rejects with
   * its reason. Defaults to a timer of `node:timers/promises`.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The jitter source, in [0, 1). Defaults to `Math.random`. */
  random?: () => number;
  /**
   * How the early-window poller learns between two polls that its workflow was cancelled or closed, so that it stops
   * within one poll instead of at its next heartbeat answer (up to 48 s later). Defaults to
   * `closeWatchCancellationCheck`: one long poll on the run's close event per poller (one call per 20 s, not a billed
   * action), and `describeCancellationCheck` (one `DescribeWorkflowExecution` before each read after the first) where
   * it cannot run. `false` turns it off: the poller then learns of a cancellation only from a heartbeat answer.
   */
  cancellationCheck?: CancellationCheck | false;
  /**
   * How the retry-phase poller of a `laterPhase: 'shared'` wait counts the waits under way on its task queue, to
   * decide when to join the shared watcher (`sharedPhaseMinWaits`) and how many watchers to spread over. Defaults to
   * `visibilityWaitCount` (a `CountWorkflowExecutions` through the worker's client, not a billed action), asked at
   * most once per 5 s per task queue by the worker (`reusedWaitCount`).
   */
  countWaits?: (ctx: Context) => Promise<number>;
}

/** The defaults applied by {@link resolveDeps}: the HubSpot client's (the pollers' own are in {@link ActivityDeps}). */
export const ACTIVITY_DEFAULTS = HUBSPOT_CLIENT_DEFAULTS;

/** {@link ActivityDeps} with every default filled in, and the process's request budget. */
export type ResolvedDeps = ResolvedClientDeps & Required<Omit<ActivityDeps, keyof HubSpotClientDeps>>;

/** Fills in defaults and checks the deps once, when the worker builds the activities. */
export function resolveDeps(deps: ActivityDeps): ResolvedDeps {
  return {
    ...resolveClientDeps(deps, 'createActivities'),
    now: deps.now ?? Date.now,
    sleep: deps.sleep ?? abortableSleep,
    random: deps.random ?? Math.random,
    cancellationCheck: deps.cancellationCheck ?? closeWatchCancellationCheck,
    countWaits: deps.countWaits ?? reusedWaitCount(visibilityWaitCount, deps.now ?? Date.now),
  };
}
