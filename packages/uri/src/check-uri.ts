import { CredentialsError } from '@alicred/core';

/**
 * Parses a credentials URI and refuses the ones that would leak credentials: plain `http` is allowed only
 * to loopback (127.0.0.0/8, ::1, `localhost`) or link-local (169.254.0.0/16, fe80::/10) hosts, i.e. a
 * credential server on the same host or pod, where there is no network path to sniff. Anything else must be
 * `https`. A URI with a user name or password in it is refused too (fetch would reject it, less clearly).
 *
 * Messages show only the scheme and host: the path or query of a credentials URI may hold a secret.
 */
export function checkCredentialsUri(value: string | URL, provider: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new CredentialsError('the credentials URI is not a valid absolute URL: set it to e.g. "https://host/path".', {
      code: 'InvalidConfiguration',
      provider,
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new CredentialsError(`the credentials URI for ${url.protocol}//${url.host} contains a user name or password: remove them.`, {
      code: 'InvalidConfiguration',
      provider,
    });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (isLocalHost(url.hostname)) return url;
    throw new CredentialsError(
      `the credentials URI ${describeUri(url)} uses plain http to a host that is not loopback or link-local: ` +
        'use https, or run the credential server on this host (127.0.0.1) or pod (169.254.x.x).',
      { code: 'InvalidConfiguration', provider },
    );
  }
  throw new CredentialsError(`the credentials URI scheme "${url.protocol}" is not supported: use https.`, {
    code: 'InvalidConfiguration',
    provider,
  });
}

/** Scheme and host only: the rest of a credentials URI may be secret. */
export function describeUri(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** True for loopback and link-local hosts, given a WHATWG-normalised hostname (IPv6 in brackets). */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost') return true;
  if (host.startsWith('[') && host.endsWith(']')) return isLocalIpv6(host.slice(1, -1));
  const v4 = parseIpv4(host);
  return v4 !== undefined && isLocalIpv4(v4);
}

function parseIpv4(host: string): number[] | undefined {
  // The URL parser has already turned 127.1, 0x7f.0.0.1 and friends into dotted decimal.
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function isLocalIpv4([a, b]: number[]): boolean {
  return a === 127 || (a === 169 && b === 254);
}

function isLocalIpv6(address: string): boolean {
  const hextets = expandIpv6(address);
  if (!hextets) return false;
  // ::1
  if (hextets.slice(0, 7).every((h) => h === 0) && hextets[7] === 1) return true;
  // fe80::/10
  if ((hextets[0]! & 0xffc0) === 0xfe80) return true;
  // IPv4-mapped ::ffff:a.b.c.d
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    return isLocalIpv4([hextets[6]! >> 8, hextets[6]! & 0xff]);
  }
  return false;
}

function expandIpv6(address: string): number[] | undefined {
  // WHATWG URL serialises IPv6 as lower-case hex hextets with at most one "::" and no dotted tail.
  const [head, tail, ...rest] = address.split('::');
  if (rest.length > 0) return undefined;
  const parse = (s: string | undefined) => (s ? s.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...Array<number>(Math.max(fill, 0)).fill(0), ...right];
  return all.length === 8 && all.every((h) => Number.isInteger(h) && h >= 0 && h <= 0xffff) ? all : undefined;
}
