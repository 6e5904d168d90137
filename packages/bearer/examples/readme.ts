import { bearerAuth, fromBearerToken } from '@alicred/bearer';

// A token your own service hands out, with its expiration, so it is fetched again before it expires.
async function fetchTokenFromMyService() {
  return { token: 'example-ccc-token', expiration: new Date(Date.now() + 2 * 3600_000) };
}

const provider = fromBearerToken({ token: fetchTokenFromMyService });
const token = await provider();

const { headers, query } = bearerAuth(token); // RPC style; bearerAuth(token, 'roa') for ROA APIs
console.log(Object.keys(headers), query); // [ 'x-acs-bearer-token' ] { SignatureType: 'BEARERTOKEN' }
console.log(`${token}`); // BearerToken { token: [redacted], … }
export { headers, query, token };
