import { CredentialsError, isCredentialsError, readEnv, refreshing, type CredentialProvider, type Credentials } from '@alicred/core';
import {
  createStsClient,
  defaultRoleSessionName,
  validateDurationSeconds,
  validateOidcProviderArn,
  validateRoleArn,
  validateRoleSessionName,
  type StsClientOptions,
} from '@alicred/sts';
import { readTokenFile } from './token-file-node';

/** Provider name carried by credentials and errors from {@link fromOidcRoleArn}. */
export const OIDC_PROVIDER_NAME = 'oidc';
/** The role to assume (shared with `@alicred/ram-role`). */
export const ROLE_ARN_ENV = 'ALIBABA_CLOUD_ROLE_ARN';
/** The RAM OIDC provider that trusts the token's issuer. */
export const OIDC_PROVIDER_ARN_ENV = 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN';
/** Path of the OIDC token file (ACK RRSA mounts a projected service account token there). */
export const OIDC_TOKEN_FILE_ENV = 'ALIBABA_CLOUD_OIDC_TOKEN_FILE';
/** Session name used when `roleSessionName` is not given. */
export const ROLE_SESSION_NAME_ENV = 'ALIBABA_CLOUD_ROLE_SESSION_NAME';

/** Where the OIDC token comes from when it is not a file: the token itself, or a function asked on every refresh. */
export type OidcTokenSource = string | (() => string | Promise<string>);

/** Options of {@link fromOidcRoleArn}; every field falls back to its environment variable. */
export interface FromOidcRoleArnInit extends Omit<StsClientOptions, 'providerName'> {
  /** `acs:ram::<account id>:role/<role name>`. Default: `ALIBABA_CLOUD_ROLE_ARN`. */
  roleArn?: string;
  /** `acs:ram::<account id>:oidc-provider/<name>`. Default: `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`. */
  oidcProviderArn?: string;
  /** Path of the token file, re-read on every refresh. Default: `ALIBABA_CLOUD_OIDC_TOKEN_FILE`. Node only. */
  oidcTokenFile?: string;
  /**
   * The token instead of a file (edge runtimes, tests, tokens from elsewhere): a string, or a function that
   * is called on every refresh so rotated tokens are picked up. Wins over `oidcTokenFile`.
   */
  oidcToken?: OidcTokenSource;
  /** 2–64 of letters, digits and `. @ - _`. Default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alicred-<epoch ms>`. */
  roleSessionName?: string;
  /** A session policy (JSON) that further restricts the role's permissions. */
  policy?: string;
  /** Session lifetime in seconds, at least 900. Default 3600. */
  durationSeconds?: number;
  /** Share one in-flight call between concurrent callers (core's default: on, except on workerd). */
  shareInFlight?: boolean;
}

interface Resolved {
  roleArn: string;
  oidcProviderArn: string;
  token: () => Promise<string>;
  tokenWhere: string;
  roleSessionName: string;
}

function configError(message: string, tryNextLink: boolean): CredentialsError {
  return new CredentialsError(message, {
    code: tryNextLink ? 'NotConfigured' : 'InvalidConfiguration',
    provider: OIDC_PROVIDER_NAME,
    tryNextLink,
  });
}

/**
 * Credentials for a RAM role in exchange for an OIDC token (STS AssumeRoleWithOIDC): ACK RRSA, or any
 * workload identity whose issuer is registered as a RAM OIDC provider. The call is anonymous; the token goes
 * in the POST body only, never in a URL, a log line or an error message.
 *
 * Configuration is read on each fetch (options first, then the environment):
 * - none of role ARN, OIDC provider ARN and token (file) set → `NotConfigured` with `tryNextLink: true`,
 *   so a chain moves on;
 * - some but not all set → `InvalidConfiguration` naming the missing variables, `tryNextLink: false`.
 *
 * The token file is re-read and trimmed on every refresh (projected tokens rotate). Results are cached and
 * refreshed by `@alicred/core`'s `refreshing` (single flight, background refresh, backoff).
 *
 * @example
 * ```ts
 * // In an ACK pod with RRSA enabled, the three ALIBABA_CLOUD_* variables are already set:
 * const provider = fromOidcRoleArn();
 * const credentials = await provider();
 * ```
 */
