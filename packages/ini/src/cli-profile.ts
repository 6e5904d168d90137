import { createCredentials, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import { findCliProfile, type CliConfig, type CliProfileRecord } from './cli-config';
import { CliReader } from './cli-reader';
import { cloudSsoProvider } from './cloud-sso';
import { profileError, quoteName, type Location } from './errors';
import { externalProvider } from './external';
import { optional } from './ini-profile';
import { oauthProvider } from './oauth';
import { isUnsafeProfileName } from './parse-ini';
import { resolveFactory, type ProfileProviders, type StsEndpointInit } from './peers';

/** The `mode` values a CLI profile may have (case-sensitive, as in the aliyun CLI). */
export const CLI_PROFILE_MODES = [
  'AK',
  'StsToken',
  'RamRoleArn',
  'EcsRamRole',
  'OIDC',
  'ChainableRamRoleArn',
  'CloudSSO',
  'OAuth',
  'External',
] as const;

/** One of {@link CLI_PROFILE_MODES}. */
export type CliProfileMode = (typeof CLI_PROFILE_MODES)[number];

/** Modes the aliyun CLI knows but no credentials library supports. */
const CLI_ONLY_MODES = new Set(['RsaKeyPair', 'RamRoleArnWithRoleName', 'CredentialsURI', 'BearerToken', 'Anonymous']);

/** What resolving a CLI profile needs besides the configuration. */
export interface CliContext {
  readonly file: string;
  readonly providerName: string;
  readonly providers?: ProfileProviders;
  readonly env?: EnvLike;
  readonly logger?: Logger;
  readonly now: () => number;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  readonly shareInFlight?: boolean;
  readonly oauthBaseUrl?: string;
  readonly processTimeoutMs: number;
  /** Re-reads a profile from the file, so a re-login or another process's write-back is seen; `undefined` if gone. */
  readonly reload: (name: string) => Promise<CliProfileRecord | undefined>;
  /** Writes refreshed fields back to the profile (atomic and locked); never throws. */
  readonly save: (name: string, fields: Readonly<Record<string, string | number>>) => Promise<void>;
}

/**
 * Resolves profile `name` of the CLI configuration to a provider. `visited` is the `source_profile` path that
 * led here (empty for the chosen profile); see `resolveIniProfile` for the same rules.
 */
export async function resolveCliProfile(
  config: CliConfig,
  name: string,
  ctx: CliContext,
  visited: readonly string[] = [],
): Promise<CredentialProvider> {
  const where: Location = { provider: ctx.providerName, file: ctx.file, profile: name };
  const nested = visited.length > 0;
  if (isUnsafeProfileName(name)) {
    throw profileError(where, 'UnsafeProfileName', 'this profile name is not allowed (it collides with JavaScript object internals).');
  }
  if (visited.includes(name)) {
    throw profileError(
      where,
      'ProfileCycle',
      `source_profile forms a cycle (${[...visited, name].map(quoteName).join(' -> ')}): point one of them at a profile with keys.`,
    );
  }
  const record = findCliProfile(config, name);
  if (!record) {
    const names = config.profiles.map((p) => p.name);
    const known = names.length === 0 ? 'the file has no profiles' : `profiles in the file: ${names.slice(0, 20).map(quoteName).join(', ')}`;
    if (nested) {
      throw profileError(where, 'InvalidProfile', `is named by source_profile of ${quoteName(visited.at(-1) ?? '')} but does not exist (${known}).`);
    }
    throw profileError(where, 'NotConfigured', `not found (${known}).`, { tryNextLink: true });
  }
  const profile = new CliReader(record, where);
  const mode = profile.mode;
  if (mode === '') throw profileError(where, 'InvalidProfile', `has no mode: set "mode" to one of ${CLI_PROFILE_MODES.join(', ')}.`);
  if (!(CLI_PROFILE_MODES as readonly string[]).includes(mode)) {
    const hint = CLI_ONLY_MODES.has(mode) ? ' (the aliyun CLI supports it, the credentials libraries do not)' : '';
    throw profileError(where, 'InvalidProfile', `has an unsupported mode ${quoteName(mode)}${hint}: use one of ${CLI_PROFILE_MODES.join(', ')}.`);
  }
  switch (mode as CliProfileMode) {
    case 'AK':
      return staticProvider(profile, ctx, false);
    case 'StsToken':
      return staticProvider(profile, ctx, true);
    case 'RamRoleArn':
    case 'ChainableRamRoleArn': {
      const source =
        mode === 'RamRoleArn'
          ? staticProvider(profile, ctx, false)
          : await resolveCliProfile(config, profile.required('source_profile'), ctx, [...visited, name]);
      const roleArn = profile.required('ram_role_arn');
      const factory = await resolveFactory('ramRoleArn', ctx.providers, where, `mode ${mode}`);
      return factory({
        source,
        roleArn,
        ...optional({
          roleSessionName: profile.optional('ram_session_name'),
          policy: profile.optional('policy'),
          externalId: profile.optional('external_id'),
          durationSeconds: profile.number('expired_seconds'),
        }),
        ...stsEndpoint(profile),
        ...delegated(ctx),
      });
    }
    case 'EcsRamRole': {
      const factory = await resolveFactory('ecsMetadata', ctx.providers, where, 'mode EcsRamRole');
      return factory({ ...optional({ roleName: profile.optional('ram_role_name') }), ...delegated(ctx) });
    }
    case 'OIDC': {
      const roleArn = profile.required('ram_role_arn');
      const oidcProviderArn = profile.required('oidc_provider_arn');
      const oidcTokenFile = profile.required('oidc_token_file');
      const factory = await resolveFactory('oidcRoleArn', ctx.providers, where, 'mode OIDC');
      return factory({
        roleArn,
        oidcProviderArn,
        oidcTokenFile,
        ...optional({
          roleSessionName: profile.optional('ram_session_name'),
          policy: profile.optional('policy'),
          durationSeconds: profile.number('expired_seconds'),
        }),
        ...stsEndpoint(profile),
        ...delegated(ctx),
      });
    }
    case 'CloudSSO':
      return cloudSsoProvider(profile, ctx);
    case 'OAuth':
      return oauthProvider(profile, ctx);
    case 'External':
      return externalProvider(profile, ctx);
  }
}

function staticProvider(profile: CliReader, ctx: CliContext, sts: boolean): CredentialProvider {
  const accessKeyId = profile.required('access_key_id');
  const accessKeySecret = profile.required('access_key_secret');
  const securityToken = sts ? profile.required('sts_token') : undefined;
  // `sts_expiration` (unix seconds) is written by the CLI's External and OAuth flows; when present, the
  // token's end is known and expired credentials are refused instead of failing later at the server.
  const expiresAt = sts ? profile.number('sts_expiration') : undefined;
  const expiration = expiresAt === undefined ? undefined : new Date(expiresAt * 1000);
  const value = createCredentials({
    accessKeyId,
    accessKeySecret,
    ...(securityToken === undefined ? {} : { securityToken }),
    ...(expiration === undefined ? {} : { expiration }),
    providerName: ctx.providerName,
  });
  return async (options) => {
    options?.signal?.throwIfAborted();
    if (expiration !== undefined && expiration.getTime() <= ctx.now()) {
      throw profileError(profile.where, 'Expired', `its STS token expired at ${expiration.toISOString()}: run \`aliyun configure\` again.`);
    }
    return value;
  };
}

function stsEndpoint(profile: CliReader): StsEndpointInit {
  return optional({
    endpoint: profile.optional('sts_endpoint'),
    region: profile.optional('sts_region'),
    // The CLI writes `"enable_vpc": false` into every profile: only `true` says anything.
    vpc: profile.bool('enable_vpc') === true ? true : undefined,
  });
}

function delegated(ctx: CliContext): { env?: EnvLike; logger?: Logger } {
  return optional({ env: ctx.env, logger: ctx.logger });
}
