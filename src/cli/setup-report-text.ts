/**
 * The setup checks as the CLI prints them: one line per check (`PASS`, `WARN` or `FAIL`, the check, what was found),
 * the fix indented under each WARN and FAIL, and a count; or the report as JSON.
 */
import type { SetupReport } from '../doctor/check-setup';
import type { SetupCheck } from '../doctor/setup-check';

/** Width of the check-name column. */
const ID_WIDTH = 17;

/** One check as text: its line, and its fix on the next line. */
export function setupCheckText(check: SetupCheck): string {
  const line = `${check.status}  ${check.id.padEnd(ID_WIDTH)} ${check.summary}\n`;
  return check.fix === undefined ? line : `${line}${' '.repeat(ID_WIDTH + 7)}fix: ${check.fix}\n`;
}

/** The whole report as text, with the plan's estimate when there is one, and the counts. */
export function setupReportText(report: SetupReport, planFile?: string): string {
  const lines = report.checks.map(setupCheckText).join('');
  const e = report.estimate;
  const plan = e
    ? `\nPlan ${planFile ?? ''}: ${e.folders} folders × ${e.requestsPerFolder} requests (4 + ${e.pollsPerFolder} polls of a ` +
      `task that runs ${Math.round(e.taskDurationMs / 1000)} s) ≈ ${e.requests} HubSpot requests\n`
    : '';
  const count = (s: SetupCheck['status']): number => report.checks.filter((c) => c.status === s).length;
  return `${lines}${plan}\n${count('FAIL')} FAIL, ${count('WARN')} WARN, ${count('PASS')} PASS\n`;
}
