// The parts of @alicred/core this package uses, in one place. Crypto comes through ./crypto-node and its
// twins, so the Worker build can leave core's pure-JS SHA-256 fallback out of Worker bundles.
export { CredentialsError, isCredentialsError, type CredentialProvider, type Credentials } from '@alicred/core';
export { hmacSha1Base64, hmacSha256, hmacSha256Hex, sha256Hex } from './crypto-node';
