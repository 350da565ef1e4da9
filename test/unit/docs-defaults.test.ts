/**
 * The documentation states no default the code does not have, and misses none it has; and its relative links resolve.
 *
 * A table of defaults is marked by an HTML comment on the line before it, `<!-- defaults: SOURCE -->` (or
 * `<!-- defaults: SOURCE partial -->` for a table that names only some of them). Its first column names the option in
 * backticks, its second column holds the default: a cell that starts with a backtick is a literal checked against the
 * code (`'2s'`, `1.5`, `false`, or an environment variable's value as written: `hubspot-files`); any other cell
 * (`required`, `none`, `off`) is prose and is not compared. Sources:
 *
 * - `POLL_DEFAULTS`, `ACTIVITY_DEFAULTS`, `OAUTH_DEFAULTS`: the objects of that name (the first two from the package
 *   root, the last from `src/hubspot/oauth.ts`); every key of the object must
 *   have a row (unless `partial`), and every row with a literal must be a key with that value;
 * - `env`: the worker's environment variables; a literal is compared with the value the code falls back to (see
 *   `ENV_DEFAULTS`, which covers every key of `WORKER_DEFAULTS`), and every `HUBSPOT_*` variable named must be read
 *   somewhere in src/;
 * - `constants`: workflow defaults that are exported constants (see `CONSTANT_DEFAULTS`), found by name anywhere in
 *   src/ so that the test follows a file that moves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { OAUTH_DEFAULTS } from '../../src/hubspot/oauth';
import { ACTIVITY_DEFAULTS, loadWorkerConfig, POLL_DEFAULTS, WORKER_DEFAULTS } from '../../src/index';

const root = path.resolve(__dirname, '..', '..');

/** The documentation this test reads: the README, CONTRIBUTING.md and every page in docs/. */
function docFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f));
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

function read(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** Every file under src/, concatenated: where a variable is read or a constant defined. */
const srcText: string = (() => {
  const parts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts')) parts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(root, 'src'));
  return parts.join('\n');
})();

interface DefaultsRow {
  file: string;
  line: number;
  option: string;
  /** The literal in the default cell, without its backticks; undefined when the cell is prose. */
  literal?: string;
}

interface DefaultsTable {
  file: string;
  line: number;
  source: string;
  partial: boolean;
  rows: DefaultsRow[];
}

/** Splits a Markdown table row into its cells (no escaped pipes in our tables). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** Every marked table of defaults in `file`. */
function defaultsTables(file: string): DefaultsTable[] {
  const lines = read(file).split('\n');
  const tables: DefaultsTable[] = [];
  lines.forEach((text, i) => {
    const marker = /^<!--\s*defaults:\s*(\w+)(\s+partial)?\s*-->$/.exec(text.trim());
    if (!marker) return;
    const table: DefaultsTable = { file, line: i + 1, source: marker[1]!, partial: !!marker[2], rows: [] };
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++; // Prettier puts a blank line after the comment
    const header = cells(lines[j] ?? '');
    assert.equal(header[1]?.toLowerCase(), 'default', `${file}:${j + 1}: the marked table's 2nd column is "default"`);
    j += 2; // header and separator
    for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const [first = '', second = ''] = cells(lines[j]!);
      const option = /`([^`]+)`/.exec(first)?.[1];
      assert.ok(option, `${file}:${j + 1}: the first cell names the option in backticks: ${first}`);
      const literal = second.startsWith('`') ? /^`([^`]*)`/.exec(second)?.[1] : undefined;
      table.rows.push({ file, line: j + 1, option, literal });
    }
    assert.ok(table.rows.length > 0, `${file}:${i + 1}: a defaults marker is followed by a table`);
    tables.push(table);
  });
  return tables;
}

