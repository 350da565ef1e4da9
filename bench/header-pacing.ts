/**
 * Part d of `npm run bench`: one HubSpot budget shared by workers that know nothing of each other (issue 11). Each
 * "worker" is a request budget of its own (`createActivities`'s, built by `resolveClientDeps`) driving a backlog of status
 * polls over HTTP against the simulator, as a worker process's activities would; no Temporal is involved, so the
 * figures measure the pacing alone (the reliability suite's scenario 7 runs the same shape with worker processes).
 *
 * Shape: HubSpot's limit of 100 per 10 s (Free/Starter), a foreign consumer taking 20% of it, 3 workers from the
 * start, a 4th joining at a third of the run and one of the first leaving at two thirds. Two configurations side by
 * side: no setting at all (paced from HubSpot's headers), and the old manual one (each worker given budget / worker
 * count = 9 / 3 per second, the README's advice before issue 11, and blind to the headers, as the old budget was).
 */
import { resolveClientDeps, type HubSpotClientDeps } from '../src/hubspot/client-deps';
import { hubspotRequest } from '../src/hubspot/request';
import { HubSpotSimulator, maxInWindow } from '../src/simulator';

/** Part d's settings. */
export interface HeaderPacingConfig {
  /** Length of each configuration's run, in milliseconds. */
  runMs: number;
  /** Polls each worker keeps waiting in its budget at once (the backlog). */
  backlogPerWorker: number;
}

/** One configuration's figures. */
export interface HeaderPacingRow {
  name: string;
  /** Our requests, and those HubSpot answered 429. */
  requests: number;
  rateLimited: number;
  foreignRequests: number;
  foreignRateLimited: number;
  /** 429s of all requests, ours and the foreign consumer's, 0 to 1. */
  share429: number;
  /** Our admitted requests per second after the first window, over the budget left to us (limit − reserve − foreign). */
  shareOfRemaining: number;
  /** The same over the limit less the foreign consumer only. */
  shareBeforeReserve: number;
  /** The most requests (ours and foreign, refused ones included) in any 10 s window, against the limit. */
  maxIn10s: number;
  limit: number;
}

/** Part d's results. */
export interface HeaderPacingResults {
  rows: HeaderPacingRow[];
}

const LIMIT = { max: 100, intervalMs: 10_000 } as const;
const FOREIGN_PER_SECOND = 2;
const RESERVE = 0.1;
/** The old manual setting: HUBSPOT_MAX_REQUESTS_PER_SECOND=9 and HUBSPOT_WORKER_COUNT=3, so 3 per second each. */
const OLD_PER_WORKER = 9 / 3;

/** A fetch that drops HubSpot's rate-limit headers: the old budget never read them. */
const blindFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const headers = new Headers(res.headers);
  for (const name of [...headers.keys()]) if (name.startsWith('x-hubspot-ratelimit')) headers.delete(name);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
};

/** One worker: `backlog` loops polling back to back through one budget, until `stop` aborts them. */
function startWorker(deps: HubSpotClientDeps, taskId: string, backlog: number, stop: AbortSignal): Promise<void> {
  const resolved = resolveClientDeps(deps, 'createActivities');
  const path = `/files/v3/folders/update/async/tasks/${encodeURIComponent(taskId)}/status`;
  const loop = async (): Promise<void> => {
    while (!stop.aborted) {
      await hubspotRequest(resolved, { method: 'GET', path, operation: 'bench poll', signal: stop }).catch(() => {
        // a 429 or the abort at the end: the loop goes on or stops
      });
    }
  };
  return Promise.all(Array.from({ length: backlog }, loop)).then(() => undefined);
}

