import { CredentialsError } from '@alicred/core';

/** The ECS instance metadata service. Plain HTTP by design: it is only reachable from the instance itself. */
export const DEFAULT_METADATA_ENDPOINT = 'http://100.100.100.200';

const METADATA_HOST = '100.100.100.200';

/** Hosts that plain http may go to: the metadata address itself, or a proxy/emulator on this host or pod. */
function isPlainHttpHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === METADATA_HOST || host === 'localhost' || host === '::1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return /^fe[89ab][0-9a-f]:/.test(host);
}

/**
 * Validates a metadata endpoint and returns its origin. `http` is accepted only for the metadata address
 * (100.100.100.200), loopback and link-local hosts — the answer carries credentials, so plain http must not
 * cross a network — and `https` for any host (e.g. a metadata proxy with a certificate). The endpoint is an
 * origin: a path, query, fragment or user info is refused rather than silently dropped.
 *
 * @throws CredentialsError `InvalidConfiguration`, naming the scheme and host only.
 */
export function checkMetadataEndpoint(value: string | URL, provider: string): URL {
  let url: URL;
  try {
    url = new URL(String(value).trim());
  } catch {
    throw new CredentialsError(`${provider}: the metadata endpoint is not a valid absolute URL (expected e.g. ${DEFAULT_METADATA_ENDPOINT}).`, {
      code: 'InvalidConfiguration',
      provider,
    });
  }
  const shown = `${url.protocol}//${url.host}`;
  const refuse = (why: string): CredentialsError =>
    new CredentialsError(`${provider}: the metadata endpoint ${shown} ${why}.`, { code: 'InvalidConfiguration', provider });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('must use http or https');
  if (url.username !== '' || url.password !== '') throw refuse('must not contain a user name or password');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw refuse('must be an origin only (scheme, host, port), without a path, query or fragment');
  }
  if (url.protocol === 'http:' && !isPlainHttpHost(url.hostname)) {
    throw refuse(`uses plain http to a host that is not ${METADATA_HOST}, loopback or link-local; use https for a remote metadata proxy`);
  }
  return new URL(url.origin);
}
