/**
 * The activities' HubSpot metrics, recorded through a small injected recorder (`createActivities({ metrics })`).
 * The default records through the running activity's `metricMeter` (the Temporal runtime's meter, tagged with the
 * activity's namespace, task queue and type), and does nothing outside an activity. No label ever holds a token, a
 * task id or a folder id: labels are routes, outcomes and HubSpot policy names.
 *
 * | metric                         | kind      | unit     | labels           |
 * | ------------------------------ | --------- | -------- | ---------------- |
 * | `hubspot_requests`             | counter   | requests | route, outcome   |
 * | `hubspot_rate_limited`         | counter   | 429s     | policy           |
 * | `hubspot_budget_wait`          | histogram | ms       |                  |
 * | `hubspot_rate_limit_remaining` | gauge     | requests |                  |
 */
import { Context } from '@temporalio/activity';
import type { MetricCounter, MetricGauge, MetricHistogram, MetricMeter } from '@temporalio/common';

/** Where the activities record their HubSpot metrics. */
export interface HubSpotMetrics {
  /** One HTTP exchange with HubSpot ended: `route` names the endpoint, `outcome` how it ended (see {@link requestOutcome}). */
  request(route: string, outcome: string): void;
  /** HubSpot answered 429; `policy` is its `policyName` (e.g. TEN_SECONDLY_ROLLING, DAILY), or `unknown`. */
  rateLimited(policy: string): void;
  /** A request waited this long for its turn in the process's request budget, in milliseconds. */
  budgetWait(ms: number): void;
  /** HubSpot's `X-HubSpot-RateLimit-Remaining`: requests left in the current window. */
  rateLimitRemaining(remaining: number): void;
}

/** A recorder that records nothing. */
export const NO_METRICS: HubSpotMetrics = {
  request() {},
  rateLimited() {},
  budgetWait() {},
  rateLimitRemaining() {},
};

interface Instruments {
  requests: MetricCounter;
  rateLimited: MetricCounter;
  budgetWait: MetricHistogram;
  remaining: MetricGauge;
}

const instrumentsByMeter = new WeakMap<MetricMeter, Instruments>();

function instruments(meter: MetricMeter): Instruments {
  let found = instrumentsByMeter.get(meter);
  if (!found) {
    found = {
      requests: meter.createCounter('hubspot_requests', 'requests', 'HTTP requests to HubSpot, by route and outcome'),
      rateLimited: meter.createCounter('hubspot_rate_limited', '429s', "HubSpot's 429 answers, by policy"),
      budgetWait: meter.createHistogram(
        'hubspot_budget_wait',
        'int',
        'ms',
        'Wait in the request budget before a request',
      ),
      remaining: meter.createGauge(
        'hubspot_rate_limit_remaining',
        'int',
        'requests',
        "Requests left in HubSpot's window",
      ),
    };
    instrumentsByMeter.set(meter, found);
  }
  return found;
}

/** A recorder over one `MetricMeter`, e.g. `Runtime.instance().metricMeter`. */
export function meterMetrics(meter: () => MetricMeter | undefined): HubSpotMetrics {
  const use = (record: (i: Instruments) => void): void => {
    const m = meter();
    if (m) record(instruments(m));
  };
  return {
    request: (route, outcome) => use((i) => i.requests.add(1, { route, outcome })),
    rateLimited: (policy) => use((i) => i.rateLimited.add(1, { policy })),
    budgetWait: (ms) => use((i) => i.budgetWait.record(Math.max(0, Math.round(ms)))),
    rateLimitRemaining: (n) => use((i) => i.remaining.set(n)),
  };
}

/** The running activity's meter, or `undefined` outside an activity. */
function activityMeter(): MetricMeter | undefined {
  try {
    return Context.current().metricMeter;
  } catch {
    return undefined;
  }
}

/** The default recorder: the running activity's `metricMeter`; a no-op outside an activity. */
export const activityMetrics = (): HubSpotMetrics => meterMetrics(activityMeter);

/** The `outcome` label of an HTTP answer. */
export function requestOutcome(httpStatus: number): string {
  if (httpStatus >= 200 && httpStatus < 300) return 'ok';
  const named: Record<number, string> = {
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    429: 'rate_limited',
  };
  return named[httpStatus] ?? (httpStatus >= 500 ? 'server_error' : 'client_error');
}
