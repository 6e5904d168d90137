import type { CredentialProvider } from '@alicred/core';
import { presignOssRequest } from '@alicred/oss-signer';

// On your server: a presigned PUT URL for one upload. The secret never reaches the browser.
export async function createUploadGrant(credentials: CredentialProvider, endpoint: string, bucket: string, key: string, contentType: string) {
  const { url, signedHeaders } = await presignOssRequest(
    { method: 'PUT', bucket, key, headers: { 'content-type': contentType } },
    { credentials, region: 'cn-hangzhou', expiresIn: 600, endpoint },
  );
  return { url: url!, headers: signedHeaders }; // send this JSON to the browser
}

// In the browser: upload the file with the URL and exactly the headers that were signed.
export async function uploadFile(file: Blob, grant: { url: string; headers: Record<string, string> }): Promise<void> {
  const response = await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: file });
  if (!response.ok) throw new Error(`upload failed with HTTP ${response.status}`);
}
