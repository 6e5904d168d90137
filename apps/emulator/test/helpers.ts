import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
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
  // node:http rather than fetch: fetch refuses to send a custom Host header, and STS routes by Host.
  const res = await rawRequest(`${baseUrl}/?${enc(query)}`, {
    method,
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(init.host ? { host: init.host } : {}),
    },
    body: method === 'POST' ? enc(body) : undefined,
  });
  const text = res.text;
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** A plain HTTP request over loopback, any headers allowed (Host included). */
export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
