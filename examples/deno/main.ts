// Deno: upload a file to OSS with credentials from a credentials URI (a sidecar or node agent that hands out
// STS credentials), then read it back.
//
//   ALIBABA_CLOUD_CREDENTIALS_URI=http://127.0.0.1:8080/credentials \
//   OSS_ENDPOINT=https://oss-cn-hangzhou.aliyuncs.com OSS_REGION=cn-hangzhou OSS_BUCKET=my-bucket \
//   deno run --allow-net=127.0.0.1,oss-cn-hangzhou.aliyuncs.com \
//     --allow-env=ALIBABA_CLOUD_CREDENTIALS_URI,OSS_ENDPOINT,OSS_REGION,OSS_BUCKET main.ts [key]
//
// Deno resolves @alicred/* through the `deno` export condition to the edge build: no Node built-in, so no
// permission beyond the network and these variables.
import { buildOssUrl, signOssRequest } from '@alicred/oss-signer';
import { fromCredentialsUri } from '@alicred/uri';

declare const Deno: { env: { get(name: string): string | undefined }; args: string[]; exit(code: number): never };

function required(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`set ${name}`);
  return value;
}

// The variables are passed in explicitly: Deno has no process.env unless Node compatibility is on.
const env = { ALIBABA_CLOUD_CREDENTIALS_URI: required('ALIBABA_CLOUD_CREDENTIALS_URI') };
const endpoint = required('OSS_ENDPOINT');
const region = required('OSS_REGION');
const bucket = required('OSS_BUCKET');
const key = Deno.args[0] ?? 'deno/hello.txt';

// Cached: both requests below share one fetch of the credentials URI.
const credentials = fromCredentialsUri({ env });

const put = { method: 'PUT', bucket, key, headers: { 'content-type': 'text/plain' } };
const signedPut = await signOssRequest(put, { credentials, region });
const uploaded = await fetch(buildOssUrl(endpoint, put), { method: 'PUT', headers: signedPut.headers, body: `uploaded from Deno` });
if (!uploaded.ok) throw new Error(`upload failed: HTTP ${uploaded.status}`);
await uploaded.body?.cancel();

const get = { method: 'GET', bucket, key };
const signedGet = await signOssRequest(get, { credentials, region });
const downloaded = await fetch(buildOssUrl(endpoint, get), { headers: signedGet.headers });
if (!downloaded.ok) throw new Error(`download failed: HTTP ${downloaded.status}`);

const session = await credentials();
// `${session}` shows the AccessKey id and expiry only: the secret and the token print as [redacted].
console.log(`credentials: ${session}`);
console.log(`uploaded ${key}, read back: ${await downloaded.text()}`);
