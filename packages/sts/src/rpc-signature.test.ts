import { readFileSync } from 'node:fs';
import { hmacSha1, toBase64 } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { percentEncode } from './percent-encode';
import { computeRpcSignature, rpcStringToSign } from './rpc-signature';

interface Vector {
  id: string;
  kind: string;
  method?: string;
  query_params?: Record<string, string>;
  body_form_params?: Record<string, string>;
  access_key_secret?: string;
  key?: string;
  message?: string;
  expected: { signature?: string; string_to_sign?: string; base64?: string };
}

// Official known answers, read from the shared fixture (never copied, never edited).
const vectors = JSON.parse(readFileSync(new URL('../../../../shared/vectors/rpc-signature.json', import.meta.url), 'utf8')) as Vector[];
const params = (v: Vector) => ({ ...v.query_params, ...v.body_form_params });

describe('computeRpcSignature (rpc-signature.json)', () => {
  const cases = vectors.filter((v) => v.kind === 'rpc-v1-signature');
  it('has the signature vectors', () => expect(cases.length).toBeGreaterThanOrEqual(6));
  for (const v of cases) {
    it(v.id, async () => {
      const signature = await computeRpcSignature({ method: v.method ?? '', params: params(v), accessKeySecret: v.access_key_secret! });
      expect(signature).toBe(v.expected.signature);
      if (v.expected.string_to_sign) expect(rpcStringToSign({ method: v.method ?? '', params: params(v) })).toBe(v.expected.string_to_sign);
    });
  }
});

describe('rpcStringToSign (rpc-signature.json)', () => {
  const cases = vectors.filter((v) => v.kind === 'rpc-v1-string-to-sign');
  it('has the string-to-sign vectors', () => expect(cases.length).toBeGreaterThanOrEqual(5));
  for (const v of cases) {
    it(v.id, () => {
      expect(rpcStringToSign({ method: v.method ?? '', params: params(v) })).toBe(v.expected.string_to_sign);
    });
  }
});

describe('HMAC-SHA1 primitive (rpc-signature.json)', () => {
  for (const v of vectors.filter((c) => c.kind === 'hmac-sha1-base64')) {
    it(v.id, async () => {
      expect(toBase64(await hmacSha1(v.key!, v.message!))).toBe(v.expected.base64);
    });
  }
});

describe('signing details', () => {
  it('ignores a Signature parameter and keeps empty values as "k="', () => {
    expect(rpcStringToSign({ method: 'POST', params: { b: '', a: 'x', Signature: 'old' } })).toBe('POST&%2F&a%3Dx%26b%3D');
  });

  it('sorts by code point (UTF-8 byte order), not by UTF-16 unit', () => {
    // U+1F600 (UTF-8 F0…) sorts after U+FF21 (UTF-8 EF…); a plain JS sort puts it first.
    const s = rpcStringToSign({ method: 'GET', params: { '\u{1F600}': '1', '\uFF21': '2' } });
    expect(s.indexOf(percentEncode(percentEncode('\uFF21')))).toBeLessThan(s.indexOf(percentEncode(percentEncode('\u{1F600}'))));
  });

  it('percent-encodes per RFC 3986', () => {
    expect(percentEncode("a b*c~!'()+/=:é")).toBe('a%20b%2Ac~%21%27%28%29%2B%2F%3D%3A%C3%A9');
  });

  it('a different secret gives a different signature', async () => {
    const input = { method: 'POST', params: { Action: 'AssumeRole' } };
    expect(await computeRpcSignature({ ...input, accessKeySecret: 'a' })).not.toBe(await computeRpcSignature({ ...input, accessKeySecret: 'b' }));
  });
});
