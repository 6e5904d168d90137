import { CredentialsError, readBoolEnv, readEnv, type CredentialProvider, type EnvLike, type Logger } from '@alicred/core';
import type { FromEcsMetadataInit } from '@alicred/ecs-imds';
import { fromEnv } from '@alicred/env';
import type { FromCliProfileInit, FromIniInit } from '@alicred/ini';
import type { FromOidcRoleArnInit } from '@alicred/oidc';
import type { FromCredentialsUriInit } from '@alicred/uri';
import { buildChain, type ChainLink, type ChainProvider } from './chain';
import { lazyProvider } from './lazy-provider';
import { profileSource } from './profiles-node';

/** Names of the default chain's links, in order. */
export const DEFAULT_CHAIN_LINKS = Object.freeze(['env', 'oidc', 'cli-profile', 'ini', 'ecs', 'uri'] as const);

/** One of {@link DEFAULT_CHAIN_LINKS}. */
export type DefaultChainLinkName = (typeof DEFAULT_CHAIN_LINKS)[number];

/** Options of {@link defaultChain}. Each source keeps its own defaults and environment variables. */
export interface DefaultChainInit {
  /**
   * Where every link reads its variables: a Cloudflare Workers `env` binding object, `Deno.env.toObject()`,
   * or a plain object in tests. Default: `process.env` (read on every walk, so variables set later count).
   */
  env?: EnvLike;
  /** Passed to every source (refresh failures, warnings). */
  logger?: Logger;
  /** Profile of the aliyun CLI configuration and of the INI file (else `ALIBABA_CLOUD_PROFILE`, then each file's default). */
  profile?: string;
  /** STS endpoint for the OIDC link and for role profiles that name none (an emulator, a proxy). */
  stsEndpoint?: string;
  /** Options of the OIDC link (`fromOidcRoleArn` of `@alicred/oidc`). */
  oidc?: Omit<FromOidcRoleArnInit, 'env' | 'logger'>;
  /** Options of the aliyun CLI profile link (`fromCliProfile` of `@alicred/ini`; Node only). */
  cliProfile?: Omit<FromCliProfileInit, 'env' | 'logger' | 'profile'>;
  /** Options of the INI profile link (`fromIni` of `@alicred/ini`; Node only). */
  ini?: Omit<FromIniInit, 'env' | 'logger' | 'profile'>;
  /** Options of the ECS metadata link (`fromEcsMetadata` of `@alicred/ecs-imds`), also used by `ecs_ram_role` profiles. */
  ecs?: Omit<FromEcsMetadataInit, 'env' | 'logger'>;
  /** Options of the credentials URI link (`fromCredentialsUri` of `@alicred/uri`). */
  uri?: Omit<FromCredentialsUriInit, 'env' | 'logger'>;
  /** Share one walk between concurrent callers (default: on, except on Cloudflare Workers). */
  shareInFlight?: boolean;
}

const OIDC_PROVIDER_ARN_ENV = 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN';
const OIDC_TOKEN_FILE_ENV = 'ALIBABA_CLOUD_OIDC_TOKEN_FILE';
const ECS_METADATA_DISABLED_ENV = 'ALIBABA_CLOUD_ECS_METADATA_DISABLED';
const CREDENTIALS_URI_ENV = 'ALIBABA_CLOUD_CREDENTIALS_URI';

/** How to configure each link; printed for the links that had nothing when the whole chain fails. */
export const DEFAULT_CHAIN_HINTS: Readonly<Record<DefaultChainLinkName, string>> = Object.freeze({
  env: 'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials).',
  oidc: `enable RRSA for the pod in ACK, which sets ALIBABA_CLOUD_ROLE_ARN, ${OIDC_PROVIDER_ARN_ENV} and ${OIDC_TOKEN_FILE_ENV}; elsewhere set those three.`,
  'cli-profile': 'run `aliyun configure` (writes ~/.aliyun/config.json; ALIBABA_CLOUD_CONFIG_FILE names another file, ALIBABA_CLOUD_PROFILE a profile).',
  ini: 'write a [default] profile (type = access_key, access_key_id, access_key_secret) to ~/.alibabacloud/credentials, or set ALIBABA_CLOUD_CREDENTIALS_FILE.',
  ecs: 'run on an ECS or ECI instance with a RAM role attached (ALIBABA_CLOUD_ECS_METADATA names the role).',
  uri: `set ${CREDENTIALS_URI_ENV} to the URL of a credential server.`,
});

/** `true` only for a valid "true" value; a typo is left to `@alicred/ecs-imds`, which reports it. */
function ecsDisabled(env: EnvLike | undefined): boolean {
  try {
    return readBoolEnv(ECS_METADATA_DISABLED_ENV, env) === true;
  } catch {
    return false;
  }
}

function skipped(provider: string, message: string): CredentialsError {
  return new CredentialsError(message, { code: 'NotConfigured', provider, tryNextLink: true });
}

