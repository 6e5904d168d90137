import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testState, makeRequest } from '../services/oss/test-state';
import { userIdentity } from '../state';
import { acs3CanonicalRequest, acs3Sign, acs3StringToSign, parseAcs3Authorization } from './acs3';
import { authenticateRpc } from './authenticate';
import { rpcStringToSign, verifyRpcV1Signature } from './rpc-v1';
import { percentEncode } from './percent-encode';

const vectorsDir = fileURLToPath(new URL('../../../../../shared/vectors/', import.meta.url));
const load = <T>(name: string): T[] => JSON.parse(readFileSync(`${vectorsDir}${name}`, 'utf8')) as T[];

interface RpcCase {
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
interface Acs3Case {
  id: string;
  method: string | null;
  pathname: string | null;
  query: Record<string, string> | null;
  headers: Array<[string, string]> | null;
  hashed_payload: string;
  access_key_id: string;
  access_key_secret: string;
  expected: { authorization: string };
  derived?: { canonical_request?: string };
}

/** Changes one character of a signature, keeping it in the same alphabet. */
function oneCharChanged(sig: string): string {
  const i = Math.floor(sig.length / 2);
  const c = sig[i]!;
  return sig.slice(0, i) + (c === 'A' ? 'B' : c === '0' ? '1' : /[0-9a-f]/.test(c) ? '0' : 'A') + sig.slice(i + 1);
}

const rpcCases = load<RpcCase>('rpc-signature.json');
const acs3Cases = load<Acs3Case>('acs3.json');

describe('RPC v1 verifier against rpc-signature.json', () => {
  const signed = rpcCases.filter((c) => c.kind === 'rpc-v1-signature' && c.expected.signature);
  it('has the signed cases', () => expect(signed.length).toBeGreaterThanOrEqual(6));

  for (const c of signed) {
    const params = Object.entries({ ...c.query_params, ...c.body_form_params });
    it(`${c.id}: accepts the official signature, rejects it with one character changed`, () => {
      expect(verifyRpcV1Signature(c.method ?? '', params, c.access_key_secret!, c.expected.signature!)).toBe(true);
      expect(verifyRpcV1Signature(c.method ?? '', params, c.access_key_secret!, oneCharChanged(c.expected.signature!))).toBe(false);
    });
  }

  for (const c of rpcCases.filter((c) => c.expected.string_to_sign)) {
    it(`${c.id}: computes the official StringToSign`, () => {
      expect(rpcStringToSign(c.method ?? '', Object.entries({ ...c.query_params, ...c.body_form_params }))).toBe(c.expected.string_to_sign);
    });
  }

  // Full requests: clock pinned to the vector's Timestamp, its AccessKey registered, sent as the wire would.
  const full = signed.filter((c) => c.query_params?.['AccessKeyId'] && /Z$/.test(c.query_params?.['Timestamp'] ?? ''));
  it('has full-request cases', () => expect(full.length).toBeGreaterThanOrEqual(2));
  for (const c of full) {
    const q = c.query_params!;
    const request = (signature: string) =>
      makeRequest({
        method: c.method!,
        host: 'ecs.aliyuncs.com',
        pathAndQuery: `/?${Object.entries({ ...q, Signature: signature })
          .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
          .join('&')}`,
      });
    const state = () =>
      testState({
        now: new Date(q['Timestamp']!),
        keys: [{ accessKeyId: q['AccessKeyId']!, accessKeySecret: c.access_key_secret!, identity: userIdentity('1234567890123456', 'vector-user') }],
      });
    it(`${c.id}: the request authenticates; with one character changed it gets SignatureDoesNotMatch`, () => {
      const ok = authenticateRpc(request(c.expected.signature!), state());
      expect(ok.ok).toBe(true);
      const bad = authenticateRpc(request(oneCharChanged(c.expected.signature!)), state());
      expect(bad.ok ? undefined : bad.error.code).toBe('SignatureDoesNotMatch');
      expect(bad.ok ? '' : bad.error.message).toContain('server string to sign is:GET&%2F&AccessKeyId%3D');
    });
  }
});

describe('ACS3 verifier against acs3.json', () => {
  /** The cases that follow signing-spec §4 exactly; the others are per-language input quirks. */
  const byTheRules = new Set(['acs3-openapi-util-go', 'acs3-openapi-util-python', 'acs3-doc-runinstances', 'acs3-doc-roa-page-runinstances']);

  for (const c of acs3Cases) {
    const auth = parseAcs3Authorization(c.expected.authorization)!;
    const canonical = byTheRules.has(c.id)
      ? acs3CanonicalRequest({
          method: c.method ?? '',
          canonicalUri: c.pathname || '/',
          query: Object.entries(c.query ?? {}),
          headers: c.headers ?? [],
          signedHeaders: auth.signedHeaders,
          hashedPayload: c.hashed_payload,
        })
      : c.derived?.canonical_request;
    it(`${c.id}: accepts the official signature, rejects it with one character changed`, () => {
      expect(auth.accessKeyId).toBe(c.access_key_id);
      expect(canonical).toBeTypeOf('string');
      const expected = acs3Sign(acs3StringToSign(canonical!), c.access_key_secret);
      expect(expected).toBe(auth.signature);
      expect(acs3Sign(acs3StringToSign(canonical!), c.access_key_secret)).not.toBe(oneCharChanged(auth.signature));
    });
  }

  for (const id of ['acs3-doc-runinstances', 'acs3-doc-roa-page-runinstances']) {
    const c = acs3Cases.find((x) => x.id === id)!;
    const request = (authorization: string) =>
      makeRequest({
        method: c.method!,
        host: 'ecs.cn-shanghai.aliyuncs.com',
        pathAndQuery: `/?${Object.entries(c.query!)
          .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
          .join('&')}`,
        headers: [...c.headers!, ['authorization', authorization]],
      });
    const date = c.headers!.find(([k]) => k === 'x-acs-date')![1];
    const state = () =>
      testState({
        now: new Date(date),
        keys: [{ accessKeyId: c.access_key_id, accessKeySecret: c.access_key_secret, identity: userIdentity('1234567890123456', 'vector-user') }],
      });
    it(`${id}: the full request authenticates; with one character changed it gets SignatureDoesNotMatch`, () => {
      expect(authenticateRpc(request(c.expected.authorization), state()).ok).toBe(true);
      const tampered = c.expected.authorization.replace(/Signature=(\w+)$/, (_, s: string) => `Signature=${oneCharChanged(s)}`);
      const bad = authenticateRpc(request(tampered), state());
      expect(bad.ok ? undefined : bad.error.code).toBe('SignatureDoesNotMatch');
    });
  }
});
