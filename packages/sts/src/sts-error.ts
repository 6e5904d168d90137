import { CredentialsError } from '@alicred/core';

/**
 * A failed STS call: a {@link CredentialsError} whose `code` is the STS error code (e.g.
 * `SignatureDoesNotMatch`, `NoPermission`, `Throttling.User`), with the `requestId` and a `hint` that says
 * what to do. Check for it with `isStsError` or `isCredentialsError`, never `instanceof`.
 */
export interface StsError extends CredentialsError {
  readonly status: number;
  readonly stsCode: string;
  readonly requestId?: string;
  readonly hint: string;
}

/** What each STS code means for the caller. Codes not listed fall back to a prefix rule, then a generic hint. */
const HINTS: Readonly<Record<string, string>> = {
  SignatureDoesNotMatch: 'the AccessKey secret is wrong (it does not belong to this AccessKey id): check the source credentials.',
  IncompleteSignature: 'the request signature is incomplete: the AccessKey secret is probably wrong or empty.',
  'InvalidAccessKeyId.NotFound': 'the AccessKey id does not exist: check the source credentials (a deleted key, or a typo).',
  'InvalidAccessKeyId.Inactive': 'the AccessKey is disabled: enable it in the RAM console or use another one.',
  'InvalidSecurityToken.Expired': 'the source STS token has expired: refresh the source credentials before assuming the role.',
  'InvalidSecurityToken.Malformed': 'the source security token is malformed: pass the token STS issued, unchanged.',
  'InvalidSecurityToken.MismatchWithAccessKey': 'the source security token does not belong to its AccessKey id: pass the id, secret and token from the same STS answer.',
  MissingSecurityToken: 'the source is STS credentials but no security token was sent: pass the token with the AccessKey.',
  NoPermission: "the caller may not assume this role: check the role's trust policy and the caller's sts:AssumeRole permission.",
  'EntityNotExist.Role': 'the role does not exist: check the role ARN (account id and role name).',
  'InvalidParameter.RoleArn': 'the role ARN is invalid: it must look like acs:ram::<account id>:role/<role name>.',
  'InvalidParameter.RoleSessionName': 'the role session name is invalid: 2-64 characters of letters, digits and . @ - _.',
  'InvalidParameter.DurationSeconds': "the session duration is out of range: at least 900 s and at most the role's MaxSessionDuration.",
  'InvalidParameter.PolicyGrammar': 'the session policy is not a valid RAM policy document.',
  'InvalidParameter.PolicySize': 'the session policy is too long.',
  'InvalidParameter.ExternalId': "the ExternalId does not match the role's trust policy.",
  'InvalidParameter.OIDCToken': 'the OIDC token is invalid: check the token file (it must be the projected service account token).',
  'InvalidParameter.OIDCProviderArn': 'the OIDC provider ARN is invalid: it must look like acs:ram::<account id>:oidc-provider/<name>.',
  'AuthenticationFail.OIDCToken.Expired': 'the OIDC token has expired: the token file was not rotated; check the projected token volume.',
  'AuthenticationFail.OIDCToken.Invalid': "the OIDC token was rejected: check its issuer and audience against the OIDC provider's configuration.",
  'AuthenticationFail.OIDCToken.IssuerMismatch': "the OIDC token's issuer does not match the OIDC provider's issuer URL.",
  'AuthenticationFail.OIDCToken.AudienceMismatch': "the OIDC token's audience is not one of the OIDC provider's client ids.",
  'EntityNotExist.OIDCProvider': 'the OIDC provider does not exist: check the OIDC provider ARN.',
  'Throttling.User': 'STS is throttling this caller: too many requests; share one cached provider instead of assuming the role per call.',
  Throttling: 'STS is throttling requests: retry later and cache the credentials.',
  ServiceUnavailable: 'STS is temporarily unavailable: retry later.',
  InternalError: 'STS failed internally: retry later.',
  'SignatureNonceUsed': 'the request was replayed (its SignatureNonce was already used): this is a client bug, please report it.',
  'InvalidTimeStamp.Expired': "the request timestamp is too far from STS's clock: fix this machine's clock.",
};

