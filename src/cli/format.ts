/**
 * Small text helpers for the CLI's human output: durations, tables, the counts table and the errors table.
 */
import type { HubSpotTaskError } from '../common/folder-update-status';

/** `83_000` → `1m23s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** A plain-text table with a header row; cells are cut at `maxCell` characters. */
export function table(header: string[], rows: string[][], maxCell = 80): string {
  const cut = (v: string): string => (v.length > maxCell ? `${v.slice(0, maxCell - 1)}…` : v).replace(/\s+/g, ' ');
  const all = [header, ...rows].map((r) => r.map(cut));
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((v, c) => v.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n') + '\n';
}

/**
 * A run's counts as a one-row table: `header[i]` names the column of `counts[i]`, so each command picks its own
 * columns (e.g. `total`, `complete`, `failed`).
 */
export function countsTable(header: readonly string[], counts: readonly number[]): string {
  return table([...header], [counts.map(String)]);
}

/** HubSpot task errors as a table: category, message, missing scopes. */
export function errorsTable(errors: readonly HubSpotTaskError[]): string {
  return table(
    ['category', 'message', 'missing scopes'],
    errors.map((e) => [e.category ?? '', e.message ?? '', e.missingScopes.join(', ')]),
  );
}
