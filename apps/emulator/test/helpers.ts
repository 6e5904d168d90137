import { randomUUID } from 'node:crypto';
import { rpcSign, rpcStringToSign } from '../src/rpc/rpc-v1';
import { percentEncode } from '../src/rpc/percent-encode';

/**
 * A test-side RPC v1 client, written from the spec (signing-spec §3) so the server's verifier is not
 * exercised only by itself: the vectors test pins the shared canonicalisation to the official answers.
 */
export async function callRpc(
  baseUrl: string,
  init: {
    action: string;
    accessKeyId?: string;
    accessKeySecret?: string;
    securityToken?: string;
    params?: Record<string, string>;
    method?: 'GET' | 'POST';
    timestamp?: Date;
    nonce?: string;
    version?: string;
    host?: string;
    tamper?: (signature: string) => string;
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const method = init.method ?? 'POST';
  const common: Record<string, string> = {
    Action: init.action,
    Version: init.version ?? '2015-04-01',
    Format: 'JSON',
    Timestamp: `${(init.timestamp ?? new Date()).toISOString().slice(0, 19)}Z`,
  };
  if (init.accessKeyId) {
    Object.assign(common, {
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: init.nonce ?? randomUUID(),
      AccessKeyId: init.accessKeyId,
      ...(init.securityToken ? { SecurityToken: init.securityToken } : {}),
    });
  }
  const body = method === 'POST' ? (init.params ?? {}) : {};
  const query: Record<string, string> = method === 'GET' ? { ...common, ...init.params } : { ...common };
  if (init.accessKeyId && init.accessKeySecret) {
    const sig = rpcSign(rpcStringToSign(method, Object.entries({ ...query, ...body })), init.accessKeySecret);
    query['Signature'] = init.tamper ? init.tamper(sig) : sig;
  }
  const enc = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const res = await fetch(`${baseUrl}/?${enc(query)}`, {
    method,
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(init.host ? { host: init.host } : {}),
    },
    ...(method === 'POST' ? { body: enc(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}