async function runOne(
  name: string,
  config: HeaderPacingConfig,
  deps: Partial<HubSpotClientDeps>,
): Promise<HeaderPacingRow> {
  const sim = new HubSpotSimulator({ rateLimit: LIMIT });
  const baseUrl = await sim.start();
  try {
    const taskId = sim.createTask({ pendingPolls: 1_000_000 });
    const foreign = sim.startForeignConsumer({ requestsPerSecond: FOREIGN_PER_SECOND });
    const started = Date.now();
    const workerDeps: HubSpotClientDeps = { baseUrl, token: 'sim-token', ...deps };
    const stops = Array.from({ length: 4 }, () => new AbortController());
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));
    const running = [0, 1, 2].map((i) => startWorker(workerDeps, taskId, config.backlogPerWorker, stops[i]!.signal));
    await sleep(started + config.runMs / 3 - Date.now());
    running.push(startWorker(workerDeps, taskId, config.backlogPerWorker, stops[3]!.signal));
    await sleep(started + (2 * config.runMs) / 3 - Date.now());
    stops[0]!.abort();
    await sleep(started + config.runMs - Date.now());
    for (const stop of stops) stop.abort();
    foreign.stop();
    await Promise.all(running);

    const log = sim.requestLog();
    const f = foreign.stats();
    const from = started + LIMIT.intervalMs;
    const seconds = (Date.now() - from) / 1000;
    const admitted = log.filter((e) => e.at >= from && e.status !== 429).length / seconds;
    const foreignRate = f.sentAt.filter((t) => t >= from).length / seconds;
    const perSecond = (n: number): number => (n * 1000) / LIMIT.intervalMs;
    const rateLimited = log.filter((e) => e.status === 429).length;
    return {
      name,
      requests: log.length,
      rateLimited,
      foreignRequests: f.sent,
      foreignRateLimited: f.rateLimited,
      share429: (rateLimited + f.rateLimited) / (log.length + f.sent),
      shareOfRemaining: admitted / (perSecond(LIMIT.max * (1 - RESERVE)) - foreignRate),
      shareBeforeReserve: admitted / (perSecond(LIMIT.max) - foreignRate),
      maxIn10s: maxInWindow([...log.map((e) => e.at), ...f.sentAt], LIMIT.intervalMs),
      limit: LIMIT.max,
    };
  } finally {
    await sim.stop();
  }
}

/** Runs both configurations, one after the other. */
export async function runHeaderPacing(
  config: HeaderPacingConfig,
  log: (line: string) => void,
): Promise<HeaderPacingResults> {
  const rows: HeaderPacingRow[] = [];
  log(`header pacing: no settings, ${config.runMs / 1000} s`);
  rows.push(await runOne('no settings (paced from headers)', config, {}));
  log(`header pacing: old manual configuration, ${config.runMs / 1000} s`);
  rows.push(
    await runOne('old manual (9/s ÷ 3 workers, headers unread)', config, {
      maxRequestsPerSecond: OLD_PER_WORKER,
      fetch: blindFetch,
    }),
  );
  return { rows };
}

/** Part d's targets, judged on the no-settings row: ≥ 85% of the remaining budget used, ≤ 1% 429s. */
export function headerPacingTargets(
  results: HeaderPacingResults | undefined,
): { target: string; status: 'met' | 'not met' | 'not run'; figure: string }[] {
  const use = 'Shared budget from headers: ≥ 85% of the remaining budget used while backlogged (no settings)';
  const cap = 'Shared budget from headers: 429s ≤ 1% of all requests, ours and the foreign consumer’s (no settings)';
  const row = results?.rows[0];
  if (!row) return [use, cap].map((target) => ({ target, status: 'not run' as const, figure: 'part d not run' }));
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const old = results.rows[1];
  const side = old ? `; old manual: ${pct(old.shareOfRemaining)}, ${pct(old.share429)} 429s` : '';
  return [
    {
      target: use,
      status: row.shareOfRemaining >= 0.85 ? 'met' : 'not met',
      figure: `${pct(row.shareOfRemaining)}${side}`,
    },
    { target: cap, status: row.share429 <= 0.01 ? 'met' : 'not met', figure: `${pct(row.share429)}${side}` },
  ];
}

/** A table of both rows, for the bench's report. */
export function renderHeaderPacing(results: HeaderPacingResults): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [
    '| configuration | our requests | 429 (ours / foreign) | 429 share | remaining budget used | before reserve | max in 10 s |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...results.rows.map(
      (r) =>
        `| ${r.name} | ${r.requests} | ${r.rateLimited} / ${r.foreignRateLimited} | ${pct(r.share429)} | ` +
        `${pct(r.shareOfRemaining)} | ${pct(r.shareBeforeReserve)} | ${r.maxIn10s} / ${r.limit} |`,
    ),
  ];
  return `\n## d. Shared budget from HubSpot's headers\n\n${lines.join('\n')}\n`;
}
