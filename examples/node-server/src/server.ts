// A Node HTTP service that calls Alibaba Cloud through an official SDK client (@alicloud/sts20150401 here;
// any @alicloud/* client built on @alicloud/openapi-client works the same), with credentials from alicred's
// default chain: environment variables on a laptop or in CI, RRSA in ACK, the instance role on ECS, a
// credentials URI next to a sidecar — the same code everywhere, nothing to configure in it.
//
//   GET /whoami  → 200 { arn, identityType, accountId, credentials: <where they came from> }
//   GET /healthz → 200 { ok: true } once credentials resolve, 503 { error } with what to configure otherwise
import { createServer, type Server } from 'node:http';
import * as OpenApi from '@alicloud/openapi-client';
import Sts from '@alicloud/sts20150401';
import { defaultChain, toTeaCredential } from '@alicred/chain';

/** Where the variables come from (default `process.env`); the tests pass a plain object. */
export interface ServerOptions {
  env?: Record<string, string | undefined>;
}

// The SDK's CommonJS default export arrives as `{ default }` under some ESM loaders.
const StsClient = ((Sts as unknown as { default?: typeof Sts }).default ?? Sts) as typeof Sts;

/** Builds the service; call `.listen()` on the result. */
export function createWhoamiServer(options: ServerOptions = {}): Server {
  const env = options.env ?? process.env;

  // One chain for the process: it walks the sources once, remembers the winner and caches (and refreshes)
  // its credentials, so requests do not each pay for a metadata or STS round trip.
  const credentials = defaultChain({ env });

  // The adapter gives the official client the credential object it expects; the client asks it before each
  // call, so refreshed credentials are picked up without recreating the client.
  const sts = new StsClient(
    new OpenApi.Config({
      credential: toTeaCredential(credentials),
      regionId: env.ALIBABA_CLOUD_REGION_ID ?? 'cn-hangzhou',
      // Only to point the SDK elsewhere (the tests use a local emulator); unset means the public endpoint.
      ...(env.STS_ENDPOINT ? { endpoint: env.STS_ENDPOINT.replace(/^https?:\/\//, ''), protocol: env.STS_ENDPOINT.startsWith('http:') ? 'http' : 'https' } : { endpoint: 'sts.aliyuncs.com' }),
    }),
  );

  return createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const route = `${request.method} ${new URL(request.url ?? '/', 'http://localhost').pathname}`;
    (async () => {
      if (route === 'GET /healthz') {
        await credentials();
        return reply(200, { ok: true });
      }
      if (route === 'GET /whoami') {
        const [identity, current] = await Promise.all([sts.getCallerIdentity(), credentials()]);
        return reply(200, {
          arn: identity.body?.arn,
          identityType: identity.body?.identityType,
          accountId: identity.body?.accountId,
          credentials: current.providerName,
        });
      }
      return reply(404, { error: 'not found' });
    })().catch((error: unknown) => {
      // alicred's errors never contain a secret or a token, and the chain's error lists every source with
      // how to configure it. Do not forward SDK errors verbatim: they may quote request details.
      const alicred = typeof error === 'object' && error !== null && 'tryNextLink' in error;
      console.error(alicred ? error : 'Alibaba Cloud call failed');
      reply(503, { error: alicred ? String((error as { message?: unknown }).message) : 'the Alibaba Cloud call failed' });
    });
  });
}
