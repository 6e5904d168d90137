import { kmsClientKeyError } from './errors';

// Edge twin of pkcs12-node.ts: WebCrypto has neither 3DES nor RC2, which real ClientKeys need, and a JS
// PKCS#12 stack would dwarf the rest of the bundle. Edge users convert the ClientKey once (README).

/** What `readPkcs12` found (same shape as the Node build). */
export interface Pkcs12Contents {
  privateKeys: Uint8Array[];
  certificates: number;
}

function needsNode(): Error {
  return kmsClientKeyError(
    'reading a PKCS#12 ClientKey needs Node.js (3DES/RC2 are not in WebCrypto). On this runtime pass ' +
      '{ keyId, privateKey } with the PKCS#8 PEM key (or a CryptoKey); convert the ClientKey once on Node ' +
      'with readClientKey() or openssl, as the @alicred/kms-client-key README shows.',
    'Unsupported',
  );
}

/** Not available on edge runtimes: always throws `Unsupported` with the conversion hint. */
export function decryptPkcs12(_pfx: Uint8Array, _password: string): Uint8Array {
  throw needsNode();
}

/** Not available on edge runtimes: always throws `Unsupported` with the conversion hint. */
export function readPkcs12(_pfx: Uint8Array, _password: string, _options: { decryptAll?: boolean } = {}): Pkcs12Contents {
  throw needsNode();
}
