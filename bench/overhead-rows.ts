/** Part a's figures: one row per (way, cadence, length), and the worker CPU of each (way, cadence) process. */
import type { HubSpotSimulator } from '../src/simulator';
import type { Cadence, TaskLength } from './config';
import { intervalInEffectMs } from './config';
import type { EarlyWindowCpu } from './early-window-cpu';
import type { Wait, Way } from './overhead-ways';
import { max, mean, percentile, round } from './stats';

/** Figures of one (way, cadence, length). Times in milliseconds; `*PerTask` are means over its tasks. */
export interface OverheadRow {
  way: Way;
  cadence: string;
  length: string;
  lengthMs: number;
  tasks: number;
  correct: number;
  pollsPerTask: number;
  /** History events of a whole wait (all runs); 0 for the plain loop. */
  eventsPerTask: number;
  maxEventsPerTask: number;
  eventsPerPoll: number;
  /** The most events one later poll added (between two `getFolderUpdateStatus` schedules); 0 when none. */
  maxEventsPerLaterPoll: number;
  /** The longest run's history, in events. */
  peakRunEvents: number;
  /** The most runs (continue-as-new included) one wait took. */
  maxRuns: number;
  /** Temporal Cloud actions per wait, heartbeats included (see `actions.ts`). */
  actionsPerTask: number;
  /** Of which heartbeats that reached the server. */
  heartbeatsPerTask: number;
  /** The dev server's own count of billable actions (`action` metric) per wait, as a cross-check. */
  serverActionsPerTask: number;
  /** Detection latency: the task turning terminal in the simulator → the result delivered. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The poll interval in effect at completion (`intervalInEffectMs`), un-jittered. */
  intervalMs: number;
  /** Latency divided by {@link intervalMs}. */
  latencyRatioP50: number;
  latencyRatioP99: number;
}

/** CPU of one (way, cadence) process. */
export interface OverheadCpu {
  way: Way;
  cadence: string;
  /** CPU time the process used while the waits ran (startup excluded), in milliseconds. */
  cpuMs: number;
  polls: number;
  cpuMsPerPoll: number;
}

/** Part a's figures. */
export interface OverheadResults {
  earlyWindowMs: number;
  rows: OverheadRow[];
  cpu: OverheadCpu[];
  /** Worker CPU per early-window poll against the plain loop (item 5 of issue 12); absent in older results. */
  earlyWindowCpu?: EarlyWindowCpu;
  wallMs: number;
}

/** The figures of one (way, cadence, length) group of waits; `earlyWindowMs` is the way's window (0 = none). */
export function rowOf(
  way: Way,
  cadence: Cadence,
  length: TaskLength,
  group: Wait[],
  counts: { heartbeats: number; serverActions: number },
  sim: HubSpotSimulator,
  earlyWindowMs: number,
): OverheadRow {
  const done = group.filter((w) => w.result);
  const correct = done.filter((w) => w.result?.status === 'COMPLETE' && w.result.taskId === w.taskId).length;
  const polls = done.map((w) => w.result?.polls ?? 0);
  const events = done.map((w) => w.history?.events ?? 0);
  const actions = done.map((w) => w.history?.actions ?? 0);
  const interval = intervalInEffectMs(cadence, length.ms, earlyWindowMs);
  const latencies = done.map((w) => (w.deliveredAtMs ?? NaN) - (sim.getTask(w.taskId)?.completedAt ?? NaN));
  const tasks = group.length;
  return {
    way,
    cadence: cadence.name,
    length: length.name,
    lengthMs: length.ms,
    tasks,
    correct,
    pollsPerTask: round(mean(polls), 1),
    eventsPerTask: round(mean(events), 1),
    maxEventsPerTask: max(events),
    eventsPerPoll: round(mean(events) / mean(polls), 2),
    maxEventsPerLaterPoll: max(done.map((w) => w.history?.maxEventsPerLaterPoll ?? 0)),
    peakRunEvents: max(done.map((w) => w.history?.peakRunEvents ?? 0)),
    maxRuns: max(done.map((w) => w.history?.runs ?? 0)),
    actionsPerTask: round(mean(actions) + counts.heartbeats / tasks, 1),
    heartbeatsPerTask: round(counts.heartbeats / tasks, 1),
    serverActionsPerTask: round(counts.serverActions / tasks, 1),
    latencyP50Ms: round(percentile(latencies, 50), 0),
    latencyP99Ms: round(percentile(latencies, 99), 0),
    intervalMs: interval,
    latencyRatioP50: round(percentile(latencies, 50) / interval, 2),
    latencyRatioP99: round(percentile(latencies, 99) / interval, 2),
  };
}

/** The CPU figures of one (way, cadence) process: its CPU over the measurement, per status poll its waits made. */
export function cpuOf(way: Way, cadence: Cadence, waits: Wait[], cpuMs: number): OverheadCpu {
  const polls = waits
    .filter((w) => w.way === way && w.cadence === cadence)
    .reduce((sum, w) => sum + (w.result?.polls ?? 0), 0);
  return { way, cadence: cadence.name, cpuMs: round(cpuMs, 0), polls, cpuMsPerPoll: round(cpuMs / polls, 3) };
}
