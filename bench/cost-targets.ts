/**
 * The bench's cost targets, judged on parts a and c: the default against the cheapest other durable way, the 300 s task
 * against infrequent polling, history bounds per later phase, later-phase detection, worker CPU per early-window poll
 * against the plain loop, and another task kind's wait (a CRM export) against a folder update's.
 */
import type { BenchConfig } from './config';
import type { LongWaitResults } from './long-waits';
import type { OverheadResults, OverheadRow } from './overhead-rows';
import { OTHER_DURABLE_WAYS } from './overhead-ways';
import { max, round } from './stats';

/** One target and how the run did against it (as in report.ts). */
interface Judged {
  target: string;
  status: 'met' | 'not met' | 'not run';
  figure: string;
}

/** Most history events a wait of any length up to 24 h may hold on the default (retry) later phase. */
export const MAX_RETRY_PHASE_EVENTS = 40;
/** Share of infrequent polling's actions a 300 s task may cost at the default cadence. */
export const SHARE_OF_INFREQUENT_300S = 2 / 3;
/** Slack over the poll interval that later-phase detection may take at p99, in milliseconds. */
export const DETECTION_SLACK_MS = 250;
/** Most worker CPU per early-window poll, as a multiple of the plain fetch loop's. */
export const MAX_CPU_RATIO = 2;
/**
 * How far another kind's default wait may be from the folder update's, in actions per task (mean), for the same task
 * length and cadence: 1 action or 10%, whichever is larger (jitter moves a wait's poll count by one either way).
 */
export const KIND_ACTIONS_SLACK = { actions: 1, share: 0.1 } as const;

const T = {
  cheapest: 'Actions: at every task length and cadence, the default costs ≤ the cheapest other durable way',
  share: 'Actions: a 300 s task at the default cadence costs ≤ 2/3 of infrequent polling',
  retryHistory: `History: the default later phase holds ≤ ${MAX_RETRY_PHASE_EVENTS} events for any wait up to 24 h, in one run`,
  detection: `Detection: later-phase p99 ≤ the poll interval + ${DETECTION_SLACK_MS} ms`,
  cpu: `Worker CPU per early-window poll ≤ ${MAX_CPU_RATIO}× the plain fetch loop`,
  kind: 'Actions: a CRM export wait costs what a folder-update wait costs (±1 action or 10%), at every length and cadence',
};

function judged(target: string, ok: boolean, figure: string): Judged {
  return { target, status: ok ? 'met' : 'not met', figure };
}

function notRun(target: string, figure: string): Judged {
  return { target, status: 'not run', figure };
}

function worstCheapest(o: OverheadResults): Judged {
  const pairs = o.rows
    .filter((r) => r.way === 'hybrid')
    .map((h) => {
      const others = o.rows.filter(
        (r) =>
          (OTHER_DURABLE_WAYS as readonly string[]).includes(r.way) && r.cadence === h.cadence && r.length === h.length,
      );
      const cheapest = others.sort((a, b) => a.actionsPerTask - b.actionsPerTask)[0];
      return cheapest && { h, cheapest, ratio: h.actionsPerTask / cheapest.actionsPerTask };
    })
    .filter((p): p is { h: OverheadRow; cheapest: OverheadRow; ratio: number } => p !== undefined)
    .sort((a, b) => b.ratio - a.ratio);
  const worst = pairs[0];
  if (!worst) return notRun(T.cheapest, 'no rows to compare');
  const over = pairs.filter((p) => p.ratio > 1).map((p) => `${p.h.cadence}/${p.h.length}`);
  return judged(
    T.cheapest,
    over.length === 0,
    `worst: ${worst.h.cadence}/${worst.h.length} at ${round(worst.ratio, 2)}× ${worst.cheapest.way} ` +
      `(${worst.h.actionsPerTask} vs ${worst.cheapest.actionsPerTask} actions)` +
      (over.length > 0 ? `; over at ${over.join(', ')}` : ''),
  );
}

function share300(o: OverheadResults, defaultCadence: string): Judged {
  const find = (way: string) =>
    o.rows.find((r) => r.way === way && r.cadence === defaultCadence && r.lengthMs === 300_000);
  const h = find('hybrid');
  const ip = find('infrequent-polling');
  if (!h || !ip) return notRun(T.share, 'no 300 s task in this run (the full part a has one)');
  const ratio = h.actionsPerTask / ip.actionsPerTask;
  return judged(
    T.share,
    ratio <= SHARE_OF_INFREQUENT_300S,
    `${round(ratio, 2)} (${h.actionsPerTask} vs ${ip.actionsPerTask} actions)`,
  );
}

