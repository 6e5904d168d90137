import { fromKmsClientKey, isInvalidAccessKeyCode } from '@alicred/kms-client-key';
import { buildOssUrl, signOssRequest } from '@alicred/oss-signer';

// clientKey_KAAP.<id>.json and clientKey_KAAP.<id>_Password.txt, as downloaded from the KMS console.
export const credentials = fromKmsClientKey({
  clientKeyFile: process.env.KMS_CLIENT_KEY_FILE,
  passwordFile: process.env.KMS_CLIENT_KEY_PASSWORD_FILE,
  regionId: 'cn-hangzhou',
  endpoint: process.env.KMS_ENDPOINT, // unset: https://kms.cn-hangzhou.aliyuncs.com
  secretName: 'acs/ram/user/app',
});

/** Uploads with the rotated AccessKey; when OSS says the key is gone, refreshes once and retries. */
export async function upload(ossEndpoint: string, bucket: string, key: string, body: string): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    const creds = await credentials();
    const request = { method: 'PUT', bucket, key, headers: { 'content-type': 'text/plain' } };
    const { headers } = await signOssRequest(request, { credentials: creds, region: 'cn-hangzhou' });
    const res = await fetch(buildOssUrl(ossEndpoint, request), { method: 'PUT', headers, body });
    const code = /<Code>([^<]*)<\/Code>/.exec(await res.text())?.[1];
    const rejected = res.status === 403 && isInvalidAccessKeyCode(code);
    if (attempt === 0 && rejected && (await credentials.reportInvalid(creds.accessKeyId))) continue;
    return res.status;
  }
}
