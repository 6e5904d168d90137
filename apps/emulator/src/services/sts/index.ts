import { authenticateRpc, rpcParams } from '../../rpc/authenticate';
import { rpcError, rpcErrorResponse, type RpcError } from '../../rpc/errors';
import { verifyJwt } from '../../oidc/jwt';
import type { CallerIdentity, EmuRequest, EmuResponse, EmulatorState, RoleConfig, Service } from '../../types';
import { issueRoleCredentials, stsTime, type IssuedCredentials } from './issue';

export { issueRoleCredentials, stsTime, type IssuedCredentials } from './issue';

/** The STS actions the emulator implements (API version 2015-04-01). */
export const STS_ACTIONS = ['AssumeRole', 'AssumeRoleWithOIDC', 'GetCallerIdentity'] as const;
const STS_VERSION = '2015-04-01';
const ROLE_ARN = /^acs:ram::(\d+):role\/([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w=,.@:/-]{2,1224}$/;

/** The action of an RPC request: `Action` (query or form) or the ACS3 `x-acs-action` header. */
export function rpcAction(req: EmuRequest): string | undefined {
  return req.query.get('Action') ?? req.form.get('Action') ?? req.headers['x-acs-action'] ?? undefined;
}

/**
 * STS: AssumeRole and GetCallerIdentity (RPC v1 or ACS3 signed), AssumeRoleWithOIDC (anonymous).
 * Claims requests by action name or by an `sts.` / `sts-vpc.` Host (so an unknown action on an STS
 * endpoint gets STS's InvalidAction error rather than an OSS answer).
 */
export function stsService(): Service {
  return {
    name: 'sts',
    matches: (req) => {
      const action = rpcAction(req);
      if (action !== undefined && (STS_ACTIONS as readonly string[]).includes(action)) return true;
      return /^sts(-vpc)?\./.test(req.host);
    },
    action: (req) => rpcAction(req) ?? 'Unknown',
    handle: (req, state) => {
      const requestId = state.newRequestId();
      const hostId = req.headers['host'] ?? req.host;
      const answer = (result: Record<string, unknown> | RpcError): EmuResponse =>
        'code' in result && 'status' in result && typeof result['status'] === 'number'
          ? rpcErrorResponse(result as RpcError, requestId, hostId)
          : {
              status: 200,
              headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
              body: JSON.stringify({ RequestId: requestId, ...result }),
            };
      return answer(dispatch(req, state));
    },
  };
}

function dispatch(req: EmuRequest, state: EmulatorState): Record<string, unknown> | RpcError {
  if (req.method !== 'GET' && req.method !== 'POST') {
    return rpcError(405, 'UnsupportedHTTPMethod', `This action does not support the HTTP method ${req.method}.`);
  }
  const action = rpcAction(req);
  if (!action) return rpcError(400, 'MissingAction', 'Action is mandatory for this request.');
  if (!(STS_ACTIONS as readonly string[]).includes(action)) {
    return rpcError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
  }
  const params = rpcParams(req);
  const version = params.get('Version') ?? req.headers['x-acs-version'];
  if (version !== STS_VERSION) return rpcError(400, 'InvalidVersion', `Specified parameter Version is not valid: STS is ${STS_VERSION}.`);

  if (action === 'AssumeRoleWithOIDC') return assumeRoleWithOidc(params, state);
  const auth = authenticateRpc(req, state);
  if (!auth.ok) return auth.error;
  if (action === 'GetCallerIdentity') return callerIdentity(auth.record.identity);
  return assumeRole(params, auth.record.identity, state);
}

function callerIdentity(id: CallerIdentity): Record<string, unknown> {
  return {
    AccountId: id.accountId,
    IdentityType: id.identityType,
    Arn: id.arn,
    PrincipalId: id.principalId,
    ...(id.userId ? { UserId: id.userId } : {}),
    ...(id.roleId ? { RoleId: id.roleId } : {}),
  };
}

/** Shared checks of both AssumeRole flavours: role, session name, duration, policy. */
function roleRequest(
  params: Map<string, string>,
  state: EmulatorState,
): { role: RoleConfig; session: string; duration: number } | RpcError {
  const arn = params.get('RoleArn');
  if (!arn) return rpcError(400, 'MissingRoleArn', 'RoleArn is mandatory for this action.');
  if (!ROLE_ARN.test(arn)) return rpcError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrong.');
  const session = params.get('RoleSessionName');
  if (!session) return rpcError(400, 'MissingRoleSessionName', 'RoleSessionName is mandatory for this action.');
  if (!SESSION_NAME.test(session)) return rpcError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrong.');
  // RAM matches role names case-insensitively.
  const role = state.config.roles.find((r) => r.arn.toLowerCase() === arn.toLowerCase());
  if (!role) return rpcError(404, 'EntityNotExist.Role', 'The role not exists.');
  const rawDuration = params.get('DurationSeconds');
  const duration = rawDuration === undefined ? 3600 : Number(rawDuration);
  if (!/^\d+$/.test(rawDuration ?? '3600') || duration < 900 || duration > role.maxSessionDuration) {
    return rpcError(
      400,
      'InvalidParameter.DurationSeconds',
      `The Min/Max value of DurationSeconds is 15min/${role.maxSessionDuration / 3600}hr.`,
    );
  }
  const policy = params.get('Policy');
  if (policy !== undefined) {
    if (policy.length > 2048) return rpcError(400, 'InvalidParameter.PolicyLength', 'The length of Policy exceeds 2048 characters.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(policy);
    } catch {
      return rpcError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not passed grammar check: not JSON.');
    }
    if (parsed === null || typeof parsed !== 'object' || !Array.isArray((parsed as { Statement?: unknown }).Statement)) {
      return rpcError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not passed grammar check: Statement must be an array.');
    }
  }
  return { role, session, duration };
}

/** RAM trust: "*", the caller's account (any identity in it), the caller's user ARN or its role's ARN. */
function trusts(role: RoleConfig, caller: CallerIdentity): boolean {
  const assumedRole =
    caller.identityType === 'AssumedRoleUser'
      ? `acs:ram::${caller.accountId}:role/${caller.arn.split('/')[1] ?? ''}`.toLowerCase()
      : undefined;
  return role.trustedPrincipals.some((p) => {
    const lower = p.toLowerCase();
    return (
      p === '*' ||
      p === caller.accountId ||
      lower === `acs:ram::${caller.accountId}:root` ||
      lower === caller.arn.toLowerCase() ||
      (assumedRole !== undefined && lower === assumedRole)
    );
  });
}

function assumeRole(params: Map<string, string>, caller: CallerIdentity, state: EmulatorState): Record<string, unknown> | RpcError {
  const checked = roleRequest(params, state);
  if ('code' in checked) return checked;
  const { role, session, duration } = checked;
  const externalId = params.get('ExternalId');
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    return rpcError(400, 'InvalidParameter.ExternalId', 'The parameter ExternalId is wrong.');
  }
  if (!trusts(role, caller) || (role.externalId !== undefined && role.externalId !== externalId)) {
    return rpcError(
      403,
      'NoPermission',
      `You are not authorized to do this action. You should be authorized by RAM. (${caller.arn} may not assume ${role.arn}` +
        `${role.externalId !== undefined && role.externalId !== externalId ? ': ExternalId does not match the trust policy' : ''}.)`,
    );
  }
  return credentialsAnswer(issueRoleCredentials(state, role, session, duration));
}

