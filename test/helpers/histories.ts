/**
 * Reading a workflow's history in tests: event counts per continue-as-new run, event kinds, timer durations, and
 * scheduled activity types.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** Event counts of every run of a workflow, following the continue-as-new chain from its first run. */
export async function eventsPerRun(
  client: Client,
  handle: WorkflowHandle & { firstExecutionRunId: string },
): Promise<number[]> {
  const counts: number[] = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history: History = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    counts.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return counts;
}

/**
 * The first argument each run of a workflow continued as new with (decoded JSON), following the chain from its first
 * run: one per continue-as-new, so a run that ended otherwise adds none.
 */
export async function continuedAsNewInputs(
  client: Client,
  handle: WorkflowHandle & { firstExecutionRunId: string },
): Promise<unknown[]> {
  const inputs: unknown[] = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history: History = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const continued = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    const data = continued?.input?.payloads?.[0]?.data;
    if (data) inputs.push(JSON.parse(Buffer.from(data).toString('utf8')));
    runId = continued?.newExecutionRunId ?? undefined;
  }
  return inputs;
}

/** Each event's kind, named by its attributes field: 'timerStarted', 'activityTaskScheduled', … */
export async function eventTypes(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).map(
    (e) =>
      Object.entries(e)
        .find(([k, v]) => k.endsWith('EventAttributes') && v != null)?.[0]
        .replace(/EventAttributes$/, '') ?? 'unknown',
  );
}

/** The activity type of every ActivityTaskScheduled event, in order. */
export function activityTypes(history: History): string[] {
  return (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter((n): n is string => typeof n === 'string');
}

/** Every durable timer's duration, in milliseconds, in the order the timers started. */
export async function timerDurationsMs(handle: WorkflowHandle): Promise<number[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.timerStartedEventAttributes?.startToFireTimeout)
    .filter((t): t is NonNullable<typeof t> => t != null)
    .map((t) => Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6));
}

/** The id of every patch marker (`patched(id)`) the history records, in order. */
export function patchIds(history: History): string[] {
  return (history.events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}
