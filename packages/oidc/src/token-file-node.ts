import { readFile } from 'node:fs/promises';
import { CredentialsError } from '@alicred/core';

/**
 * Reads the OIDC token file (Node build). Called on every refresh: Kubernetes rotates projected service
 * account tokens in place, so a token read once would eventually expire.
 *
 * @throws CredentialsError `InvalidConfiguration` when the file cannot be read (the message names the path
 * and the system error code, never the content).
 */
export async function readTokenFile(path: string, provider: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CredentialsError(
      `cannot read the OIDC token file ${path}${typeof code === 'string' ? ` (${code})` : ''}: check ALIBABA_CLOUD_OIDC_TOKEN_FILE or oidcTokenFile, and that the token volume is mounted.`,
      { code: 'InvalidConfiguration', provider, cause: error },
    );
  }
}
