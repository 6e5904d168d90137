import { createCredentials, type CredentialProvider, type Credentials, type EnvLike, type Logger } from '@alicred/core';
import { profileError, quoteName, type Location } from './errors';
import type { IniDocument, IniSection } from './parse-ini';
import { isUnsafeProfileName } from './parse-ini';
import { resolveFactory, type ProfileProviders, type StsEndpointInit } from './peers';

/** The `type` values an INI profile may have. */
export const INI_PROFILE_TYPES = [
  'access_key',
  'sts',
  'ram_role_arn',
  'oidc_role_arn',
  'ecs_ram_role',
  'credentials_uri',
  'bearer',
] as const;

/** One of {@link INI_PROFILE_TYPES}. */
export type IniProfileType = (typeof INI_PROFILE_TYPES)[number];

/** Keys whose values are secrets: a file holding any of them should not be world-readable. */
export const INI_SECRET_KEYS: readonly string[] = ['access_key_secret', 'security_token', 'bearer_token'];

/** What resolving a profile needs besides the document. */
export interface IniContext {
  readonly file: string;
  readonly providerName: string;
  readonly providers?: ProfileProviders;
  readonly env?: EnvLike;
  readonly logger?: Logger;
}

/** A profile resolved to something usable: credentials, or (type `bearer`) a bearer token. */
export type ResolvedIniProfile =
  | { readonly kind: 'credentials'; readonly provider: CredentialProvider; readonly type: IniProfileType }
  | { readonly kind: 'bearer'; readonly token: string };

/**
 * Resolves `name` to a provider. `visited` is the `source_profile` path that led here (empty for the
 * profile the user chose): a name seen twice is a cycle, and problems with a source profile are never
 * "not configured" — the profile that points at it is configured and broken.
 */
export async function resolveIniProfile(
  doc: IniDocument,
  name: string,
  ctx: IniContext,
  visited: readonly string[] = [],
): Promise<ResolvedIniProfile> {
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
  const section = doc.get(name);
  if (!section) {
    const names = [...doc.keys()];
    const known = names.length === 0 ? 'the file has no profiles' : `profiles in the file: ${names.slice(0, 20).map(quoteName).join(', ')}`;
    if (nested) {
      throw profileError(where, 'InvalidProfile', `is named by source_profile of ${quoteName(visited.at(-1) ?? '')} but does not exist (${known}).`);
    }
    throw profileError(where, 'NotConfigured', `not found (${known}).`, { tryNextLink: true });
  }
  const at: Location = { ...where, file: `${ctx.file}:${section.line}` };
  const enable = section.values.get('enable');
  if (enable !== undefined) {
    const enabled = parseBool(enable);
    if (enabled === undefined) throw profileError(at, 'InvalidProfile', 'enable must be true or false.');
    if (!enabled) {
      if (nested) throw profileError(at, 'InvalidProfile', `is disabled (enable = false) but is the source_profile of ${quoteName(visited.at(-1) ?? '')}.`);
      throw profileError(at, 'ProfileDisabled', 'is disabled (enable = false): set enable = true to use it.', { tryNextLink: true });
    }
  }
  const type = section.values.get('type');
  if (type === undefined || type === '') {
    throw profileError(at, 'InvalidProfile', `has no type: set type = ${INI_PROFILE_TYPES.join(' | ')}.`);
  }
  if (!(INI_PROFILE_TYPES as readonly string[]).includes(type)) {
    const hint = type === 'rsa_key_pair' ? ' (rsa_key_pair is deprecated by Alibaba Cloud and not supported)' : '';
    throw profileError(at, 'InvalidProfile', `has an unknown type ${quoteName(type)}${hint}: use one of ${INI_PROFILE_TYPES.join(', ')}.`);
  }
  const profile = new SectionReader(section, at);
  switch (type as IniProfileType) {
    case 'access_key':
      return credentials('access_key', staticProvider(profile, ctx, false));
    case 'sts':
      return credentials('sts', staticProvider(profile, ctx, true));
    case 'bearer':
      return { kind: 'bearer', token: profile.required('bearer_token') };
    case 'ram_role_arn': {
      const source = await roleSource(doc, name, profile, ctx, visited);
      const factory = await resolveFactory('ramRoleArn', ctx.providers, at, 'type ram_role_arn');
      return credentials(
        'ram_role_arn',
        factory({
          source,
          roleArn: profile.required('role_arn'),
          ...optional({
            roleSessionName: profile.optional('role_session_name'),
            policy: profile.optional('policy'),
            externalId: profile.optional('external_id'),
            durationSeconds: duration(profile),
          }),
          ...stsEndpoint(profile),
          ...delegated(ctx),
        }),
      );
    }
    case 'oidc_role_arn': {
      const roleArn = profile.required('role_arn');
      const oidcProviderArn = profile.required('oidc_provider_arn');
      const factory = await resolveFactory('oidcRoleArn', ctx.providers, at, 'type oidc_role_arn');
      return credentials(
        'oidc_role_arn',
        factory({
          roleArn,
          oidcProviderArn,
          ...optional({
            oidcTokenFile: profile.optional('oidc_token_file_path'),
            roleSessionName: profile.optional('role_session_name'),
            policy: profile.optional('policy'),
            durationSeconds: duration(profile),
          }),
          ...stsEndpoint(profile),
          ...delegated(ctx),
        }),
      );
    }
    case 'ecs_ram_role': {
      const factory = await resolveFactory('ecsMetadata', ctx.providers, at, 'type ecs_ram_role');
      return credentials(
        'ecs_ram_role',
        factory({
          ...optional({ roleName: profile.optional('role_name'), disableImdsV1: profile.bool('disable_imds_v1') }),
          ...delegated(ctx),
        }),
      );
    }
    case 'credentials_uri': {
      const uri = profile.required('credentials_uri');
      const factory = await resolveFactory('credentialsUri', ctx.providers, at, 'type credentials_uri');
      return credentials('credentials_uri', factory({ uri, ...delegated(ctx) }));
    }
  }
}

