/**
 * The poll options as command-line flags, validated before anything starts, with errors that name the flag.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Command } from 'commander';
import { pickPollOptions, resolvePollOptions, type PollOptions } from '../workflows/await/poll-options';
import { UsageError } from './exit-codes';

/** Flag names of the poll options. */
const FLAGS: Record<keyof PollOptions, string> = {
  initialPollInterval: '--initial-poll-interval',
  maxPollInterval: '--max-poll-interval',
  backoffCoefficient: '--backoff-coefficient',
  timeout: '--timeout',
  allowErrors: '--allow-errors',
  earlyWindow: '--early-window',
  earlyWindowHeartbeatTimeout: '--early-window-heartbeat-timeout',
  laterPhase: '--later-phase',
  sharedPhaseMinWaits: '--shared-phase-min-waits',
};

/** Adds the poll-option flags to a command. */
export function withPollFlags(command: Command): Command {
  return command
    .option(`${FLAGS.initialPollInterval} <duration>`, "wait before the second poll, e.g. '2s' (default 2s)")
    .option(`${FLAGS.maxPollInterval} <duration>`, "longest wait between polls, e.g. '1m' (default 1m)")
    .option(`${FLAGS.backoffCoefficient} <number>`, 'growth of the wait per poll, 1 to 10 (default 1.5)')
    .option(`${FLAGS.timeout} <duration>`, "how long to wait in all, e.g. '24h' (default 24h)")
    .option(FLAGS.allowErrors, 'accept a completed task that reports errors')
    .option(
      `${FLAGS.earlyWindow} <duration>`,
      "poll inside one activity for this long before the later phase; '0' for the later phase only (default 2m)",
    )
    .option(
      `${FLAGS.earlyWindowHeartbeatTimeout} <duration>`,
      'heartbeat timeout of the early window, 10s to 10m: shorter finds a crashed worker sooner, costs more (default 60s)',
    )
    .option(
      `${FLAGS.laterPhase} <retry|timer|shared>`,
      "polls after the early window: 'retry' (activity retries), 'timer' (timer + activity) or 'shared' (as 'retry' until the task queue is crowded, then its watcher) (default shared)",
    )
    .option(
      `${FLAGS.sharedPhaseMinWaits} <n>`,
      'with --later-phase shared (the default): join the watcher once this many waits are under way on the task queue (default 10)',
    );
}

/** The poll options given as flags, validated. @throws {@link UsageError} naming the flag. */
export function pollOptionsFromFlags(flags: Record<string, unknown>): PollOptions {
  const options: PollOptions = {};
  if (typeof flags.initialPollInterval === 'string') options.initialPollInterval = flags.initialPollInterval as never;
  if (typeof flags.maxPollInterval === 'string') options.maxPollInterval = flags.maxPollInterval as never;
  if (typeof flags.timeout === 'string') options.timeout = flags.timeout as never;
  if (typeof flags.earlyWindow === 'string') options.earlyWindow = flags.earlyWindow as never;
  if (typeof flags.earlyWindowHeartbeatTimeout === 'string') {
    options.earlyWindowHeartbeatTimeout = flags.earlyWindowHeartbeatTimeout as never;
  }
  if (typeof flags.laterPhase === 'string') options.laterPhase = flags.laterPhase as never;
  if (flags.allowErrors === true) options.allowErrors = true;
  for (const field of ['backoffCoefficient', 'sharedPhaseMinWaits'] as const) {
    const raw = flags[field];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      throw new UsageError(`${FLAGS[field]} must be a number, got ${JSON.stringify(raw)}`);
    }
    options[field] = n;
  }
  try {
    resolvePollOptions(options);
  } catch (err) {
    if (!(err instanceof ApplicationFailure)) throw err;
    const field = (err.details?.[0] as { field?: keyof PollOptions } | undefined)?.field;
    throw new UsageError(`${field ? FLAGS[field] : 'poll options'}: ${err.message.replace(/^Invalid input: /, '')}`);
  }
  return pickPollOptions(options);
}
