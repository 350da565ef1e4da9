/**
 * The input of `awaitFolderUpdate`, its documented defaults, and its validation. Workflow-safe (no Node built-ins).
 */
import type { Duration } from '@temporalio/common';
import type { BackoffSchedule } from '../../common/backoff';
import type { FolderUpdateStatus } from '../../common/folder-update-status';
import { invalidInput } from '../../common/invalid-input';
import { validateTaskId } from '../../common/task-id';
import { durationMs, isZeroDuration, laterPhaseOption, type LaterPhase } from '../poll-option-fields';

export { LATER_PHASES, type LaterPhase } from '../poll-option-fields';

/** How to poll: shared by every workflow that waits on a folder-update task. */
export interface PollOptions {
  /** Wait before the second poll. A `Duration` ('2s', or milliseconds as a number). Defaults to '2s'. */
  initialPollInterval?: Duration;
  /** Longest wait between two polls. Defaults to '1m'. */
  maxPollInterval?: Duration;
  /** Each wait is the previous one times this, up to `maxPollInterval`. At least 1. Defaults to 1.5. */
  backoffCoefficient?: number;
  /** How long to wait for a terminal status in all, counted from the first run's start. Defaults to '24h'. */
  timeout?: Duration;
  /** Return COMPLETE tasks that report errors instead of failing with `FolderUpdateCompletedWithErrors`. Defaults to false. */
  allowErrors?: boolean;
  /**
   * How long the first polls run inside one heartbeating activity (no history events or timer actions per poll),
   * counted from the workflow's start; later polls run in the `laterPhase`. Same schedule either way. 0 turns it off
   * (every poll is in the later phase). At most '1h'. Defaults to '2m'.
   */
  earlyWindow?: Duration;
  /**
   * The early-window poller's heartbeat timeout: how long the server waits for a heartbeat before it retries the
   * poller elsewhere. '10s' to '10m'. Defaults to '60s' ('30s' for waits started before that default). It trades cost
   * against crash detection: the poller heartbeats once per 0.8 × this (once a minute above 75 s), the first one only
   * after that long, each a Temporal Cloud action: a 2-minute window costs 2 heartbeats at '60s' (1 at '2m', 4 to 5
   * at '30s', 14 to 15 at '10s'), a window that ends within 0.8 × this none; a crashed worker's window resumes on
   * another worker after at most this plus the 1 s retry backoff. `getFolderUpdateProgress` is at most 0.8 × this
   * behind during the window. Cancellation does not depend on it (see `cancellationCheck`).
   */
  earlyWindowHeartbeatTimeout?: Duration;
  /**
   * How the polls after the early window run (and every poll when `earlyWindow` is 0). Defaults to 'shared' (waits
   * that name none and whose history has no `shared-phase-by-default` marker, started before 2.0, replay on 'retry').
   * - 'retry': one activity whose attempts are the polls (`pollFolderUpdateUntilDone`); a not-yet-done poll is a
   *   benign failure retried after the schedule's next wait. About 1 action and no history events a poll, no
   *   continue-as-new. Workflows whose history has no `retry-phase-poller` marker (started before it) replay on 'timer'.
   * - 'timer': each poll a durable timer plus a `getFolderUpdateStatus` activity (about 2 to 3 actions and 11 history
   *   events a poll), continuing as new every 100 polls; the path before the retry phase existed. Pin it in tests on
   *   the time-skipping server, which does not skip time during a retry backoff.
   * - 'shared' (the default; it pays off when many waits run at once, such as a migration's): the wait polls as on
   *   'retry' until at least `sharedPhaseMinWaits` waits are under way on its task queue, then registers its task with
   *   the one `watchHubSpotTasks` watcher of its task queue (signal-with-start), which reads every task it holds on its
   *   wait's schedule in one long heartbeating activity and signals the wait only on a status change or the end. A
   *   wait's later phase then costs a constant handful of actions (about 6) whatever its length, plus its share of the
   *   watcher's (about 66 an hour in the bench, heartbeats included, shared by every wait it holds). A wait with fewer
   *   waits beside it costs what it costs on 'retry'. `getFolderUpdateProgress` shows the poll count as of the last
   *   status change once the wait has joined; a cancelled wait's task is read no more within about 2 s (the watcher's
   *   check). See docs/PERFORMANCE.md §h.
   */
  laterPhase?: LaterPhase;
  /**
   * On `laterPhase: 'shared'`: how many waits must be under way on the task queue (running `awaitFolderUpdate` and
   * `awaitHubSpotTask` workflows, this one included) before a wait joins the shared watcher. Until then each
   * retry-phase poll counts them, with one visibility count (not a Temporal Cloud action); a server that cannot count
   * (the time-skipping test server) counts none. 1 joins right after the early window, without counting. A whole
   * number from 1 to 100,000. Defaults to 10.
   */
  sharedPhaseMinWaits?: number;
}

