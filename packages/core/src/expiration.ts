import { CredentialsError } from './errors';

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Parses an expiration as Alibaba Cloud services send it: strict ISO-8601 UTC,
 * `YYYY-MM-DDTHH:mm:ssZ` or with a fraction `YYYY-MM-DDTHH:mm:ss.fffZ` (1–9 digits, cut to milliseconds).
 * No offsets, no local time, no lenient `Date.parse` guesses, no impossible dates (Feb 30).
 *
 * @param provider - named in the error message.
 * @throws CredentialsError `InvalidResponse` when the value does not match.
 */
export function parseExpiration(value: string, provider: string): Date {
  const match = typeof value === 'string' ? ISO_UTC.exec(value) : null;
  if (match) {
    const [, y, mo, d, h, mi, s, fraction = ''] = match;
    const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
    const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    const date = new Date(time);
    // Date.UTC rolls over (Feb 30 → Mar 2); a round trip catches impossible dates and hours.
    if (
      date.getUTCFullYear() === Number(y) &&
      date.getUTCMonth() === Number(mo) - 1 &&
      date.getUTCDate() === Number(d) &&
      date.getUTCHours() === Number(h) &&
      date.getUTCMinutes() === Number(mi) &&
      date.getUTCSeconds() === Number(s)
    ) {
      return date;
    }
  }
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  throw new CredentialsError(
    `the expiration from ${provider} is not an ISO-8601 UTC time like 2024-01-02T03:04:05Z (got ${shown}).`,
    { code: 'InvalidResponse', provider },
  );
}
