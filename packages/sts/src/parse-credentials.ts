import { createCredentials, CredentialsError, parseExpiration, type Credentials } from '@alicred/core';

/** The role identity STS reports with new credentials. */
export interface AssumedRoleUser {
  /** e.g. `acs:ram::123456789012:role/reader/session-name`. */
  arn: string;
  /** e.g. `300000000000000000:session-name`. */
  assumedRoleId: string;
}

const CREDENTIAL_FIELDS = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'] as const;

function invalid(message: string, provider: string): CredentialsError {
  return new CredentialsError(message, { code: 'InvalidResponse', provider });
}

/**
 * Reads `Credentials` (and `AssumedRoleUser`) from a successful AssumeRole / AssumeRoleWithOIDC answer,
 * strictly: all four credential fields must be non-empty strings, `Expiration` must be ISO-8601 UTC (with or
 * without fractional seconds) and in the future.
 *
 * @throws CredentialsError `InvalidResponse` for a missing field or a malformed date, `Expired` for
 * credentials that are already expired (a wrong clock here or at STS).
 */
export function parseStsCredentials(
  body: unknown,
  options: { action: string; provider: string; now: () => number },
): { credentials: Credentials; assumedRoleUser?: AssumedRoleUser } {
  const { action, provider } = options;
  const doc = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!doc) throw invalid(`STS ${action} answered something that is not a JSON object.`, provider);
  const raw = doc.Credentials;
  if (typeof raw !== 'object' || raw === null) throw invalid(`STS ${action} answered without Credentials.`, provider);
  const fields = raw as Record<string, unknown>;
  const missing = CREDENTIAL_FIELDS.filter((f) => typeof fields[f] !== 'string' || (fields[f] as string).trim() === '');
  if (missing.length > 0) {
    throw invalid(`STS ${action} answered Credentials without ${missing.join(', ')} (all of ${CREDENTIAL_FIELDS.join(', ')} are required).`, provider);
  }
  const expiration = parseExpiration(fields.Expiration as string, provider);
  const now = options.now();
  if (expiration.getTime() <= now) {
    throw new CredentialsError(
      `STS ${action} answered credentials that expired at ${expiration.toISOString()} (now is ${new Date(now).toISOString()}): check this machine's clock.`,
      { code: 'Expired', provider },
    );
  }
  const credentials = createCredentials({
    accessKeyId: fields.AccessKeyId as string,
    accessKeySecret: fields.AccessKeySecret as string,
    securityToken: fields.SecurityToken as string,
    expiration,
    providerName: provider,
  });
  const user = doc.AssumedRoleUser as Record<string, unknown> | undefined;
  const assumedRoleUser =
    user && typeof user.Arn === 'string' && typeof user.AssumedRoleId === 'string'
      ? { arn: user.Arn, assumedRoleId: user.AssumedRoleId }
      : undefined;
  return assumedRoleUser ? { credentials, assumedRoleUser } : { credentials };
}
