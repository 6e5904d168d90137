import { chain, defaultChain } from '@alicred/chain';
import { fromEnv } from '@alicred/env';
import { fromCredentialsUri } from '@alicred/uri';

// The official order: env, OIDC (RRSA), aliyun CLI profile, INI profile, ECS metadata, credentials URI.
const provider = defaultChain();
const credentials = await provider();

// Which source won, and why each other one did not (what `alicred doctor` prints).
for (const link of provider.lastReport?.links ?? []) {
  console.log(`${link.name}: ${link.status}${link.reason ? ` (${link.reason})` : ''}`);
}

// Your own order: the same rules, any providers.
const mine = chain({ name: 'env', provider: fromEnv() }, { name: 'uri', provider: fromCredentialsUri() });
const same = await mine();

export { credentials, provider, same };
