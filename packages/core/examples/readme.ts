import { createCredentials, fromStatic, refreshing, type Credentials } from '@alicred/core';

// A long-term AccessKey: validated once, returned as is on every call.
export const staticProvider = fromStatic({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'example-secret' });

// Any source of temporary credentials, wrapped into a cache: one fetch for concurrent callers, refreshed in
// the background when less than min(5 min, lifetime / 3) is left.
let fetches = 0;
async function fetchSession(signal?: AbortSignal): Promise<Credentials> {
  signal?.throwIfAborted();
  fetches += 1;
  // A real source calls its endpoint here, e.g. httpRequest(url, { signal, provider: 'my-source', idempotent: true }).
  return createCredentials({
    accessKeyId: 'STS.ExampleSessionId',
    accessKeySecret: 'session-secret',
    securityToken: 'session-token',
    expiration: new Date(Date.now() + 15 * 60_000),
    providerName: 'my-source',
  });
}
export const sessionProvider = refreshing(fetchSession, { providerName: 'my-source' });

const [first, second] = await Promise.all([sessionProvider(), sessionProvider()]);
export const oneFetch = first === second && fetches === 1;

// Safe to log: the secret and the token print as [redacted].
export const logged = JSON.stringify(first);
export const { accessKeySecret } = await staticProvider();
