import { profileError, type Location } from './errors';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Parses a URL that will receive a token: `https` anywhere, plain `http` only to a loopback host (a local
 * test server or emulator), so a bearer or refresh token never crosses a network in clear text.
 */
export function serviceUrl(value: string, where: Location, key: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw profileError(where, 'InvalidProfile', `${key} is not a valid URL.`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (LOOPBACK.has(url.hostname) || url.hostname.startsWith('127.'))) return url;
  throw profileError(where, 'InvalidProfile', `${key} must be an https URL (plain http is accepted only for 127.0.0.1 and ::1).`);
}

/** A sanitized short code from an error body field (`Code`, `error`, …), or '' when there is none. */
export function errorCodeOf(body: unknown, ...fields: string[]): string {
  if (typeof body !== 'object' || body === null) return '';
  for (const field of fields) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return ` (${field} ${JSON.stringify(value.slice(0, 64).replace(/[^\w.\-:]/g, '?'))})`;
  }
  return '';
}