const PREFIX_HINTS: ReadonlyArray<readonly [string, string]> = [
  ['InvalidParameter', 'a request parameter is invalid: see the STS message.'],
  ['MissingParameter', 'a required request parameter is missing: see the STS message.'],
  ['AuthenticationFail', 'STS rejected the credentials: see the STS message.'],
  ['Throttling', 'STS is throttling requests: retry later and cache the credentials.'],
  ['InvalidSecurityToken', 'the source security token was rejected: refresh the source credentials.'],
  ['InvalidAccessKeyId', 'the AccessKey id was rejected: check the source credentials.'],
];

/** The hint for an STS error code (exported for tests and the CLI). */
export function stsHint(stsCode: string, status = 400): string {
  const exact = HINTS[stsCode];
  if (exact) return exact;
  for (const [prefix, hint] of PREFIX_HINTS) if (stsCode.startsWith(`${prefix}.`)) return hint;
  if (status >= 500) return 'STS failed: retry later.';
  return 'see the STS code and message.';
}

/** Whether an STS answer is worth retrying: throttling and server-side failures, never a client mistake. */
export function isRetryableSts(status: number, stsCode: string): boolean {
  return status >= 500 || status === 429 || stsCode === 'Throttling' || stsCode.startsWith('Throttling.') || stsCode === 'ServiceUnavailable';
}

// Server messages are echoed to users only after this: the SignatureDoesNotMatch message includes the
// server's StringToSign, which contains every signed parameter, the SecurityToken among them.
function safeMessage(message: unknown, secrets: readonly string[]): string | undefined {
  if (typeof message !== 'string' || message.trim() === '') return undefined;
  let text = message.split(/string\s*to\s*sign/i)[0] as string;
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  text = text.replace(/[\r\n\t]+/g, ' ').trim().replace(/[:\s]+$/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || undefined;
}

/**
 * Builds the {@link StsError} for an STS answer with a non-200 status. `body` is the parsed error JSON (or
 * undefined when it was not JSON); `secrets` are values that must never appear in the message (the token
 * and secret that were sent), scrubbed from STS's message as a second line of defence.
 */
export function createStsError(init: {
  action: string;
  status: number;
  body: unknown;
  provider: string;
  endpoint: string;
  secrets?: readonly string[];
  attempts?: number;
}): StsError {
  const doc = typeof init.body === 'object' && init.body !== null ? (init.body as Record<string, unknown>) : {};
  const rawCode = typeof doc.Code === 'string' && /^[\w.\-]{1,100}$/.test(doc.Code) ? doc.Code : undefined;
  const stsCode = rawCode ?? (init.status === 429 ? 'Throttling' : 'HttpError');
  const requestId = typeof doc.RequestId === 'string' && /^[\w\-]{1,100}$/.test(doc.RequestId) ? doc.RequestId : undefined;
  const stsMessage = safeMessage(doc.Message, init.secrets ?? []);
  const hint = stsHint(stsCode, init.status);
  const host = init.endpoint.replace(/^https?:\/\//, '');
  const parts = [
    `STS ${init.action} at ${host} failed with HTTP ${init.status} ${stsCode}: ${hint}`,
    stsMessage ? `STS said: "${stsMessage}".` : '',
    requestId ? `RequestId: ${requestId}.` : '',
    init.attempts && init.attempts > 1 ? `(${init.attempts} attempts)` : '',
  ];
  const error = new CredentialsError(parts.filter(Boolean).join(' '), { code: stsCode, provider: init.provider }) as CredentialsError & {
    status: number;
    stsCode: string;
    requestId?: string;
    hint: string;
  };
  error.status = init.status;
  error.stsCode = stsCode;
  if (requestId) error.requestId = requestId;
  error.hint = hint;
  return error as StsError;
}

/** Whether `value` is an {@link StsError} (by property: works across copies of the package). */
export function isStsError(value: unknown): value is StsError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<StsError>;
  return candidate.name === 'CredentialsError' && typeof candidate.stsCode === 'string' && typeof candidate.hint === 'string';
}
