import { createCredentials, CredentialsError, parseExpiration, parseJsonBody, type Credentials, type HttpResponse } from '@alicred/core';

const FIELDS = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'] as const;

/** A value from the answer that is safe to show: short, and only characters of codes and names. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40).replace(/[^\w.\-]/g, '?')) : typeof value;
}

/**
 * Validates the metadata service's credentials document and turns it into {@link Credentials}:
 *
 * ```json
 * { "Code": "Success", "AccessKeyId": "STS.…", "AccessKeySecret": "…", "SecurityToken": "…",
 *   "Expiration": "2026-01-01T06:00:00Z", "LastUpdated": "2026-01-01T00:00:00Z" }
 * ```
 *
 * `Code` must be `"Success"` (as in all four official libraries); the four credential fields must be
 * non-empty strings and `Expiration` strict ISO-8601 UTC. Credentials that are already expired are returned
 * as they are: the refresh cache decides (static stability). Messages never include the body.
 *
 * @throws CredentialsError `InvalidResponse`.
 */
export function parseMetadataCredentials(response: HttpResponse, provider: string, roleName: string): Credentials {
  const where = `the metadata credentials of role ${shown(roleName)}`;
  const body = parseJsonBody(response, provider);
  const invalid = (why: string) => new CredentialsError(`${provider}: ${where} ${why}.`, { code: 'InvalidResponse', provider });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('are JSON but not an object');
  const doc = body as Record<string, unknown>;
  if (doc.Code !== 'Success') {
    throw invalid(`have Code ${shown(doc.Code)}, expected "Success": the metadata service could not issue credentials`);
  }
  const missing = FIELDS.filter((field) => typeof doc[field] !== 'string' || (doc[field] as string).trim() === '');
  if (missing.length > 0) throw invalid(`lack ${missing.join(', ')} (all of ${FIELDS.join(', ')} are required)`);
  return createCredentials({
    accessKeyId: (doc.AccessKeyId as string).trim(),
    accessKeySecret: (doc.AccessKeySecret as string).trim(),
    securityToken: (doc.SecurityToken as string).trim(),
    expiration: parseExpiration((doc.Expiration as string).trim(), provider),
    providerName: provider,
  });
}
