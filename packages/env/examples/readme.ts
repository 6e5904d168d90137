import { fromEnv } from '@alicred/env';

// Node, Bun and Deno: read from the process environment at call time.
// Cloudflare Workers: pass the bindings instead, `fromEnv({ env })`.
const provider = fromEnv();
const credentials = await provider();

console.log(credentials.providerName); // "env"
console.log(`${credentials}`); // the id, never the secret or the token
export { credentials };