/** A TypeScript literal as the docs write it: `'2s'`, `1.5`, `10_000`, `false`. */
function parseLiteral(text: string): unknown {
  const quoted = /^'(.*)'$/.exec(text) ?? /^"(.*)"$/.exec(text);
  if (quoted) return quoted[1];
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text.replace(/_/g, ''));
  assert.ok(text !== '' && Number.isFinite(n), `not a literal: ${text}`);
  return n;
}

/** Milliseconds of a duration such as '5m' (s, m, h, d), for defaults the code keeps in milliseconds. */
function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  assert.ok(m, `not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** The value of `export const NAME = <number expression>;` wherever it is in src/ (digits, `_`, `*` only). */
function exportedNumber(name: string): number {
  const found = new RegExp(`export const ${name}\\s*=\\s*([\\d_*\\s]+);`).exec(srcText);
  assert.ok(found, `src/ exports no numeric constant ${name}`);
  return found[1]!
    .split('*')
    .map((f) => Number(f.trim().replace(/_/g, '')))
    .reduce((a, b) => a * b, 1);
}

/** What the worker falls back to for each variable that has a default. Covers every key of `WORKER_DEFAULTS`. */
const ENV_DEFAULTS: Record<string, { key?: keyof typeof WORKER_DEFAULTS; value: () => unknown }> = {
  TEMPORAL_ADDRESS: { value: () => minimalConfig().connect.connectionOptions.address },
  TEMPORAL_NAMESPACE: { value: () => minimalConfig().namespace },
  TEMPORAL_TASK_QUEUE: { key: 'taskQueue', value: () => WORKER_DEFAULTS.taskQueue },
  HUBSPOT_BASE_URL: { key: 'hubspotBaseUrl', value: () => WORKER_DEFAULTS.hubspotBaseUrl },
  HUBSPOT_API_VERSION: { key: 'apiVersion', value: () => WORKER_DEFAULTS.apiVersion },
  HUBSPOT_RESERVE: { key: 'reserve', value: () => WORKER_DEFAULTS.reserve },
  HUBSPOT_REQUEST_TIMEOUT_MS: { key: 'requestTimeoutMs', value: () => WORKER_DEFAULTS.requestTimeoutMs },
  HUBSPOT_MAX_CONCURRENT_ACTIVITIES: {
    key: 'maxConcurrentActivities',
    value: () => WORKER_DEFAULTS.maxConcurrentActivities,
  },
};

/** The worker's settings from an environment that sets only the one required variable. */
function minimalConfig(): ReturnType<typeof loadWorkerConfig> {
  return loadWorkerConfig({ HUBSPOT_ACCESS_TOKEN: 'docs-defaults-test' });
}

/** Workflow defaults kept as exported constants: option → constant (and whether the docs give it as a duration). */
const CONSTANT_DEFAULTS: Record<string, { constant: string; duration?: boolean }> = {
  maxPollsPerRun: { constant: 'MAX_POLLS_PER_RUN' },
  concurrency: { constant: 'DEFAULT_MIGRATION_CONCURRENCY' },
  lostFolderCheck: { constant: 'DEFAULT_LOST_FOLDER_CHECK_MS', duration: true },
  limit: { constant: 'MAX_ITEMS_PAGE_LIMIT' },
  maxBytes: { constant: 'MAX_ITEMS_PAGE_BYTES' },
};

const OBJECT_SOURCES: Record<string, Record<string, unknown>> = { POLL_DEFAULTS, ACTIVITY_DEFAULTS, OAUTH_DEFAULTS };

function where(row: DefaultsRow): string {
  return `${row.file}:${row.line} (${row.option})`;
}

const tables = docFiles().flatMap(defaultsTables);

describe('documented defaults', () => {
  it('docs/CONFIGURATION.md has a complete table for each source', () => {
    const complete = tables.filter((t) => t.file === path.join('docs', 'CONFIGURATION.md') && !t.partial);
    for (const source of ['POLL_DEFAULTS', 'ACTIVITY_DEFAULTS', 'env', 'constants']) {
      assert.ok(
        complete.some((t) => t.source === source),
        `docs/CONFIGURATION.md has no complete <!-- defaults: ${source} --> table`,
      );
    }
  });

  for (const table of tables) {
    it(`${table.file}:${table.line} (${table.source}${table.partial ? ', partial' : ''})`, () => {
      const named = new Set(table.rows.map((r) => r.option));
      if (table.source in OBJECT_SOURCES) {
        const defaults = OBJECT_SOURCES[table.source]!;
        for (const row of table.rows) {
          if (row.literal === undefined) continue;
          assert.ok(row.option in defaults, `${where(row)}: ${table.source} has no ${row.option}`);
          assert.deepEqual(parseLiteral(row.literal), defaults[row.option], `${where(row)}: default differs from code`);
        }
        if (!table.partial) {
          for (const key of Object.keys(defaults)) {
            const row = table.rows.find((r) => r.option === key);
            assert.ok(row?.literal !== undefined, `${table.file}:${table.line}: ${table.source}.${key} is not in it`);
          }
        }
      } else if (table.source === 'env') {
        for (const row of table.rows) {
          if (row.option.startsWith('HUBSPOT_')) {
            assert.ok(
              srcText.includes(`'${row.option}'`) || srcText.includes(`.${row.option}`),
              `${where(row)}: read nowhere in src/`,
            );
          }
          if (row.literal === undefined) continue;
          const known = ENV_DEFAULTS[row.option];
          assert.ok(known, `${where(row)}: the test knows no code default for ${row.option}`);
          assert.equal(row.literal, String(known.value()), `${where(row)}: default differs from code`);
        }
        if (!table.partial) {
          for (const name of Object.keys(ENV_DEFAULTS)) {
            assert.ok(named.has(name), `${table.file}:${table.line}: ${name} is not in it`);
            assert.ok(
              table.rows.find((r) => r.option === name)?.literal !== undefined,
              `${table.file}:${table.line}: ${name} has no default`,
            );
          }
          const covered = new Set(Object.values(ENV_DEFAULTS).map((k) => k.key));
          for (const key of Object.keys(WORKER_DEFAULTS)) {
            assert.ok(covered.has(key as keyof typeof WORKER_DEFAULTS), `WORKER_DEFAULTS.${key} has no variable here`);
          }
        }
      } else if (table.source === 'constants') {
        for (const row of table.rows) {
          const known = CONSTANT_DEFAULTS[row.option];
          assert.ok(known, `${where(row)}: the test knows no constant for ${row.option}`);
          assert.ok(row.literal !== undefined, `${where(row)}: give the default as a literal`);
          const value = parseLiteral(row.literal);
          const expected = exportedNumber(known.constant);
          const actual = known.duration ? durationMs(String(value)) : value;
          assert.equal(actual, expected, `${where(row)}: default differs from ${known.constant}`);
        }
        if (!table.partial) {
          for (const option of Object.keys(CONSTANT_DEFAULTS)) {
            assert.ok(named.has(option), `${table.file}:${table.line}: ${option} is not in it`);
          }
        }
      } else {
        assert.fail(`${table.file}:${table.line}: unknown defaults source ${table.source}`);
      }
    });
  }
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file: one per heading, with `-1`, `-2`, … for repeats, as GitHub numbers them. */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of read(file).split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const h = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (!h) continue;
    const base = slug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe('relative links in the documentation', () => {
  for (const file of docFiles()) {
    it(file, () => {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      const broken: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:, …
        const [filePart = '', anchor] = target.split('#');
        const resolved = filePart === '' ? file : path.join(path.dirname(file), filePart);
        if (!fs.existsSync(path.join(root, resolved))) {
          broken.push(`${target} (no file ${resolved})`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) {
          broken.push(`${target} (no heading #${anchor} in ${resolved})`);
        }
      }
      assert.deepEqual(broken, [], `${file} has broken links`);
    });
  }
});
