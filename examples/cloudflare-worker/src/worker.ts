// A Cloudflare Worker that hands out presigned OSS upload URLs.
//
//   POST /uploads?filename=report.pdf   (Content-Type: the type of the file to upload)
//   → 201 { key, url, method: "PUT", headers, expiresAt }
//
// The browser then PUTs the file straight to OSS with `url` and exactly `headers`; the Worker never sees the
// file and the browser never sees a secret. The Worker does not sign with its long-term AccessKey either: it
// assumes a RAM role (which should allow only oss:PutObject on the upload prefix) and signs with that
// session, cached for the isolate's life and refreshed before it expires.
import { fromEnv } from '@alicred/env';
import { presignOssRequest } from '@alicred/oss-signer';
import { fromRamRoleArn } from '@alicred/ram-role';

/** The Worker's bindings (wrangler.toml `[vars]` and `wrangler secret put`). */
export interface Env {
  [binding: string]: string | undefined;
  /** Secrets: the AccessKey that may only assume UPLOAD_ROLE_ARN. */
  ALIBABA_CLOUD_ACCESS_KEY_ID?: string;
  ALIBABA_CLOUD_ACCESS_KEY_SECRET?: string;
  /** `acs:ram::<account>:role/<name>`: the role uploads are signed with. */
  UPLOAD_ROLE_ARN: string;
  /** e.g. `cn-hangzhou`. */
  OSS_REGION: string;
  /** e.g. `https://oss-cn-hangzhou.aliyuncs.com`. */
  OSS_ENDPOINT: string;
  OSS_BUCKET: string;
  /** Only to point STS elsewhere (the tests use a local emulator); unset means STS of `OSS_REGION`. */
  STS_ENDPOINT?: string;
}

const EXPIRES_IN_SECONDS = 300;
const FILENAME = /^[\w.-]{1,128}$/;

type Provider = ReturnType<typeof fromRamRoleArn>;
let provider: Provider | undefined;

/**
 * Bindings arrive with the first request, so the provider is made then and kept in module scope: later
 * requests in this isolate reuse the cached session instead of calling AssumeRole each time. On workerd the
 * cache never shares a promise between requests (the runtime forbids that), so this is safe.
 */
function credentialsFor(env: Env): Provider {
  provider ??= fromRamRoleArn({
    source: fromEnv({ env }),
    roleArn: env.UPLOAD_ROLE_ARN,
    roleSessionName: 'upload-presigner',
    durationSeconds: 900,
    region: env.OSS_REGION,
    endpoint: env.STS_ENDPOINT,
    env,
  });
  return provider;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== '/uploads') return json(404, { error: 'not found' });
    if (request.method !== 'POST') return json(405, { error: 'use POST' });

    const filename = url.searchParams.get('filename') ?? '';
    if (!FILENAME.test(filename)) return json(400, { error: 'filename: 1-128 letters, digits, ".", "_" or "-"' });
    const contentType = request.headers.get('content-type') ?? 'application/octet-stream';

    // A fresh prefix per upload: one grant can never overwrite another user's object.
    const key = `uploads/${crypto.randomUUID()}/${filename}`;
    try {
      const { url: uploadUrl, signedHeaders } = await presignOssRequest(
        { method: 'PUT', bucket: env.OSS_BUCKET, key, headers: { 'content-type': contentType } },
        { credentials: credentialsFor(env), region: env.OSS_REGION, endpoint: env.OSS_ENDPOINT, expiresIn: EXPIRES_IN_SECONDS },
      );
      const expiresAt = new Date(Date.now() + EXPIRES_IN_SECONDS * 1000).toISOString();
      return json(201, { key, url: uploadUrl, method: 'PUT', headers: signedHeaders, expiresAt });
    } catch (error) {
      // alicred errors carry a stable code and never contain a secret, so they are safe to log.
      console.error('presign failed', error);
      return json(503, { error: 'cannot sign uploads right now' });
    }
  },
};
