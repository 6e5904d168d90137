import { fromCredentialsUri } from '@alicred/uri';

// Reads ALIBABA_CLOUD_CREDENTIALS_URI, e.g. http://127.0.0.1:8080/credentials (a credential server
// on this host or pod); or pass it: fromCredentialsUri({ uri: 'https://creds.internal/v1' }).
const provider = fromCredentialsUri();

const credentials = await provider(); // cached; fetched again shortly before it expires
console.log(credentials.accessKeyId, credentials.expiration?.toISOString());
export { credentials };