function retryHistory(o: OverheadResults | undefined, l: LongWaitResults | undefined): Judged {
  const a = o?.rows.filter((r) => r.way === 'hybrid') ?? [];
  const c = l?.rows.filter((r) => r.laterPhase === 'retry') ?? [];
  if (a.length + c.length === 0) return notRun(T.retryHistory, 'parts a and c skipped');
  const most = max([...a.map((r) => r.maxEventsPerTask), ...c.map((r) => r.events)]);
  const runs = max([...a.map((r) => r.maxRuns), ...c.map((r) => r.runs)]);
  const longest = max(c.map((r) => r.simulatedMs));
  return judged(
    T.retryHistory,
    most <= MAX_RETRY_PHASE_EVENTS && runs <= 1 && (c.length === 0 || longest >= 86_400_000),
    `${most} events at most, ${runs} run(s) at most` +
      (c.length > 0 ? `; longest part c wait ${round(longest / 3_600_000, 1)} h` : '; part c skipped'),
  );
}

function detection(o: OverheadResults, config: BenchConfig): Judged {
  const after = new Set(config.overhead.lengths.filter((l) => !l.insideWindow).map((l) => l.name));
  const rows = o.rows.filter((r) => r.way === 'hybrid' && after.has(r.length));
  if (rows.length === 0) return notRun(T.detection, 'no task finished after the window');
  const worst = rows
    .map((r) => ({ r, excess: r.latencyP99Ms - r.intervalMs }))
    .sort((a, b) => b.excess - a.excess)[0] as { r: OverheadRow; excess: number };
  return judged(
    T.detection,
    worst.excess <= DETECTION_SLACK_MS,
    `worst: ${worst.r.cadence}/${worst.r.length}, p99 ${worst.r.latencyP99Ms} ms against an interval of ` +
      `${worst.r.intervalMs} ms (${worst.excess >= 0 ? '+' : ''}${round(worst.excess, 0)} ms)`,
  );
}

function cpu(o: OverheadResults): Judged {
  const e = o.earlyWindowCpu;
  if (!e) return notRun(T.cpu, 'not measured');
  return judged(
    T.cpu,
    e.ratio <= MAX_CPU_RATIO,
    `${e.ratio}× (${e.worker.cpuMsPerPoll} vs ${e.plainLoop.cpuMsPerPoll} ms per poll, ${e.cadence}, ` +
      `${e.tasks} tasks of ${e.taskMs / 1000} s each side)`,
  );
}

/** `hybrid-crm-export` against `hybrid`, row by row (issue 22: another kind, the same per-poll cost). */
function otherKind(o: OverheadResults): Judged {
  const pairs = o.rows
    .filter((r) => r.way === 'hybrid-crm-export')
    .flatMap((k) => {
      const f = o.rows.find((r) => r.way === 'hybrid' && r.cadence === k.cadence && r.length === k.length);
      return f ? [{ k, f, diff: k.actionsPerTask - f.actionsPerTask }] : [];
    })
    .sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff));
  const worst = pairs[0];
  if (!worst) return notRun(T.kind, 'no CRM export rows in this run');
  const slack = (f: OverheadRow) => Math.max(KIND_ACTIONS_SLACK.actions, KIND_ACTIONS_SLACK.share * f.actionsPerTask);
  const over = pairs.filter((p) => Math.abs(p.diff) > slack(p.f)).map((p) => `${p.k.cadence}/${p.k.length}`);
  return judged(
    T.kind,
    over.length === 0,
    `largest gap: ${worst.k.cadence}/${worst.k.length}, ${worst.k.actionsPerTask} vs ${worst.f.actionsPerTask} actions ` +
      `(events ${worst.k.eventsPerTask} vs ${worst.f.eventsPerTask})` +
      (over.length > 0 ? `; over at ${over.join(', ')}` : ''),
  );
}

/** Judges the cost targets on parts a (`o`) and c (`l`); a target whose part was skipped is `not run`. */
export function costTargets(
  o: OverheadResults | undefined,
  l: LongWaitResults | undefined,
  config: BenchConfig,
): Judged[] {
  const skipped = (t: string) => notRun(t, 'part a skipped');
  const defaultCadence = config.overhead.cadences[0]?.name ?? 'default';
  return [
    o ? worstCheapest(o) : skipped(T.cheapest),
    o ? share300(o, defaultCadence) : skipped(T.share),
    retryHistory(o, l),
    o ? detection(o, config) : skipped(T.detection),
    o ? cpu(o) : skipped(T.cpu),
    o ? otherKind(o) : skipped(T.kind),
  ];
}
