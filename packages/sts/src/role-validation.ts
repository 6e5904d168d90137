import { CredentialsError } from '@alicred/core';

/** `acs:ram::<account id>:role/<role name>`; RAM role names are 1–64 of letters, digits and `+=,.@-_`. */
const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/([\w+=,.@-]{1,64})$/;
/** `acs:ram::<account id>:oidc-provider/<name>`. */
const OIDC_PROVIDER_ARN = /^acs:ram::(\d{1,32}):oidc-provider\/([\w.-]{1,128})$/;
/** STS's rule for RoleSessionName: 2–64 of letters, digits and `. @ - _`. */
const SESSION_NAME = /^[\w.@-]{2,64}$/;

function invalid(message: string, provider: string): CredentialsError {
  return new CredentialsError(message, { code: 'InvalidConfiguration', provider });
}

/**
 * Checks a role ARN before any request, so a typo fails with a clear message rather than an STS round trip.
 *
 * @param source - where the value came from, for the message (e.g. `ALIBABA_CLOUD_ROLE_ARN`).
 * @throws CredentialsError `InvalidConfiguration`.
 */
export function validateRoleArn(roleArn: string, provider: string, source = 'roleArn'): string {
  const value = roleArn.trim();
  if (!ROLE_ARN.test(value)) {
    throw invalid(`${source} ${JSON.stringify(value.slice(0, 120))} is not a RAM role ARN like acs:ram::123456789012:role/my-role.`, provider);
  }
  return value;
}

/**
 * Checks an OIDC provider ARN (`acs:ram::<account id>:oidc-provider/<name>`).
 *
 * @throws CredentialsError `InvalidConfiguration`.
 */
export function validateOidcProviderArn(arn: string, provider: string, source = 'oidcProviderArn'): string {
  const value = arn.trim();
  if (!OIDC_PROVIDER_ARN.test(value)) {
    throw invalid(
      `${source} ${JSON.stringify(value.slice(0, 120))} is not an OIDC provider ARN like acs:ram::123456789012:oidc-provider/ack-rrsa-c123.`,
      provider,
    );
  }
  return value;
}

/**
 * Checks a role session name against STS's rule (2–64 characters of letters, digits and `. @ - _`).
 *
 * @throws CredentialsError `InvalidConfiguration`.
 */
export function validateRoleSessionName(name: string, provider: string, source = 'roleSessionName'): string {
  if (!SESSION_NAME.test(name)) {
    throw invalid(`${source} ${JSON.stringify(name.slice(0, 80))} is not a valid role session name: use 2-64 letters, digits and . @ - _.`, provider);
  }
  return name;
}

/**
 * Checks a session duration: a whole number of seconds, at least 900 (STS also enforces the role's
 * MaxSessionDuration, 3600–43200 s, which only the server knows).
 *
 * @throws CredentialsError `InvalidConfiguration`.
 */
export function validateDurationSeconds(seconds: number, provider: string): number {
  if (!Number.isInteger(seconds) || seconds < 900) {
    throw invalid(`durationSeconds must be a whole number of seconds, at least 900 (got ${String(seconds)}).`, provider);
  }
  return seconds;
}

/** The default role session name, `alicred-<epoch ms>` (the official libraries use `credentials-<lang>-<time>`). */
export function defaultRoleSessionName(now: number = Date.now()): string {
  return `alicred-${Math.floor(now)}`;
}