/** State carried across continue-as-new. Internal: set by the workflow itself, not by callers. */
export interface PollContinuation {
  /** Status responses read so far, over all runs. */
  polls: number;
  /** When the wait gives up, in epoch milliseconds. */
  deadlineMs: number;
  lastStatus?: FolderUpdateStatus;
  /** When the last status was read, in epoch milliseconds. */
  lastPolledAtMs?: number;
}

/** Input of the `awaitFolderUpdate` workflow. */
export interface AwaitFolderUpdateInput extends PollOptions {
  /** The task id `POST /files/v3/folders/update/async` answered with. */
  taskId: string;
  /** Advanced: status polls per run before the workflow continues as new. Defaults to 100. */
  maxPollsPerRun?: number;
  /** Internal: set by continue-as-new. */
  continuation?: PollContinuation;
}

/** The defaults of {@link PollOptions}, in one place. */
export const POLL_DEFAULTS = {
  initialPollInterval: '2s',
  maxPollInterval: '1m',
  backoffCoefficient: 1.5,
  timeout: '24h',
  allowErrors: false,
  earlyWindow: '2m',
  earlyWindowHeartbeatTimeout: '60s',
  laterPhase: 'shared',
  sharedPhaseMinWaits: 10,
} as const satisfies Required<PollOptions>;

/** Upper bounds that catch absurd input: a poll interval of at most 1 day, a timeout of at most 366 days. */
export const POLL_LIMITS = {
  maxIntervalMs: 24 * 60 * 60 * 1000,
  maxTimeoutMs: 366 * 24 * 60 * 60 * 1000,
  maxBackoffCoefficient: 10,
  maxEarlyWindowMs: 60 * 60 * 1000,
  /** Above the poller's 5 s keepalive with room for one missed beat, and below an hour of blind waiting. */
  minEarlyWindowHeartbeatTimeoutMs: 10_000,
  maxEarlyWindowHeartbeatTimeoutMs: 10 * 60 * 1000,
  maxSharedPhaseMinWaits: 100_000,
} as const;

/** {@link PollOptions} validated, with defaults applied and durations in milliseconds. */
export interface ResolvedPollOptions extends BackoffSchedule {
  timeoutMs: number;
  allowErrors: boolean;
  /** 0 when off. */
  earlyWindowMs: number;
  earlyWindowHeartbeatTimeoutMs: number;
  laterPhase: LaterPhase;
  sharedPhaseMinWaits: number;
}

/**
 * Validates poll options, applies {@link POLL_DEFAULTS} and converts durations to milliseconds.
 *
 * @throws `InvalidInput` (non-retryable) naming the field and the value.
 */
export function resolvePollOptions(options: PollOptions): ResolvedPollOptions {
  const initialPollIntervalMs = durationMs(
    'initialPollInterval',
    options.initialPollInterval,
    POLL_DEFAULTS.initialPollInterval,
    POLL_LIMITS.maxIntervalMs,
  );
  const maxPollIntervalMs = durationMs(
    'maxPollInterval',
    options.maxPollInterval,
    POLL_DEFAULTS.maxPollInterval,
    POLL_LIMITS.maxIntervalMs,
  );
  if (maxPollIntervalMs < initialPollIntervalMs) {
    throw invalidInput(
      'maxPollInterval',
      options.maxPollInterval ?? POLL_DEFAULTS.maxPollInterval,
      `must not be below initialPollInterval (${initialPollIntervalMs} ms)`,
    );
  }
  const backoffCoefficient = options.backoffCoefficient ?? POLL_DEFAULTS.backoffCoefficient;
  if (
    typeof backoffCoefficient !== 'number' ||
    !Number.isFinite(backoffCoefficient) ||
    backoffCoefficient < 1 ||
    backoffCoefficient > POLL_LIMITS.maxBackoffCoefficient
  ) {
    throw invalidInput(
      'backoffCoefficient',
      backoffCoefficient,
      `must be a number from 1 to ${POLL_LIMITS.maxBackoffCoefficient}`,
    );
  }
  const timeoutMs = durationMs('timeout', options.timeout, POLL_DEFAULTS.timeout, POLL_LIMITS.maxTimeoutMs);
  const allowErrors = options.allowErrors ?? POLL_DEFAULTS.allowErrors;
  if (typeof allowErrors !== 'boolean') throw invalidInput('allowErrors', allowErrors, 'must be true or false');
  const earlyWindowMs = isZeroDuration(options.earlyWindow)
    ? 0
    : durationMs('earlyWindow', options.earlyWindow, POLL_DEFAULTS.earlyWindow, POLL_LIMITS.maxEarlyWindowMs);
  const earlyWindowHeartbeatTimeoutMs = durationMs(
    'earlyWindowHeartbeatTimeout',
    options.earlyWindowHeartbeatTimeout,
    POLL_DEFAULTS.earlyWindowHeartbeatTimeout,
    POLL_LIMITS.maxEarlyWindowHeartbeatTimeoutMs,
  );
  if (earlyWindowHeartbeatTimeoutMs < POLL_LIMITS.minEarlyWindowHeartbeatTimeoutMs) {
    throw invalidInput(
      'earlyWindowHeartbeatTimeout',
      options.earlyWindowHeartbeatTimeout,
      `must be at least ${POLL_LIMITS.minEarlyWindowHeartbeatTimeoutMs} ms`,
    );
  }
  const sharedPhaseMinWaits = options.sharedPhaseMinWaits ?? POLL_DEFAULTS.sharedPhaseMinWaits;
  if (
    !Number.isSafeInteger(sharedPhaseMinWaits) ||
    sharedPhaseMinWaits < 1 ||
    sharedPhaseMinWaits > POLL_LIMITS.maxSharedPhaseMinWaits
  ) {
    throw invalidInput(
      'sharedPhaseMinWaits',
      options.sharedPhaseMinWaits,
      `must be a whole number from 1 to ${POLL_LIMITS.maxSharedPhaseMinWaits}`,
    );
  }
  return {
    initialPollIntervalMs,
    maxPollIntervalMs,
    backoffCoefficient,
    timeoutMs,
    allowErrors,
    earlyWindowMs,
    earlyWindowHeartbeatTimeoutMs,
    laterPhase: laterPhaseOption(options.laterPhase, POLL_DEFAULTS.laterPhase),
    sharedPhaseMinWaits,
  };
}