function credentialsAnswer(issued: IssuedCredentials): Record<string, unknown> {
  return {
    AssumedRoleUser: { AssumedRoleId: issued.assumedRoleId, Arn: issued.assumedRoleArn },
    Credentials: {
      AccessKeyId: issued.record.accessKeyId,
      AccessKeySecret: issued.record.accessKeySecret,
      SecurityToken: issued.record.securityToken,
      Expiration: issued.expiration,
    },
  };
}

function assumeRoleWithOidc(params: Map<string, string>, state: EmulatorState): Record<string, unknown> | RpcError {
  const providerArn = params.get('OIDCProviderArn');
  if (!providerArn) return rpcError(400, 'MissingOIDCProviderArn', 'OIDCProviderArn is mandatory for this action.');
  const token = params.get('OIDCToken');
  if (!token) return rpcError(400, 'MissingOIDCToken', 'OIDCToken is mandatory for this action.');
  if (token.length < 4 || token.length > 20000) return rpcError(400, 'InvalidParameter.OIDCToken', 'The length of OIDCToken must be 4 to 20000.');
  const checked = roleRequest(params, state);
  if ('code' in checked) return checked;
  const { role, session, duration } = checked;
  const provider = state.config.oidcProviders.find((p) => p.arn.toLowerCase() === providerArn.toLowerCase());
  if (!provider) return rpcError(404, 'EntityNotExist.OIDCProvider', 'The OIDC provider does not exist.');
  const now = state.now();
  const verdict = verifyJwt(token, { issuer: provider.issuer, audiences: provider.audiences, jwks: provider.jwks, now });
  if (!verdict.ok) return rpcError(400, verdict.code, verdict.message);
  if (!role.trustedPrincipals.some((p) => p === '*' || p.toLowerCase() === provider.arn.toLowerCase())) {
    return rpcError(403, 'NoPermission', `You are not authorized to do this action: ${role.arn} does not trust ${provider.arn}.`);
  }
  const claims = verdict.claims;
  const issued = issueRoleCredentials(state, role, session, duration);
  const at = (s: unknown) => (typeof s === 'number' ? stsTime(new Date(s * 1000)) : undefined);
  return {
    ...credentialsAnswer(issued),
    OIDCTokenInfo: {
      Subject: claims['sub'],
      Issuer: claims['iss'],
      ClientIds: Array.isArray(claims['aud']) ? claims['aud'].join(',') : claims['aud'],
      ExpirationTime: at(claims['exp']),
      IssuanceTime: at(claims['iat']),
      VerificationInfo: 'Success',
    },
  };
}
