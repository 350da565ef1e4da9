/**
 * HubSpot Files' own throttle on creating files, which is outside the app's rate limits and their headers
 * (HubSpot/hubspot-cli#1036): a 429 whose message is "Rate limit exceeded for creating files. Retry in 1 minute."
 * It is retried after the wait it names and is not a sign that the app's budget is spent: the request budget does not
 * slow down for it.
 */

/** The wait used when the message names none, in milliseconds: the minute HubSpot names today. */
export const FILES_THROTTLE_DEFAULT_WAIT_MS = 60_000;

const THROTTLE_MESSAGE = /rate limit exceeded for creating files/i;
const RETRY_IN = /retry in (\d+(?:\.\d+)?)\s*(second|minute|hour)s?/i;
const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

function messageOf(bodyText: string): string {
  try {
    const body = JSON.parse(bodyText) as { message?: unknown } | null;
    if (body !== null && typeof body === 'object' && typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: read the text itself
  }
  return bodyText;
}

/**
 * The wait, in milliseconds, that a Files creation throttle answer asks for ("Retry in 1 minute." → 60,000);
 * undefined when the answer is not that throttle. Only 429s are read.
 */
export function filesThrottleWaitMs(status: number, bodyText: string): number | undefined {
  if (status !== 429) return undefined;
  const message = messageOf(bodyText);
  if (!THROTTLE_MESSAGE.test(message)) return undefined;
  const match = RETRY_IN.exec(message);
  if (!match?.[1] || !match[2]) return FILES_THROTTLE_DEFAULT_WAIT_MS;
  return Math.ceil(Number(match[1]) * (UNIT_MS[match[2].toLowerCase()] ?? 60_000));
}
