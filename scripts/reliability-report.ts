/**
 * Renders the figures of the last `npm run test:reliability` (reliability-results/*.json) as the table in
 * docs/RELIABILITY.md, between the `<!-- figures:start -->` and `<!-- figures:end -->` markers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Figures } from '../test/reliability/harness';

const root = path.resolve(__dirname, '..');
const resultsDir = path.join(root, 'reliability-results');
const doc = path.join(root, 'docs', 'RELIABILITY.md');

const files = fs.existsSync(resultsDir)
  ? fs
      .readdirSync(resultsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
const rows = files.map(
  (f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as Figures & { recordedAt: string },
);
const cell = (v: unknown): string => (v === undefined ? '–' : String(v).replace(/\|/g, '\\|'));
const table = [
  '| scenario | unit | started | completed correctly | lost | duplicated | stuck | time to recover | notes |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${cell(r.scenario)} | ${cell(r.unit ?? 'workflows')} | ${cell(r.started)} | ${cell(r.completedCorrectly)} | ${cell(r.lost)} | ` +
      `${cell(r.duplicated)} | ${cell(r.stuck)} | ${r.recoveryMs === undefined ? '–' : `${(r.recoveryMs / 1000).toFixed(1)} s`} | ${cell(r.notes)} |`,
  ),
].join('\n');
const stamp = `Run of ${rows[0]?.recordedAt.slice(0, 10) ?? 'never'} on ${os.cpus().length} cores, Node ${process.version}, with \`npm run test:reliability\`.`;
const block = `<!-- figures:start -->\n${stamp}\n\n${table}\n<!-- figures:end -->`;
const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '';
const next = /<!-- figures:start -->[\s\S]*<!-- figures:end -->/.test(text)
  ? text.replace(/<!-- figures:start -->[\s\S]*<!-- figures:end -->/, block)
  : `${text}\n${block}\n`;
fs.writeFileSync(doc, next);
console.log(`${rows.length} scenarios written to ${path.relative(root, doc)}`);
