import { CredentialsError, isCredentialsError, readEnv, refreshing, type CredentialProvider, type Credentials } from '@alicred/core';
import {
  createStsClient,
  defaultRoleSessionName,
  validateDurationSeconds,
  validateRoleArn,
  validateRoleSessionName,
  type StsClientOptions,
} from '@alicred/sts';

/** Provider name carried by credentials and errors from {@link fromRamRoleArn}. */
export const RAM_ROLE_PROVIDER_NAME = 'ram-role';
/** Read when `roleArn` is not given. */
export const ROLE_ARN_ENV = 'ALIBABA_CLOUD_ROLE_ARN';
/** Read when `roleSessionName` is not given. */
export const ROLE_SESSION_NAME_ENV = 'ALIBABA_CLOUD_ROLE_SESSION_NAME';

/** Options of {@link fromRamRoleArn}: the role, the source that signs AssumeRole, and STS client options. */
export interface FromRamRoleArnInit extends Omit<StsClientOptions, 'providerName'> {
  /**
   * The credentials that call AssumeRole: any provider (an AccessKey from `@alicred/env`, STS credentials,
   * or another `fromRamRoleArn`, so roles chain AK → role → role). It is asked on every refresh, so a
   * caching source keeps its own cache.
   */
  source: CredentialProvider;
  /** `acs:ram::<account id>:role/<role name>`. Default: `ALIBABA_CLOUD_ROLE_ARN`. */
  roleArn?: string;
  /**
   * Session name shown in audit logs: 2–64 of letters, digits and `. @ - _`.
   * Default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alicred-<epoch ms>` (chosen once per provider).
   */
  roleSessionName?: string;
  /** A session policy (JSON) that further restricts the role's permissions. */
  policy?: string;
  /** The ExternalId the role's trust policy requires. */
  externalId?: string;
  /** Session lifetime in seconds, at least 900. Default 3600. */
  durationSeconds?: number;
  /** Share one in-flight AssumeRole between concurrent callers (core's default: on, except on workerd). */
  shareInFlight?: boolean;
}

/**
 * Credentials of a RAM role, obtained with STS AssumeRole signed by `source`, cached and refreshed by
 * `@alicred/core`'s `refreshing`: one AssumeRole per refresh window however many callers, a background
 * refresh shortly before expiry (a 900 s session is not re-assumed on every call), still-valid credentials
 * served while STS is down, an error once they have expired.
 *
 * The options are checked here, synchronously: a missing or malformed role ARN, a bad session name or a
 * duration under 900 s throws `CredentialsError` `InvalidConfiguration` before any request.
 *
 * @example
 * ```ts
 * const provider = fromRamRoleArn({
 *   source: fromEnv(),
 *   roleArn: 'acs:ram::123456789012:role/reader',
 *   region: 'cn-hangzhou',
 * });
 * const credentials = await provider();
 * ```
 */
export function fromRamRoleArn(init: FromRamRoleArnInit): CredentialProvider {
  const provider = RAM_ROLE_PROVIDER_NAME;
  if (typeof init?.source !== 'function') {
    throw new CredentialsError('fromRamRoleArn needs a source provider (the credentials that call AssumeRole), e.g. fromEnv().', {
      code: 'InvalidConfiguration',
      provider,
    });
  }
  const roleArnValue = init.roleArn ?? readEnv(ROLE_ARN_ENV, init.env);
  if (roleArnValue === undefined || roleArnValue.trim() === '') {
    throw new CredentialsError(`fromRamRoleArn needs a role ARN: pass roleArn or set ${ROLE_ARN_ENV}.`, {
      code: 'InvalidConfiguration',
      provider,
    });
  }
  const roleArn = validateRoleArn(roleArnValue, provider, init.roleArn !== undefined ? 'roleArn' : ROLE_ARN_ENV);
  const now = init.now ?? Date.now;
  const sessionFromEnv = init.roleSessionName === undefined ? readEnv(ROLE_SESSION_NAME_ENV, init.env) : undefined;
  const roleSessionName = validateRoleSessionName(
    init.roleSessionName ?? sessionFromEnv ?? defaultRoleSessionName(now()),
    provider,
    sessionFromEnv !== undefined ? ROLE_SESSION_NAME_ENV : 'roleSessionName',
  );
  const durationSeconds = validateDurationSeconds(init.durationSeconds ?? 3600, provider);
  const { source, policy, externalId, shareInFlight, ...clientOptions } = init;
  const sts = createStsClient({ ...clientOptions, providerName: provider });

  const assume = async (signal?: AbortSignal): Promise<Credentials> => {
    let sourceCredentials: Credentials;
    try {
      sourceCredentials = await source(signal ? { signal } : undefined);
    } catch (error) {
      throw sourceFailed(error);
    }
    const { credentials } = await sts.assumeRole({
      credentials: sourceCredentials,
      roleArn,
      roleSessionName,
      durationSeconds,
      ...(policy !== undefined ? { policy } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
      ...(signal ? { signal } : {}),
    });
    return credentials;
  };

  return refreshing(assume, {
    providerName: provider,
    now: init.now,
    random: init.random,
    logger: init.logger,
    shareInFlight,
  });
}

/**
 * The role is configured, so a source that is "not configured here" (`tryNextLink: true`) still means this
 * provider is broken: a chain must stop and report, not silently skip to the next source.
 */
function sourceFailed(error: unknown): CredentialsError {
  const inner = isCredentialsError(error) ? error : undefined;
  return new CredentialsError(
    `the source credentials for AssumeRole could not be obtained${inner ? ` (${inner.provider}: ${inner.message})` : ': see `cause`'}.`,
    { code: inner?.code ?? 'SourceFailed', provider: RAM_ROLE_PROVIDER_NAME, tryNextLink: false, cause: error },
  );
}
