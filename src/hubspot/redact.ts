/** The text put in place of a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Removes secrets from text that came from outside (HubSpot bodies, network errors) before it goes into a failure
 * message or a log: every given secret, and anything that looks like a bearer token.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out.replace(/(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
}
