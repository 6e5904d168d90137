import { fromEcsMetadata } from '@alicred/ecs-imds';

// On an ECS or ECI instance with a RAM role attached, no options are needed. Elsewhere (tests, the demo),
// ALICRED_ECS_METADATA_ENDPOINT points it at a local metadata emulator, e.g. http://127.0.0.1:8080.
const provider = fromEcsMetadata();

const credentials = await provider(); // token, role name, credentials: then cached and refreshed
console.log(credentials.accessKeyId, credentials.expiration?.toISOString());
export { credentials };
