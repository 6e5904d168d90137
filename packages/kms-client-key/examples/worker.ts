import { fromKmsClientKey, type KmsClientKeyProvider } from '@alicred/kms-client-key';

interface Env {
  [binding: string]: string | undefined;
  KMS_CLIENT_KEY_ID: string; // KAAP.<uuid>
  KMS_PRIVATE_KEY_PEM: string; // a Workers secret: the PKCS#8 key from readClientKey()
  KMS_ENDPOINT?: string;
}

let credentials: KmsClientKeyProvider | undefined; // one cache per isolate, reused across requests

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    credentials ??= fromKmsClientKey({
      keyId: env.KMS_CLIENT_KEY_ID,
      privateKey: env.KMS_PRIVATE_KEY_PEM,
      regionId: 'cn-hangzhou',
      endpoint: env.KMS_ENDPOINT,
      secretName: 'acs/ram/user/app',
      env,
    });
    const { accessKeyId } = await credentials();
    return new Response(`signing with ${accessKeyId.slice(0, 4)}****`);
  },
};