/** Polls per run before `awaitFolderUpdate` continues as new; at about 11 history events a poll, about 1,100 events. */
export const MAX_POLLS_PER_RUN = 100;

/** The `awaitFolderUpdate` input, validated: what the workflow loop runs on. */
export interface ValidatedAwaitInput {
  taskId: string;
  options: ResolvedPollOptions;
  /** `maxPollsPerRun`, defaulted to {@link MAX_POLLS_PER_RUN}. */
  maxPollsPerRun: number;
  /** The state of the run before, after a continue-as-new. */
  continuation?: PollContinuation;
}

/** Checks the internal continue-as-new state, so that a hand-made one fails clearly. */
function checkContinuation(c: PollContinuation | undefined): void {
  if (c === undefined) return;
  if (!Number.isSafeInteger(c.polls) || c.polls < 0)
    throw invalidInput('continuation.polls', c.polls, 'must be a whole number');
  if (!Number.isFinite(c.deadlineMs)) throw invalidInput('continuation.deadlineMs', c.deadlineMs, 'must be epoch ms');
}

/**
 * Validates the whole `awaitFolderUpdate` input, once: the task id, the poll options, `maxPollsPerRun` and the
 * continue-as-new state.
 *
 * @throws `InvalidInput` (non-retryable) naming the field and the value.
 */
export function validateAwaitInput(input: unknown): ValidatedAwaitInput {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidInput('input', input, 'must be an object { taskId, ...poll options }');
  }
  const { taskId, maxPollsPerRun: rawMaxPollsPerRun, continuation, ...options } = input as AwaitFolderUpdateInput;
  const validated = { taskId: validateTaskId(taskId), options: resolvePollOptions(options) };
  const maxPollsPerRun = rawMaxPollsPerRun ?? MAX_POLLS_PER_RUN;
  if (!Number.isSafeInteger(maxPollsPerRun) || maxPollsPerRun < 1) {
    throw invalidInput('maxPollsPerRun', maxPollsPerRun, 'must be a whole number of at least 1');
  }
  checkContinuation(continuation);
  return { ...validated, maxPollsPerRun, ...(continuation !== undefined ? { continuation } : {}) };
}

/** Just the {@link PollOptions} fields of an input that has more, to pass on to `awaitFolderUpdate`. */
export function pickPollOptions(input: PollOptions): PollOptions {
  const out: PollOptions = {};
  if (input.initialPollInterval !== undefined) out.initialPollInterval = input.initialPollInterval;
  if (input.maxPollInterval !== undefined) out.maxPollInterval = input.maxPollInterval;
  if (input.backoffCoefficient !== undefined) out.backoffCoefficient = input.backoffCoefficient;
  if (input.timeout !== undefined) out.timeout = input.timeout;
  if (input.allowErrors !== undefined) out.allowErrors = input.allowErrors;
  if (input.earlyWindow !== undefined) out.earlyWindow = input.earlyWindow;
  if (input.earlyWindowHeartbeatTimeout !== undefined)
    out.earlyWindowHeartbeatTimeout = input.earlyWindowHeartbeatTimeout;
  if (input.laterPhase !== undefined) out.laterPhase = input.laterPhase;
  if (input.sharedPhaseMinWaits !== undefined) out.sharedPhaseMinWaits = input.sharedPhaseMinWaits;
  return out;
}
