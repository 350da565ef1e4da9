/**
 * The `daily-budget` line: the daily budget left and when it resets, against what a planned migration needs. Pure.
 *
 * FAIL when a plan needs more requests than are left today; WARN without a plan when less than
 * {@link NEARLY_SPENT_SHARE} of the budget is left, or when HubSpot reports no figures for a static token; PASS
 * otherwise, and for an OAuth token (HubSpot reports daily figures for private apps only).
 */
import type { DailyBudget } from './daily-budget';
import type { RequestEstimate } from './request-estimate';
import { fail, pass, warn, type SetupCheck } from './setup-check';

/** Below this share of the daily budget left, the line warns: 0.1 (10%). */
export const NEARLY_SPENT_SHARE = 0.1;

/** The line for `budget` (undefined: HubSpot reported none) and an optional plan's `estimate`. */
export function dailyBudgetCheck(
  budget: DailyBudget | undefined,
  source: 'static' | 'oauth',
  estimate: RequestEstimate | undefined,
): SetupCheck {
  if (!budget) {
    if (source === 'oauth') {
      return pass(
        'daily-budget',
        'an OAuth token: HubSpot reports daily figures for private apps only, so none was read',
      );
    }
    const none = 'HubSpot reported no daily figures for this token';
    return warn(
      'daily-budget',
      `${none}; the budget left is unknown`,
      "Check the account's API usage in HubSpot (Development › Monitoring) before a large migration.",
    );
  }
  const left = budget.limit - budget.used;
  const resets = budget.resetsAt ? `, resets at ${budget.resetsAt}` : ", resets at midnight in the portal's time zone";
  const figures = `${left} of ${budget.limit} requests left today${resets}`;
  const wait = `Wait for the reset${budget.resetsAt ? ` at ${budget.resetsAt}` : ''}, or stop what else spends the app's budget`;
  if (estimate) {
    const need = `the plan needs about ${estimate.requests} (${estimate.folders} folders × ${estimate.requestsPerFolder})`;
    if (estimate.requests > left) {
      return fail('daily-budget', `${figures}; ${need}`, `${wait}, or split the migration file.`);
    }
    return pass('daily-budget', `${figures}; ${need}`);
  }
  if (left < budget.limit * NEARLY_SPENT_SHARE) {
    return warn(
      'daily-budget',
      `${figures}: nearly spent`,
      `${wait}; run doctor --plan FILE to compare with a migration.`,
    );
  }
  return pass('daily-budget', figures);
}