export function fromOidcRoleArn(init: FromOidcRoleArnInit = {}): CredentialProvider {
  const provider = OIDC_PROVIDER_NAME;
  const now = init.now ?? Date.now;
  const fallbackSessionName = defaultRoleSessionName(now());
  const { roleArn, oidcProviderArn, oidcTokenFile, oidcToken, roleSessionName, policy, durationSeconds, shareInFlight, ...clientOptions } = init;

  function resolve(): Resolved {
    const env = init.env;
    const arn = roleArn ?? readEnv(ROLE_ARN_ENV, env);
    const providerArn = oidcProviderArn ?? readEnv(OIDC_PROVIDER_ARN_ENV, env);
    const tokenFile = oidcToken === undefined ? (oidcTokenFile ?? readEnv(OIDC_TOKEN_FILE_ENV, env)) : undefined;
    const hasToken = oidcToken !== undefined || (tokenFile !== undefined && tokenFile.trim() !== '');
    const present = [arn, providerArn].filter((v) => v !== undefined && v.trim() !== '').length + (hasToken ? 1 : 0);
    if (present === 0) {
      throw configError(
        `OIDC role credentials are not configured: set ${ROLE_ARN_ENV}, ${OIDC_PROVIDER_ARN_ENV} and ${OIDC_TOKEN_FILE_ENV} (ACK RRSA sets them), or pass them to fromOidcRoleArn.`,
        true,
      );
    }
    const missing: string[] = [];
    if (!arn?.trim()) missing.push(`${ROLE_ARN_ENV} (roleArn)`);
    if (!providerArn?.trim()) missing.push(`${OIDC_PROVIDER_ARN_ENV} (oidcProviderArn)`);
    if (!hasToken) missing.push(`${OIDC_TOKEN_FILE_ENV} (oidcTokenFile or oidcToken)`);
    if (missing.length > 0) {
      throw configError(`OIDC role credentials are only partly configured: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`, false);
    }
    const sessionFromEnv = roleSessionName === undefined ? readEnv(ROLE_SESSION_NAME_ENV, env) : undefined;
    return {
      roleArn: validateRoleArn(arn as string, provider, roleArn !== undefined ? 'roleArn' : ROLE_ARN_ENV),
      oidcProviderArn: validateOidcProviderArn(providerArn as string, provider, oidcProviderArn !== undefined ? 'oidcProviderArn' : OIDC_PROVIDER_ARN_ENV),
      token: tokenReader(oidcToken, tokenFile?.trim()),
      tokenWhere: oidcToken !== undefined ? 'oidcToken' : `the token file ${tokenFile?.trim()}`,
      roleSessionName: validateRoleSessionName(
        roleSessionName ?? sessionFromEnv ?? fallbackSessionName,
        provider,
        sessionFromEnv !== undefined ? ROLE_SESSION_NAME_ENV : 'roleSessionName',
      ),
    };
  }

  const fetchCredentials = async (signal?: AbortSignal): Promise<Credentials> => {
    const config = resolve();
    const duration = validateDurationSeconds(durationSeconds ?? 3600, provider);
    const raw = await config.token();
    // Files written by editors and `echo` end in a newline; a token never contains whitespace.
    const token = typeof raw === 'string' ? raw.trim() : '';
    if (token === '') throw configError(`the OIDC token from ${config.tokenWhere} is empty.`, false);
    const sts = createStsClient({ ...clientOptions, providerName: provider });
    const { credentials } = await sts.assumeRoleWithOidc({
      roleArn: config.roleArn,
      oidcProviderArn: config.oidcProviderArn,
      oidcToken: token,
      roleSessionName: config.roleSessionName,
      durationSeconds: duration,
      ...(policy !== undefined ? { policy } : {}),
      ...(signal ? { signal } : {}),
    });
    return credentials;
  };

  return refreshing(fetchCredentials, {
    providerName: provider,
    now: init.now,
    random: init.random,
    logger: init.logger,
    shareInFlight,
  });
}

function tokenReader(source: OidcTokenSource | undefined, file: string | undefined): () => Promise<string> {
  if (typeof source === 'string') return async () => source;
  if (typeof source === 'function') {
    return async () => {
      try {
        return await source();
      } catch (error) {
        if (isCredentialsError(error)) throw error;
        throw new CredentialsError('the oidcToken function failed: see `cause`.', {
          code: 'InvalidConfiguration',
          provider: OIDC_PROVIDER_NAME,
          cause: error,
        });
      }
    };
  }
  return () => readTokenFile(file as string, OIDC_PROVIDER_NAME);
}
