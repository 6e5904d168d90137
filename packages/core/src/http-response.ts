import { CredentialsError } from './errors';
import { describeUrl, type HttpResponse } from './http';

/**
 * Returns `response` when its status is 2xx, else throws `HttpError` naming the host, path and status
 * (never the query string or the body, which may hold secrets).
 *
 * @param what - what was asked for, for the message (e.g. `the STS AssumeRole call`).
 */
export function assertHttpOk(response: HttpResponse, provider: string, what = 'the request'): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const kind = response.status >= 300 && response.status < 400 || response.status === 0 ? ' (a redirect, not followed)' : '';
  throw new CredentialsError(`${provider}: ${what} to ${describeUrl(response.url)} answered HTTP ${response.status}${kind}.`, {
    code: 'HttpError',
    provider,
  });
}

/**
 * Parses `response.text` as JSON.
 *
 * @throws CredentialsError `InvalidResponse` for an empty or non-JSON body. The message gives the status,
 * content type and body length but none of the body: a half-broken credentials response may still
 * contain a secret.
 */
export function parseJsonBody(response: HttpResponse, provider: string): unknown {
  try {
    if (response.text.trim() === '') throw new SyntaxError('empty body');
    return JSON.parse(response.text) as unknown;
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new CredentialsError(
      `${provider}: ${describeUrl(response.url)} answered HTTP ${response.status} with a body that is not JSON ` +
        `(${type.slice(0, 60)}, ${response.text.length} characters).`,
      { code: 'InvalidResponse', provider },
    );
  }
}
