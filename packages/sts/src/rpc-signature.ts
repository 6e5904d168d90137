import { hmacSha1, toBase64 } from '@alicred/core';
import { percentEncode } from './percent-encode';

/** Parameters of an RPC request: every query parameter and every form-body parameter, `Signature` excluded. */
export type RpcParams = Readonly<Record<string, string>>;

/** Input of {@link rpcStringToSign}. */
export interface RpcStringToSignInput {
  /** HTTP method, upper case (`POST`, `GET`). */
  method: string;
  /** All query and form parameters that will be sent, merged. A `Signature` entry is ignored. */
  params: RpcParams;
}

/** Input of {@link computeRpcSignature}. */
export interface RpcSignatureInput extends RpcStringToSignInput {
  /** The AccessKey secret; the HMAC key is this secret followed by `&`. */
  accessKeySecret: string;
}

/**
 * The RPC v1.0 StringToSign: `METHOD & %2F & percentEncode(sorted "k=v" pairs joined by "&")`.
 * Names are sorted by Unicode code point, which is the UTF-8 byte order the server uses; an empty value
 * keeps its `=`.
 *
 * @example
 * ```ts
 * rpcStringToSign({ method: 'GET', params: { q: 'value' } }); // 'GET&%2F&q%3Dvalue'
 * ```
 */
export function rpcStringToSign({ method, params }: RpcStringToSignInput): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort(compareCodePoints)
    .map((name) => `${percentEncode(name)}=${percentEncode(String(params[name]))}`)
    .join('&');
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

// String comparison in JS goes by UTF-16 code unit, which puts astral characters before U+E000..U+FFFF;
// the server sorts UTF-8 bytes, i.e. code points.
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const diff = (left[i] as string).codePointAt(0)! - (right[i] as string).codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/**
 * The Alibaba Cloud RPC signature v1.0 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`), as STS
 * expects it: base64 of HMAC-SHA1 over {@link rpcStringToSign}, keyed with `accessKeySecret + "&"`.
 * Query and form parameters are signed together, so pass both merged.
 *
 * The result is a credential for one request: never log it.
 *
 * @example
 * ```ts
 * const signature = await computeRpcSignature({
 *   method: 'POST',
 *   params: { Action: 'GetCallerIdentity', Version: '2015-04-01', AccessKeyId: 'LTAI…', … },
 *   accessKeySecret,
 * });
 * ```
 */
export async function computeRpcSignature({ method, params, accessKeySecret }: RpcSignatureInput): Promise<string> {
  return toBase64(await hmacSha1(`${accessKeySecret}&`, rpcStringToSign({ method, params })));
}
