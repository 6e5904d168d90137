import { CredentialsError, readEnv, type EnvLike } from '@alicred/core';

/** Variable naming the STS region when no `region` option is given. */
export const STS_REGION_ENV = 'ALIBABA_CLOUD_STS_REGION';
/** Variable that, set to `true`, selects the VPC STS endpoint for a region. */
export const VPC_ENDPOINT_ENV = 'ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED';
/** The global STS endpoint, used when neither an endpoint nor a region is configured. */
export const GLOBAL_STS_ENDPOINT = 'https://sts.aliyuncs.com';

/** How to choose the STS endpoint (reference §4.1). */
export interface StsEndpointOptions {
  /**
   * An explicit endpoint; wins over everything else. A bare host (`sts.cn-hangzhou.aliyuncs.com`) means
   * `https`; a URL with a scheme is used as is, and plain `http` is accepted only for loopback hosts (a
   * local emulator or proxy), never for a remote one, since the answer carries credentials.
   */
  endpoint?: string;
  /** STS region, e.g. `cn-hangzhou` → `https://sts.cn-hangzhou.aliyuncs.com`. Default: `ALIBABA_CLOUD_STS_REGION`. */
  region?: string;
  /**
   * Use the VPC endpoint `sts-vpc.<region>.aliyuncs.com`. Default: `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`.
   * Ignored without a region, as in the official libraries.
   */
  vpc?: boolean;
  /** Variables to read the defaults from (Workers bindings, tests). Default: `process.env`. */
  env?: EnvLike;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const REGION = /^[a-z0-9][a-z0-9-]{0,62}$/;

function invalid(message: string, provider: string): CredentialsError {
  return new CredentialsError(message, { code: 'InvalidConfiguration', provider });
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Resolves the STS endpoint exactly as the official libraries do: an explicit `endpoint`; else a region
 * (`region`, then `ALIBABA_CLOUD_STS_REGION`) giving `sts.<region>.aliyuncs.com`, or
 * `sts-vpc.<region>.aliyuncs.com` when `vpc` (or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`); else
 * `sts.aliyuncs.com`. Always `https`, except an explicit loopback `http://` URL.
 *
 * @returns the origin to send requests to, without a trailing slash (e.g. `https://sts.aliyuncs.com`).
 * @throws CredentialsError `InvalidConfiguration` for an unparsable endpoint, a remote `http` endpoint,
 * or a region that is not a region id.
 *
 * @example
 * ```ts
 * resolveStsEndpoint({ region: 'cn-shanghai', vpc: true }); // 'https://sts-vpc.cn-shanghai.aliyuncs.com'
 * ```
 */
export function resolveStsEndpoint(options: StsEndpointOptions = {}, provider = 'sts'): string {
  const explicit = options.endpoint?.trim();
  if (explicit) return explicitEndpoint(explicit, provider);
  const region = (options.region ?? readEnv(STS_REGION_ENV, options.env))?.trim();
  if (!region) return GLOBAL_STS_ENDPOINT;
  if (!REGION.test(region)) {
    throw invalid(`the STS region ${JSON.stringify(region.slice(0, 64))} is not a region id like cn-hangzhou: check the region option or ${STS_REGION_ENV}.`, provider);
  }
  const vpc = options.vpc ?? readEnv(VPC_ENDPOINT_ENV, options.env)?.trim().toLowerCase() === 'true';
  return `https://${vpc ? 'sts-vpc' : 'sts'}.${region}.aliyuncs.com`;
}

function explicitEndpoint(endpoint: string, provider: string): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint);
  let url: URL;
  try {
    url = new URL(hasScheme ? endpoint : `https://${endpoint}`);
  } catch {
    throw invalid(`the STS endpoint ${JSON.stringify(endpoint.slice(0, 200))} is not a host name or URL.`, provider);
  }
  if (url.username || url.password) throw invalid('the STS endpoint must not contain a user name or password.', provider);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw invalid(`the STS endpoint ${url.host} uses plain http: use https (http is accepted only for a loopback emulator).`, provider);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`the STS endpoint scheme ${url.protocol} is not supported: use https.`, provider);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw invalid(`the STS endpoint must be a host or an origin without a path or query, got ${url.host}${url.pathname}.`, provider);
  }
  return url.origin;
}
