import {
  CredentialsError,
  isCredentialsError,
  readBoolEnv,
  readEnv,
  refreshing,
  resolveLogger,
  type CredentialProvider,
  type Credentials,
  type EnvLike,
  type HttpResponse,
  type Logger,
} from '@alicred/core';
import { detectEcsPlatform } from './ecs-detect-node';
import { checkMetadataEndpoint, DEFAULT_METADATA_ENDPOINT } from './endpoint';
import { createMetadataClient, type MetadataClient, type MetadataSession } from './metadata-client';
import { parseMetadataCredentials } from './parse-credentials';
import type { PlatformVerdict } from './platform-verdict';

/** Provider name carried by credentials and errors from this package. */
export const ECS_PROVIDER_NAME = 'ecs-imds';
/** The instance's RAM role name; set, it skips the role-name lookup (same variable as the official libraries). */
export const ECS_ROLE_NAME_ENV = 'ALIBABA_CLOUD_ECS_METADATA';
/** `true` turns this provider off (`NotConfigured`, `tryNextLink: true`), as in the official libraries. */
export const ECS_METADATA_DISABLED_ENV = 'ALIBABA_CLOUD_ECS_METADATA_DISABLED';
/** `true` forbids the IMDSv1 fallback (requests without a token), as in the official libraries. */
export const IMDSV1_DISABLED_ENV = 'ALIBABA_CLOUD_IMDSV1_DISABLED';
/** alicred's own: the metadata endpoint (origin) to use instead of `http://100.100.100.200`. */
export const ECS_METADATA_ENDPOINT_ENV = 'ALICRED_ECS_METADATA_ENDPOINT';

const ROLE_PATH = '/latest/meta-data/ram/security-credentials/';
const MAX_TOKEN_TTL_SECONDS = 21_600;

/** Options of {@link fromEcsMetadata}. */
export interface FromEcsMetadataInit {
  /** The instance RAM role name. Default: `ALIBABA_CLOUD_ECS_METADATA`, else discovered once from the metadata service. */
  roleName?: string;
  /** Forbid the IMDSv1 fallback. Default: `ALIBABA_CLOUD_IMDSV1_DISABLED`, else `false` (the fallback is allowed). */
  disableImdsV1?: boolean;
  /**
   * Origin of the metadata service. Default: `ALICRED_ECS_METADATA_ENDPOINT`, else `http://100.100.100.200`.
   * Plain http only to 100.100.100.200, loopback or link-local hosts; https anywhere.
   */
  endpoint?: string | URL;
  /** Variables to read (Workers bindings, tests). Default: `process.env`. Read on every fetch. */
  env?: EnvLike;
  /** Deadline of each metadata request, in ms. Default 1000 (the official libraries' 1 s). */
  timeoutMs?: number;
  /** Retries of a request that got a 5xx or no connection, with backoff (100 ms, doubling). Never after a timeout. Default 1. */
  retries?: number;
  /** Largest accepted response body, in bytes. Default 16 KiB (a credentials document is about 1 KiB). */
  maxBodyBytes?: number;
  /** TTL asked for the IMDSv2 token, 1–21600 s. Default 21600 (6 h); the token is reused until shortly before. */
  tokenTtlSeconds?: number;
  /** Keep serving expired credentials for 5–10 min (with a warning) when the metadata service fails. Default `true`. */
  staticStability?: boolean;
  /** Directory of the Linux DMI files for the "certainly not ECS" check (tests). Default `/sys/class/dmi/id`. */
  dmiDirectory?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Clock in epoch milliseconds (tests); also times the token. */
  now?: () => number;
  /** Randomness for jitter (tests). */
  random?: () => number;
  /** Where refresh failures, the v1 fallback (debug) and the static-stability warning go. */
  logger?: Logger;
  /** Share one in-flight fetch between concurrent callers (core's default: on, except on workerd). */
  shareInFlight?: boolean;
}

interface Settings {
  roleName?: string;
  endpoint: URL;
  v1Blocker?: string;
  /** The user pointed us at a metadata service (role name or endpoint): no platform check, errors are final. */
  explicit: boolean;
}

function configError(message: string): CredentialsError {
  return new CredentialsError(`${ECS_PROVIDER_NAME}: ${message}`, { code: 'InvalidConfiguration', provider: ECS_PROVIDER_NAME });
}

function boolEnv(name: string, env: EnvLike | undefined): boolean | undefined {
  try {
    return readBoolEnv(name, env);
  } catch (error) {
    throw configError(error instanceof Error ? error.message : `${name} must be true or false.`);
  }
}

