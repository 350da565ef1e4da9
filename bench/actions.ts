/**
 * Temporal Cloud actions, counted from a workflow's history the way Temporal Cloud bills them
 * (see "Actions" in Temporal Cloud's pricing documentation). The rules the bench applies, per event in the history:
 *
 * | what                                                                  | actions | from                                  |
 * | --------------------------------------------------------------------- | ------- | ------------------------------------- |
 * | a workflow started, continue-as-new (each new run) included           | 1       | `WorkflowExecutionStarted`, per run   |
 * | a child workflow started                                              | 1       | `StartChildWorkflowExecutionInitiated`|
 * | an activity attempt, first start or retry                             | 1 each  | `ActivityTaskStarted.attempt`         |
 * | a timer started                                                       | 1       | `TimerStarted`                        |
 * | a signal, query or update received; a signal sent                     | 1       | the matching event                    |
 * | a search attribute upsert, except one of `TemporalChangeVersion` only | 1       | `UpsertWorkflowSearchAttributes`      |
 * | a side effect or local activity marker (1 each: an upper bound)       | 1       | `MarkerRecorded`, not `core_patch`    |
 * | an activity heartbeat that reaches the server                         | 1 each  | not in history: see below             |
 *
 * Not billed: workflow tasks, activity schedules and completions, timer fires, the `patched()` marker and its
 * `TemporalChangeVersion` upsert (Cloud exempts versioning).
 *
 * `ActivityTaskStarted` is written once per activity, when the activity closes, with `attempt` = the number of
 * attempts made, so `attempt` counts the starts and retries that left no event of their own.
 *
 * Heartbeats leave no history: the bench counts the `RecordActivityTaskHeartbeat` requests the dev server's frontend
 * answered, from its Prometheus metrics (`service_latency_count{operation="RecordActivityTaskHeartbeat",
 * service_name="frontend",namespace=…}`; Prometheus writes the namespace with `_` for `-`), before and after a
 * measurement, in a namespace that holds only the measured workflows. The dev server also counts what it would bill,
 * `action{action_type=…,namespace=…}`: the bench reports that total too, as a cross-check. The worker's SDK throttles heartbeats (at most one per 0.8 × heartbeat timeout, 30 s by default), so
 * only those that reach the server are counted, as Cloud does. The bench sends no query, signal or update while it
 * measures.
 */
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Actions of one history event by the rules above (heartbeats excluded: they are not in history). */
export function actionsOfEvent(event: HistoryEvent): number {
  if (event.workflowExecutionStartedEventAttributes) return 1;
  if (event.startChildWorkflowExecutionInitiatedEventAttributes) return 1;
  if (event.activityTaskStartedEventAttributes)
    return Math.max(1, event.activityTaskStartedEventAttributes.attempt ?? 1);
  if (event.timerStartedEventAttributes) return 1;
  if (event.workflowExecutionSignaledEventAttributes) return 1;
  if (event.signalExternalWorkflowExecutionInitiatedEventAttributes) return 1;
  const upsert = event.upsertWorkflowSearchAttributesEventAttributes;
  if (upsert) {
    const fields = Object.keys(upsert.searchAttributes?.indexedFields ?? {});
    return fields.length > 0 && fields.every((f) => f === 'TemporalChangeVersion') ? 0 : 1;
  }
  if (event.workflowExecutionUpdateAcceptedEventAttributes) return 1;
  if (event.markerRecordedEventAttributes)
    return event.markerRecordedEventAttributes.markerName === 'core_patch' ? 0 : 1;
  return 0;
}

/** Actions of a list of history events (one run or several), heartbeats excluded. */
export function actionsOfHistory(events: readonly HistoryEvent[]): number {
  return events.reduce((sum, event) => sum + actionsOfEvent(event), 0);
}

/** One `service_requests` counter line of the dev server's Prometheus metrics, parsed. */
interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string, name: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels: Record<string, string> = {};
    for (const match of line.slice(name.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[match[1] as string] = match[2] as string;
    }
    samples.push({ labels, value: Number(line.slice(close + 1).trim()) });
  }
  return samples;
}

/** The frontend operations that record a heartbeat. */
export const HEARTBEAT_OPERATIONS = ['RecordActivityTaskHeartbeat', 'RecordActivityTaskHeartbeatById'] as const;

/** A namespace as Prometheus labels name it: every character but letters, digits and `_` becomes `_`. */
export function metricNamespace(namespace: string): string {
  return namespace.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Counters read from the dev server, per namespace as {@link metricNamespace} writes it. */
export interface ServerCounts {
  /** Heartbeat requests the frontend answered. */
  heartbeats: Record<string, number>;
  /** The server's own count of billable actions (`action` metric, every `action_type`). */
  actions: Record<string, number>;
  /** The same by `action_type`, per namespace. */
  actionsByType: Record<string, Record<string, number>>;
}

/** Reads the dev server's Prometheus endpoint (`http://127.0.0.1:<metrics-port>/metrics`). */
export async function serverCounts(metricsUrl: string): Promise<ServerCounts> {
  const response = await fetch(metricsUrl);
  const text = await response.text();
  const counts: ServerCounts = { heartbeats: {}, actions: {}, actionsByType: {} };
  for (const sample of parseSamples(text, 'service_latency_count')) {
    const { operation, namespace, service_name: service } = sample.labels;
    if (service !== 'frontend' || !namespace) continue;
    if (!(HEARTBEAT_OPERATIONS as readonly string[]).includes(operation ?? '')) continue;
    counts.heartbeats[namespace] = (counts.heartbeats[namespace] ?? 0) + sample.value;
  }
  for (const sample of parseSamples(text, 'action')) {
    const { namespace } = sample.labels;
    if (!namespace) continue;
    counts.actions[namespace] = (counts.actions[namespace] ?? 0) + sample.value;
    const byType = (counts.actionsByType[namespace] ??= {});
    const type = sample.labels.action_type ?? 'unknown';
    byType[type] = (byType[type] ?? 0) + sample.value;
  }
  return counts;
}
