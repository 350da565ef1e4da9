/**
 * What a workflow's history costs: events per run and in all, polls made through activities, Temporal Cloud
 * actions (see `actions.ts`), and the close time. Follows continue-as-new from the first run to the last.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { actionsOfHistory } from './actions';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The cost of one workflow (all its runs). */
export interface HistoryStats {
  workflowId: string;
  runs: number;
  /** History events in all runs together. */
  events: number;
  /** Events of the longest run. */
  peakRunEvents: number;
  /** Actions by Temporal Cloud's billing rules, heartbeats excluded (they are not in history). */
  actions: number;
  /** Activities scheduled, by activity type. */
  activities: Record<string, number>;
  timers: number;
  /**
   * The most events between two consecutive schedules of the one-poll activity `getFolderUpdateStatus` in one run
   * (the events one later poll adds: activity, timer and workflow tasks); 0 when no run has two.
   */
  maxEventsPerLaterPoll: number;
  /** When the last run closed, in epoch milliseconds. */
  closedAtMs: number;
}

/** The per-poll activity of the plain workflow loop and of the later polls of the hybrid. */
export const ONE_POLL_ACTIVITY = 'getFolderUpdateStatus';

/** An event's time in epoch milliseconds (a protobuf Timestamp: whole seconds, a Long, plus nanoseconds). */
function eventTimeMs(event: HistoryEvent | undefined): number {
  const time = event?.eventTime;
  return time ? Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : NaN;
}

/** Reads every run of `workflowId`, starting at `firstRunId`, and sums up their cost. */
export async function historyStats(client: Client, workflowId: string, firstRunId: string): Promise<HistoryStats> {
  const stats: HistoryStats = {
    workflowId,
    runs: 0,
    events: 0,
    peakRunEvents: 0,
    actions: 0,
    activities: {},
    timers: 0,
    maxEventsPerLaterPoll: 0,
    closedAtMs: NaN,
  };
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    stats.runs += 1;
    stats.events += events.length;
    stats.peakRunEvents = Math.max(stats.peakRunEvents, events.length);
    stats.actions += actionsOfHistory(events);
    let lastPollEventId: number | undefined;
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled) {
        const type = scheduled.activityType?.name ?? '?';
        stats.activities[type] = (stats.activities[type] ?? 0) + 1;
        if (type === ONE_POLL_ACTIVITY) {
          const id = Number(event.eventId);
          if (lastPollEventId !== undefined) {
            stats.maxEventsPerLaterPoll = Math.max(stats.maxEventsPerLaterPoll, id - lastPollEventId);
          }
          lastPollEventId = id;
        }
      }
      if (event.timerStartedEventAttributes) stats.timers += 1;
    }
    const last: HistoryEvent | undefined = events[events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    stats.closedAtMs = eventTimeMs(last);
  }
  return stats;
}