function checkRoleName(name: string, source: string): string {
  // RAM role names are letters, digits, "." and "-"; refuse anything that could change the path or a header.
  if (!/^[\w.@-]{1,128}$/.test(name)) throw configError(`the role name from ${source} is not a RAM role name.`);
  return name;
}

function positiveInteger(value: number | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw configError(`${name} must be an integer from ${min} to ${max}.`);
  return value;
}

function readSettings(init: FromEcsMetadataInit): Settings | undefined {
  const env = init.env;
  if (boolEnv(ECS_METADATA_DISABLED_ENV, env) === true) return undefined;
  const envRole = readEnv(ECS_ROLE_NAME_ENV, env);
  const roleName =
    init.roleName !== undefined
      ? checkRoleName(init.roleName.trim(), 'the roleName option')
      : envRole !== undefined
        ? checkRoleName(envRole, ECS_ROLE_NAME_ENV)
        : undefined;
  const configured = init.endpoint ?? readEnv(ECS_METADATA_ENDPOINT_ENV, env);
  const endpoint = checkMetadataEndpoint(configured ?? DEFAULT_METADATA_ENDPOINT, ECS_PROVIDER_NAME);
  const v1Disabled = init.disableImdsV1 ?? boolEnv(IMDSV1_DISABLED_ENV, env) ?? false;
  const v1Blocker = !v1Disabled
    ? undefined
    : init.disableImdsV1 === true
      ? 'the disableImdsV1 option'
      : `${IMDSV1_DISABLED_ENV}=true`;
  return { roleName, endpoint, v1Blocker, explicit: roleName !== undefined || configured !== undefined };
}

/**
 * Credentials of the RAM role attached to this ECS (or ECI) instance, from the instance metadata service.
 *
 * - **IMDSv2 first**: `PUT /latest/api/token` (TTL 6 h), then the token header on each GET; the token is
 *   cached until shortly before its TTL and the discovered role name for the provider's life (re-discovered
 *   if the role is replaced), so a refresh is one GET.
 * - **IMDSv1 fallback** as in the official libraries (token request fails → no token; token OK but the GET
 *   fails → once more without it), unless `disableImdsV1` / `ALIBABA_CLOUD_IMDSV1_DISABLED=true`: then the
 *   error names that setting.
 * - **Cached** by `@alicred/core` (single flight, refresh shortly before `Expiration`, once), with **static
 *   stability**: when the service fails after the credentials expired, they are served 5–10 min longer with a
 *   warning (the service keeps accepting instance credentials for a while; there is no other way to get them).
 * - **Off ECS**: `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`, or a machine that is certainly not ECS (Linux DMI
 *   vendor that is not Alibaba Cloud, macOS, Workers, Vercel Edge, browsers) → `NotConfigured` with
 *   `tryNextLink: true`, without a request — unless a role name or an endpoint is set. Where it cannot tell,
 *   the service is probed with the 1 s timeout; no answer at all is also `tryNextLink: true` then.
 *
 * @example
 * ```ts
 * const provider = fromEcsMetadata(); // on an ECS instance with a RAM role attached
 * const { accessKeyId, expiration } = await provider();
 * ```
 */
