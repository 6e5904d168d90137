import { CredentialsError } from '@alicred/core';

/**
 * Edge twin of `token-file-node.ts`: there is no file system here, so a token file cannot be read.
 *
 * @throws CredentialsError `Unsupported`, always.
 */
export async function readTokenFile(path: string, provider: string): Promise<string> {
  throw new CredentialsError(
    `reading the OIDC token file ${path} needs Node (a file system): pass the token as a string or function (oidcToken) on this runtime.`,
    { code: 'Unsupported', provider },
  );
}
