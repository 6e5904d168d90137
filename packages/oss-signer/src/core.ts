// The parts of @alicred/core this package uses, in one place. Crypto comes through ./crypto-node and its
// twins, so the workerd build can leave core's pure-JS SHA-256 fallback out of Worker bundles.
export { CredentialsError, isCredentialsError, toBase64, toHex, type CredentialProvider, type Credentials } from '@alicred/core';
export { hexCrypto, hmacSha1, hmacSha256, sha256, syncCrypto } from './crypto-node';