export function fromEcsMetadata(init: FromEcsMetadataInit = {}): CredentialProvider {
  const name = ECS_PROVIDER_NAME;
  const now = init.now ?? Date.now;
  const random = init.random ?? Math.random;
  const timeoutMs = positiveInteger(init.timeoutMs, 'timeoutMs', 1_000, 1, 600_000);
  const retries = positiveInteger(init.retries, 'retries', 1, 0, 5);
  const maxBodyBytes = positiveInteger(init.maxBodyBytes, 'maxBodyBytes', 16 * 1024, 1, 1024 * 1024);
  const tokenTtlSeconds = positiveInteger(init.tokenTtlSeconds, 'tokenTtlSeconds', MAX_TOKEN_TTL_SECONDS, 1, MAX_TOKEN_TTL_SECONDS);
  if (init.roleName !== undefined) checkRoleName(String(init.roleName).trim(), 'the roleName option');

  let client: MetadataClient | undefined;
  let clientOrigin: string | undefined;
  let platform: PlatformVerdict | undefined;
  let discoveredRole: string | undefined;

  function clientFor(endpoint: URL): MetadataClient {
    // One client (token, role name) per endpoint; the endpoint can only change through the env variable.
    if (client && clientOrigin === endpoint.origin) return client;
    discoveredRole = undefined;
    clientOrigin = endpoint.origin;
    client = createMetadataClient({
      endpoint,
      provider: name,
      timeoutMs,
      retries,
      maxBodyBytes,
      tokenTtlSeconds,
      fetch: init.fetch,
      now,
      random,
      debug: (message) => resolveLogger(init.logger, init.env).debug(message),
    });
    return client;
  }

  async function discoverRole(metadata: MetadataSession): Promise<string> {
    const response = await metadata.get(ROLE_PATH);
    if (response.status === 404) {
      throw new CredentialsError(
        `${name}: no RAM role is attached to this instance (${ROLE_PATH} answered 404): attach one, or remove this source.`,
        { code: 'NotConfigured', provider: name, tryNextLink: true },
      );
    }
    expectOk(response, 'the role-name lookup');
    const role = response.text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
    if (!/^[\w.@-]{1,128}$/.test(role)) {
      throw new CredentialsError(`${name}: the role-name lookup answered something that is not a RAM role name (${role.length} characters).`, {
        code: 'InvalidResponse',
        provider: name,
      });
    }
    discoveredRole = role;
    return role;
  }

  async function fetchFrom(metadata: MetadataSession, settings: Settings): Promise<Credentials> {
    const get = (role: string) => metadata.get(`${ROLE_PATH}${encodeURIComponent(role)}`);
    let role = settings.roleName ?? discoveredRole ?? (await discoverRole(metadata));
    let response = await get(role);
    if (response.status === 404 && settings.roleName === undefined) {
      // The instance's role was replaced since we looked it up: look it up again, once.
      role = await discoverRole(metadata);
      response = await get(role);
    }
    if (response.status === 404) {
      const from = settings.roleName !== undefined ? `check roleName / ${ECS_ROLE_NAME_ENV}` : 'the role was just detached';
      throw new CredentialsError(`${name}: the role ${JSON.stringify(role)} is not attached to this instance (HTTP 404): ${from}.`, {
        code: 'HttpError',
        provider: name,
      });
    }
    expectOk(response, `the credentials request for role ${JSON.stringify(role)}`);
    return parseMetadataCredentials(response, name, role);
  }

  async function fetchCredentials(signal?: AbortSignal): Promise<Credentials> {
    const settings = readSettings(init);
    if (!settings) {
      throw new CredentialsError(`${name}: ECS metadata credentials are disabled by ${ECS_METADATA_DISABLED_ENV}=true.`, {
        code: 'NotConfigured',
        provider: name,
        tryNextLink: true,
      });
    }
    if (!settings.explicit) {
      platform ??= await detectEcsPlatform(init.dmiDirectory);
      if (platform.onEcs === 'no') {
        throw new CredentialsError(
          `${name}: not probing the ECS metadata service because this is certainly not an ECS instance (${platform.reason}); ` +
            `set ${ECS_ROLE_NAME_ENV} (the role name) or the endpoint to probe anyway.`,
          { code: 'NotConfigured', provider: name, tryNextLink: true },
        );
      }
    }
    const metadata = clientFor(settings.endpoint);
    try {
      return await fetchFrom(metadata.session({ signal, v1Blocker: settings.v1Blocker }), settings);
    } catch (error) {
      // Nothing configured and no answer at all: most likely not an ECS instance, so a chain may go on.
      if (!settings.explicit && !metadata.answered && isCredentialsError(error) && (error.code === 'Timeout' || error.code === 'NetworkError')) {
        throw new CredentialsError(
          `${name}: the ECS metadata service at ${settings.endpoint.origin} did not answer (${error.code}); this is probably not an ECS instance.`,
          { code: error.code, provider: name, tryNextLink: true, cause: error },
        );
      }
      throw error;
    }
  }

  function expectOk(response: HttpResponse, what: string): void {
    if (response.status === 200) return;
    const hint =
      response.status >= 300 && response.status < 400
        ? ' (a redirect, not followed)'
        : response.status === 401
          ? ': the service requires an IMDSv2 token and did not accept ours'
          : response.status === 429
            ? ': the metadata service is throttling requests'
            : '';
    throw new CredentialsError(`${name}: ${what} answered HTTP ${response.status}${hint}.`, { code: 'HttpError', provider: name });
  }

  return refreshing(fetchCredentials, {
    providerName: name,
    now: init.now,
    random: init.random,
    logger: init.logger,
    shareInFlight: init.shareInFlight,
    staticStability: init.staticStability ?? true,
  });
}