/**
 * A link that first checks, from the variables of this walk, whether its source is configured at all; only
 * then is its package imported and its provider made (once, so its cache lasts).
 */
function gatedLink(name: DefaultChainLinkName, notConfigured: () => string | undefined, load: () => Promise<CredentialProvider>): ChainLink {
  const lazy = lazyProvider(name, load);
  const provider: CredentialProvider = async (options) => {
    const reason = notConfigured();
    if (reason !== undefined) throw skipped(name, reason);
    return lazy(options);
  };
  return { name, provider, hint: DEFAULT_CHAIN_HINTS[name] };
}

/**
 * The documented default chain of the official libraries, without their failure modes:
 *
 * 1. `env` — `ALIBABA_CLOUD_ACCESS_KEY_ID` / `…_SECRET` / `…_SECURITY_TOKEN` (also `OSS_*`), `@alicred/env`;
 * 2. `oidc` — ACK RRSA, only when `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` or `ALIBABA_CLOUD_OIDC_TOKEN_FILE` is set
 *    (then a missing third variable is an error, not a skip), `@alicred/oidc`;
 * 3. `cli-profile` — `~/.aliyun/config.json` (Node only), `@alicred/ini`;
 * 4. `ini` — `~/.alibabacloud/credentials` (Node only), `@alicred/ini`;
 * 5. `ecs` — the ECS instance RAM role, unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`; off ECS (a Linux DMI
 *    vendor that is not Alibaba Cloud, macOS, Workers, browsers) it answers "not configured" without a
 *    request, `@alicred/ecs-imds`;
 * 6. `uri` — only when `ALIBABA_CLOUD_CREDENTIALS_URI` is set, `@alicred/uri`.
 *
 * Every link but `env` is imported with `import()` when first needed; on edge runtimes the two file links
 * report "needs Node" and are never bundled. The rules of {@link chain} apply: "not configured" moves on,
 * "configured but broken" stops, the winner is remembered only after it succeeded, and the final error lists
 * every link with how to configure it. `explain()` reports the same as data.
 *
 * @example
 * ```ts
 * const provider = defaultChain();
 * const credentials = await provider();
 * // Cloudflare Workers: export default { fetch: (req, env) => defaultChain({ env })().then(…) }
 * ```
 */
export function defaultChain(init: DefaultChainInit = {}): ChainProvider {
  const { env, logger, profile, stsEndpoint } = init;
  const common = { ...(env ? { env } : {}), ...(logger ? { logger } : {}) };
  const sts = stsEndpoint !== undefined ? { endpoint: stsEndpoint } : {};
  const profileInit = {
    ...common,
    ...(profile !== undefined ? { profile } : {}),
    ...(stsEndpoint !== undefined ? { stsEndpoint } : {}),
    ...(init.ecs ? { ecs: init.ecs } : {}),
    ...(init.ini ? { ini: init.ini } : {}),
    ...(init.cliProfile ? { cliProfile: init.cliProfile } : {}),
  };

  const links: ChainLink[] = [
    { name: 'env', provider: fromEnv(env ? { env } : {}), hint: DEFAULT_CHAIN_HINTS.env },
    gatedLink(
      'oidc',
      () => {
        const o = init.oidc;
        if (o?.oidcProviderArn !== undefined || o?.oidcTokenFile !== undefined || o?.oidcToken !== undefined) return undefined;
        if (readEnv(OIDC_PROVIDER_ARN_ENV, env) !== undefined || readEnv(OIDC_TOKEN_FILE_ENV, env) !== undefined) return undefined;
        return `OIDC (RRSA) is not configured: ${OIDC_PROVIDER_ARN_ENV} and ${OIDC_TOKEN_FILE_ENV} are not set.`;
      },
      async () => (await import('@alicred/oidc')).fromOidcRoleArn({ ...common, ...sts, ...init.oidc }),
    ),
    { name: 'cli-profile', provider: profileSource('cli-profile', profileInit), hint: DEFAULT_CHAIN_HINTS['cli-profile'] },
    { name: 'ini', provider: profileSource('ini', profileInit), hint: DEFAULT_CHAIN_HINTS.ini },
    gatedLink(
      'ecs',
      () => (ecsDisabled(env) ? `ECS metadata credentials are disabled by ${ECS_METADATA_DISABLED_ENV}=true.` : undefined),
      async () => (await import('@alicred/ecs-imds')).fromEcsMetadata({ ...common, ...init.ecs }),
    ),
    gatedLink(
      'uri',
      () =>
        init.uri?.uri !== undefined || readEnv(CREDENTIALS_URI_ENV, env) !== undefined
          ? undefined
          : `no credentials URI: ${CREDENTIALS_URI_ENV} is not set.`,
      async () => (await import('@alicred/uri')).fromCredentialsUri({ ...common, ...init.uri }),
    ),
  ];

  return buildChain(links, {
    exhaustedMessage: 'no Alibaba Cloud credentials found by the default chain',
    ...(init.shareInFlight !== undefined ? { shareInFlight: init.shareInFlight } : {}),
  });
}