function credentials(type: IniProfileType, provider: CredentialProvider): ResolvedIniProfile {
  return { kind: 'credentials', type, provider };
}

/**
 * AccessKey (and token) kept in the profile. Validated now, so a missing key fails when the profile is
 * resolved, with the key's name; the values never appear in a message.
 */
function staticProvider(profile: SectionReader, ctx: IniContext, sts: boolean): CredentialProvider {
  const accessKeyId = profile.required('access_key_id');
  const accessKeySecret = profile.required('access_key_secret');
  const securityToken = sts ? profile.required('security_token') : profile.optional('security_token');
  const value: Credentials = createCredentials({
    accessKeyId,
    accessKeySecret,
    ...(securityToken === undefined ? {} : { securityToken }),
    providerName: ctx.providerName,
  });
  return async (options) => {
    options?.signal?.throwIfAborted();
    return value;
  };
}

/**
 * The credentials a role profile calls AssumeRole with: its own `access_key_id`/`access_key_secret`
 * (`security_token` too, for an STS source), or the profile named by `source_profile` (any type, chained
 * without limit, cycles refused). Both at once is ambiguous and refused.
 */
async function roleSource(
  doc: IniDocument,
  name: string,
  profile: SectionReader,
  ctx: IniContext,
  visited: readonly string[],
): Promise<CredentialProvider> {
  const sourceProfile = profile.optional('source_profile');
  const hasKeys = profile.has('access_key_id') || profile.has('access_key_secret');
  if (sourceProfile !== undefined && hasKeys) {
    throw profileError(profile.where, 'InvalidProfile', 'has both source_profile and access_key_id/access_key_secret: keep one of them.');
  }
  if (sourceProfile === undefined) return staticProvider(profile, ctx, false);
  const resolved = await resolveIniProfile(doc, sourceProfile, ctx, [...visited, name]);
  if (resolved.kind !== 'credentials') {
    throw profileError(profile.where, 'InvalidProfile', `source_profile ${quoteName(sourceProfile)} holds a bearer token, which cannot call AssumeRole.`);
  }
  return resolved.provider;
}

function duration(profile: SectionReader): number | undefined {
  // role_session_expiration is the current name in every library; duration_seconds the deprecated one.
  return profile.integer('role_session_expiration') ?? profile.integer('duration_seconds');
}

function stsEndpoint(profile: SectionReader): StsEndpointInit {
  return optional({
    endpoint: profile.optional('sts_endpoint'),
    region: profile.optional('sts_region_id'),
    vpc: profile.bool('enable_vpc'),
  });
}

function delegated(ctx: IniContext): { env?: EnvLike; logger?: Logger } {
  return optional({ env: ctx.env, logger: ctx.logger });
}

/** Drops `undefined` members, so delegated factories see only what the profile actually set. */
export function optional<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/** `true` / `false` in any case; anything else is `undefined`. */
export function parseBool(value: string): boolean | undefined {
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Typed reads of one section, with errors that name the key (never the value). */
class SectionReader {
  constructor(
    private readonly section: IniSection,
    readonly where: Location,
  ) {}

  has(key: string): boolean {
    return this.optional(key) !== undefined;
  }

  optional(key: string): string | undefined {
    const value = this.section.values.get(key);
    return value === undefined || value === '' ? undefined : value;
  }

  required(key: string): string {
    const value = this.optional(key);
    if (value === undefined) {
      const type = this.section.values.get('type') ?? '';
      throw profileError(this.where, 'InvalidProfile', `type ${type} needs ${key}, which is missing or empty.`);
    }
    return value;
  }

  bool(key: string): boolean | undefined {
    const value = this.optional(key);
    if (value === undefined) return undefined;
    const parsed = parseBool(value);
    if (parsed === undefined) throw profileError(this.where, 'InvalidProfile', `${key} must be true or false.`);
    return parsed;
  }

  integer(key: string): number | undefined {
    const value = this.optional(key);
    if (value === undefined) return undefined;
    if (!/^\d{1,9}$/.test(value)) throw profileError(this.where, 'InvalidProfile', `${key} must be a whole number of seconds.`);
    return Number(value);
  }
}
