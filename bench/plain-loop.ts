/**
 * The plain in-process loop, for comparison: `fetch` plus `setTimeout` with the package's backoff schedule
 * (`pollDelayMs`, jitter included), no Temporal. Runs as its own child process so that its CPU time can be measured
 * apart: it prints `plain loop ready`, reads one JSON {@link PlainLoopJob} line on stdin, waits on every task at once,
 * and prints one JSON {@link PlainLoopReport} line on stdout.
 */
import { parseFolderUpdateStatus } from '../src/activities';
import { isTerminalStatus } from '../src/common/folder-update-status';
import { pollDelayMs } from '../src/common/backoff';

/** One task to wait on. Durations in milliseconds. */
export interface PlainLoopTask {
  taskId: string;
  initialPollIntervalMs: number;
  maxPollIntervalMs: number;
  backoffCoefficient: number;
}

/** What the orchestrator sends. */
export interface PlainLoopJob {
  baseUrl: string;
  token: string;
  tasks: PlainLoopTask[];
}

/** How one wait ended. `deliveredAtMs` is epoch milliseconds. */
export interface PlainLoopOutcome {
  taskId: string;
  status: string;
  polls: number;
  deliveredAtMs: number;
}

/** What the loop process reports: its outcomes and the CPU time it used for them, in milliseconds. */
export interface PlainLoopReport {
  cpuMs: number;
  outcomes: PlainLoopOutcome[];
}

async function waitOn(job: PlainLoopJob, task: PlainLoopTask): Promise<PlainLoopOutcome> {
  const url = `${job.baseUrl}/files/v3/folders/update/async/tasks/${encodeURIComponent(task.taskId)}/status`;
  const options = {
    initialPollIntervalMs: task.initialPollIntervalMs,
    maxPollIntervalMs: task.maxPollIntervalMs,
    backoffCoefficient: task.backoffCoefficient,
  };
  for (let polls = 1; ; polls++) {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${job.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.ok) {
      const status = parseFolderUpdateStatus(JSON.parse(text) as unknown, task.taskId);
      if (isTerminalStatus(status.status)) {
        return { taskId: task.taskId, status: status.status, polls, deliveredAtMs: Date.now() };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pollDelayMs(polls - 1, options, Math.random)));
  }
}

async function readJob(): Promise<PlainLoopJob> {
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
    const newline = input.indexOf('\n');
    if (newline >= 0) return JSON.parse(input.slice(0, newline)) as PlainLoopJob;
  }
  throw new Error('stdin closed before a job arrived');
}

async function main(): Promise<void> {
  console.error('plain loop ready');
  const job = await readJob();
  const before = process.cpuUsage();
  const outcomes = await Promise.all(job.tasks.map((task) => waitOn(job, task)));
  const used = process.cpuUsage(before);
  const report: PlainLoopReport = { cpuMs: (used.user + used.system) / 1000, outcomes };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
