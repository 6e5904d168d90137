import { fromEnv } from '@alicred/env';
import { buildOssUrl, signOssRequest } from '@alicred/oss-signer';

// Node 18+ (global fetch). Credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (/ _SECURITY_TOKEN).
const endpoint = process.env.OSS_ENDPOINT ?? 'https://oss-cn-hangzhou.aliyuncs.com';
const bucket = process.env.OSS_BUCKET ?? 'examplebucket';
const credentials = fromEnv();

/** Uploads `body` as `key` with a V4 Authorization header. */
export async function upload(key: string, body: string): Promise<Response> {
  const request = { method: 'PUT', bucket, key, headers: { 'content-type': 'text/plain' } };
  const { headers } = await signOssRequest(request, { credentials, region: 'cn-hangzhou' });
  // buildOssUrl encodes the key and query exactly as they were signed.
  return fetch(buildOssUrl(endpoint, request), { method: 'PUT', headers, body });
}
