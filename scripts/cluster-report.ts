/**
 * Prints the cluster tier's fault figures (`.scratch/cluster/results/*.json`, written by test/cluster/fault-workload.ts)
 * as the Markdown table of docs/SELF-HOSTED.md: `npx tsx scripts/cluster-report.ts` after `npm run test:cluster`.
 */
import fs from 'node:fs';
import path from 'node:path';

const RESULTS_DIR = path.resolve(__dirname, '..', '.scratch', 'cluster', 'results');
/** The rows in the page's order, with their labels. */
const ROWS: Array<[file: string, label: string]> = [
  ['dev-server', 'dev server, no fault'],
  ['none', 'cluster, no fault'],
  ['history', 'history SIGKILL'],
  ['matching', 'matching SIGKILL'],
  ['frontend', 'frontend SIGKILL'],
  ['postgres', 'PostgreSQL restart'],
  ['worker', 'worker SIGKILL'],
];

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function main(): void {
  const lines = [
    '| run | fault lasted | last early-window wait after its task ended | last retry-phase wait after its task ended | migration took | HubSpot requests | history events per wait (early / retry) | load (1 min) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const recorded: string[] = [];
  for (const [file, label] of ROWS) {
    const p = path.join(RESULTS_DIR, `${file}.json`);
    if (!fs.existsSync(p)) continue;
    const f = JSON.parse(fs.readFileSync(p, 'utf8')) as Figures;
    recorded.push(f.recordedAt);
    lines.push(
      `| ${label} | ${f.faultMs > 10 ? seconds(f.faultMs) : '–'} | ${seconds(f.earlyLateMs)} | ${seconds(f.retryLateMs)} | ` +
        `${seconds(f.migrationMs)} | ${f.hubspotRequests} | ${f.earlyEventsPerWait.mean} / ${f.retryEventsPerWait.mean} | ` +
        `${f.loadAverage1m} |`,
    );
  }
  recorded.sort();
  process.stdout.write(`${lines.join('\n')}\n\nRecorded ${recorded[0]} to ${recorded.at(-1)}.\n`);
}

/** One run's figures, as fault-workload.ts writes them. */
interface Figures {
  faultMs: number;
  earlyLateMs: number;
  retryLateMs: number;
  migrationMs: number;
  hubspotRequests: number;
  earlyEventsPerWait: { mean: number };
  retryEventsPerWait: { mean: number };
  loadAverage1m: number;
  recordedAt: string;
}

main();
