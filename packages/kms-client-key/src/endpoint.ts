import { kmsClientKeyError } from './errors';

/** One KMS shared-gateway target: the base URL and the region sent as `RegionId` (when known). */
export interface KmsTarget {
  url: string;
  regionId?: string;
}

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The shared gateway of `regionId`: `https://kms.<region>.aliyuncs.com`, or `https://kms-vpc.<region>.aliyuncs.com`
 * inside a VPC. TLS certificates are always verified (the official clients turn that off; alicred does not).
 */
export function kmsEndpoint(regionId: string, vpc = false): string {
  if (!REGION.test(regionId)) {
    throw kmsClientKeyError(`the region id ${JSON.stringify(regionId.slice(0, 40))} is not valid (expected e.g. cn-hangzhou).`, 'InvalidConfiguration');
  }
  return `https://kms${vpc ? '-vpc' : ''}.${regionId}.aliyuncs.com`;
}

/**
 * An explicit endpoint as a base URL: `https://host` for a bare host (`kms.cn-shanghai.aliyuncs.com`,
 * `127.0.0.1:8080` stays http only when written `http://…`). Paths, queries and credentials in the URL are refused.
 */
export function normalizeEndpoint(endpoint: string): string {
  const text = endpoint.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw kmsClientKeyError('the KMS endpoint is not a valid host or URL.', 'InvalidConfiguration');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw kmsClientKeyError(`the KMS endpoint must be http(s), not ${url.protocol}`, 'InvalidConfiguration');
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw kmsClientKeyError('the KMS endpoint must be a scheme and host only (no path, query or user info).', 'InvalidConfiguration');
  }
  return `${url.protocol}//${url.host}`;
}
