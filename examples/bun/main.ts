// Bun: the ACK RRSA setup. The pod gets ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and
// ALIBABA_CLOUD_OIDC_TOKEN_FILE from the cluster; the script exchanges the projected token for role
// credentials (no AccessKey anywhere), checks who it is, and writes a heartbeat object to OSS.
//
//   OSS_ENDPOINT=https://oss-cn-hangzhou.aliyuncs.com OSS_REGION=cn-hangzhou OSS_BUCKET=my-bucket bun main.ts
//
// STS_ENDPOINT is only for pointing STS elsewhere (the test uses a local emulator); without it STS is
// https://sts.<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com, else sts.aliyuncs.com.
import { fromOidcRoleArn } from '@alicred/oidc';
import { buildOssUrl, signOssRequest } from '@alicred/oss-signer';
import { createStsClient } from '@alicred/sts';

const endpoint = process.env.STS_ENDPOINT;
const ossEndpoint = process.env.OSS_ENDPOINT ?? 'https://oss-cn-hangzhou.aliyuncs.com';
const region = process.env.OSS_REGION ?? 'cn-hangzhou';
const bucket = process.env.OSS_BUCKET ?? 'examplebucket';

// Reads the three RRSA variables; the token file is read again on every refresh (the kubelet rotates it).
const credentials = fromOidcRoleArn({ endpoint, roleSessionName: 'bun-heartbeat' });

const identity = await createStsClient({ endpoint }).getCallerIdentity({ credentials: await credentials() });
console.log(`running as ${identity.arn}`);

const request = { method: 'PUT', bucket, key: `heartbeats/${Date.now()}.json`, headers: { 'content-type': 'application/json' } };
const { headers } = await signOssRequest(request, { credentials, region });
const response = await fetch(buildOssUrl(ossEndpoint, request), {
  method: 'PUT',
  headers,
  body: JSON.stringify({ runtime: `bun ${Bun.version}`, at: new Date().toISOString() }),
});
if (!response.ok) throw new Error(`heartbeat upload failed: HTTP ${response.status}`);
console.log(`wrote ${request.key}`);

declare const Bun: { version: string };
