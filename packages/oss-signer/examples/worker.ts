import { fromEnv } from '@alicred/env';
import { presignOssRequest } from '@alicred/oss-signer';

// Bindings: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET (secrets), OSS_ENDPOINT, OSS_BUCKET.
interface Env {
  [binding: string]: string | undefined;
  OSS_ENDPOINT: string; // e.g. https://oss-cn-hangzhou.aliyuncs.com
  OSS_BUCKET: string;
}

// Cloudflare Worker: redirects GET /<key> to a presigned OSS URL valid for 5 minutes.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
    const { url } = await presignOssRequest(
      { method: 'GET', bucket: env.OSS_BUCKET, key },
      { credentials: fromEnv({ env }), region: 'cn-hangzhou', expiresIn: 300, endpoint: env.OSS_ENDPOINT },
    );
    return Response.redirect(url!, 302);
  },
};
