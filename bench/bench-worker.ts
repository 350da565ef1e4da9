/**
 * A worker process for the per-poll overhead runs (`overhead.ts`): the package's workflows and activities plus the
 * infrequent-polling pattern, one `Worker` per namespace in `BENCH_NAMESPACES`, all on `TEMPORAL_TASK_QUEUE`, from a
 * pre-built workflow bundle (`BENCH_BUNDLE_PATH`). No request budget: the overhead runs measure cost, not rate.
 *
 * Environment: TEMPORAL_ADDRESS, BENCH_NAMESPACES (comma-separated), TEMPORAL_TASK_QUEUE, HUBSPOT_BASE_URL,
 * HUBSPOT_ACCESS_TOKEN, BENCH_BUNDLE_PATH; BENCH_CANCELLATION_CHECK=off builds the activities with `cancellationCheck: false`. Prints `bench worker ready` once every worker runs; SIGTERM stops it.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { createInfrequentPollingActivities } from './infrequent-polling-activity';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const baseUrl = required('HUBSPOT_BASE_URL');
  const token = required('HUBSPOT_ACCESS_TOKEN');
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  // `maxRequestsPerSecond` is the process's own request budget once the hybrid poller lands; unlimited here.
  const deps = {
    baseUrl,
    token,
    requestTimeoutMs: 10_000,
    maxRequestsPerSecond: Infinity,
    ...(process.env.BENCH_CANCELLATION_CHECK === 'off' ? { cancellationCheck: false as const } : {}),
  };
  const activities = { ...createActivities(deps), ...createInfrequentPollingActivities(baseUrl, token) };
  const workers = await Promise.all(
    required('BENCH_NAMESPACES')
      .split(',')
      .map((namespace) =>
        Worker.create({
          connection,
          namespace,
          taskQueue: required('TEMPORAL_TASK_QUEUE'),
          workflowBundle: { codePath: required('BENCH_BUNDLE_PATH') },
          activities,
          maxConcurrentWorkflowTaskPolls: 2,
          maxConcurrentActivityTaskPolls: 2,
        }),
      ),
  );
  const running = Promise.all(workers.map((worker) => worker.run()));
  console.error('bench worker ready');
  try {
    await running;
  } finally {
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
