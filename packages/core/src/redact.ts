/** The mark that replaces a secret in messages, JSON and inspect output. */
export const REDACTED = '[redacted]';

/**
 * Masks a value for use in messages: the first 4 characters and `****` (`LTAI5tAbc…` → `LTAI****`).
 * Values shorter than 12 characters are masked completely (`****`), since 4 characters of a short value
 * reveal too much of it. Non-strings and empty strings give `****` too.
 *
 * Meant for AccessKey ids and similar identifiers; never put even a prefix of a secret in a message.
 */
export function redact(value: unknown): string {
  if (typeof value !== 'string' || value.length < 12) return '****';
  return `${value.slice(0, 4)}****`;
}
