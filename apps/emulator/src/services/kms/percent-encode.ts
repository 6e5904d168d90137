/**
 * RPC (signature 1.0) percent-encoding: UTF-8 bytes outside `A-Z a-z 0-9 - _ . ~` become `%XX`, so a
 * space is `%20` and `*` is `%2A` (signing-spec §3.1).
 * Local copy for KMS; src/rpc/ (engineer A) has the STS one — merge the two once both are settled.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `METHOD&%2F&pct(sorted k=v joined by &)`; `Signature` itself is never part of it. */
export function rpcStringToSign(method: string, params: ReadonlyArray<readonly [string, string]>): string {
  const canonical = params
    .filter(([k]) => k !== 'Signature')
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}
