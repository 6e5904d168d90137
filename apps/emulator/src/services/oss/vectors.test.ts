import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EmuResponse } from '../../types';
import { authenticateOss } from './auth';
import { uriEncode } from './encode';
import { ossService } from './index';
import { resolveTarget } from './target';
import { makeRequest, testState, userIdentity } from './test-state';
import { canonicalHeaders } from './v4';

// Official known-answer vectors, shared by the whole project (never edited here).
const vectorsDir = fileURLToPath(new URL('../../../../../../shared/vectors/', import.meta.url));
const load = <T>(file: string): T[] => JSON.parse(readFileSync(vectorsDir + file, 'utf8')) as T[];

interface V4Vector {
  id: string;
  kind: string;
  credentials: { access_key_id: string; access_key_secret: string; security_token: string | null };
  method: string;
  bucket: string | null;
  key: string | null;
  region: string;
  product: string;
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
  additional_headers: string[];
  signing_time_unix: number;
  expiration_time_unix?: number;
  expected: Record<string, string | null>;
  derived?: { canonical_request?: string; string_to_sign?: string };
}

interface V1Vector {
  id: string;
  kind: string;
  credentials: { access_key_id: string; access_key_secret: string; security_token: string | null };
  method: string;
  bucket: string | null;
  key: string | null;
  headers: Array<[string, string]>;
  query: Array<[string, string]>;
  date?: string;
  expires_unix?: number;
  expected: { string_to_sign: string; authorization?: string; Signature?: string };
}

const ACCOUNT = '1234567890123456';
const v4 = load<V4Vector>('oss-v4.json');
const v1 = load<V1Vector>('oss-v1.json');

function stateFor(c: { credentials: V4Vector['credentials'] }, now: Date, bucket: string, region: string) {
  return testState({
    now,
    config: { region, oss: { buckets: [{ name: bucket, accountId: ACCOUNT, region }] } },
    keys: [
      {
        accessKeyId: c.credentials.access_key_id,
        accessKeySecret: c.credentials.access_key_secret,
        securityToken: c.credentials.security_token ?? undefined,
        identity: userIdentity(ACCOUNT),
      },
    ],
  });
}

/** Strict wire encoding of query pairs; `bareEmpty` picks `k` (Go) or `k=` (PHP) for empty values. */
function wireQuery(pairs: Array<[string, string]>, bareEmpty = true): string {
  if (pairs.length === 0) return '';
  return `?${pairs.map(([k, v]) => (v === '' && bareEmpty ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`)).join('&')}`;
}

function datetimeOf(unix: number): string {
  return new Date(unix * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Flips one character of a signature (hex or base64) so it is still well-formed but wrong. */
function tamper(sig: string): string {
  const last = sig.at(-1) === '=' ? sig.length - 2 : sig.length - 1;
  const c = sig[last]!;
  const swap = c === 'a' ? 'b' : c === 'A' ? 'B' : 'a';
  return sig.slice(0, last) + swap + sig.slice(last + 1);
}

function xmlField(res: EmuResponse, name: string): string | undefined {
  const body = typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body);
  return m?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The request a V4 vector describes, in path style or virtual-host style. */
function v4Request(c: V4Vector, style: 'path' | 'virtual-host', signature?: string) {
  const keyPath = c.key ? uriEncode(c.key, true) : '';
  const host = style === 'path' ? '127.0.0.1:8080' : `${c.bucket}.oss-${c.region}.aliyuncs.com`;
  const path = style === 'path' ? `/${c.bucket}/${keyPath}` : `/${keyPath}`;
  const headers: Array<[string, string]> = [...c.headers];
  const query: Array<[string, string]> = [...c.query];
  if (c.kind === 'oss-v4-header') {
    const at = new Date(c.signing_time_unix * 1000);
    headers.push(['x-oss-date', datetimeOf(c.signing_time_unix)], ['Date', at.toUTCString()]);
    if (c.credentials.security_token) headers.push(['x-oss-security-token', c.credentials.security_token]);
    let auth = c.expected['authorization']!;
    if (signature) auth = auth.replace(/Signature=[0-9a-f]+/, `Signature=${signature}`);
    headers.push(['Authorization', auth]);
  } else {
    const e = c.expected;
    query.push(
      ['x-oss-signature-version', e['x-oss-signature-version']!],
      ['x-oss-date', e['x-oss-date'] ?? datetimeOf(c.signing_time_unix)],
      ['x-oss-expires', e['x-oss-expires']!],
      ['x-oss-credential', e['x-oss-credential']!],
    );
    if (e['x-oss-security-token']) query.push(['x-oss-security-token', e['x-oss-security-token']]);
    if (e['x-oss-additional-headers']) query.push(['x-oss-additional-headers', e['x-oss-additional-headers']]);
    query.push(['x-oss-signature', signature ?? e['x-oss-signature']!]);
  }
  // PHP-style `k=` for empty values on the virtual-host variant: the server must treat it like a bare `k`.
  return makeRequest({ method: c.method, host, pathAndQuery: path + wireQuery(query, style === 'path'), headers, body: 'hello' });
}

function expectedSignature(c: V4Vector): string {
  return c.kind === 'oss-v4-header' ? /Signature=([0-9a-f]+)/.exec(c.expected['authorization']!)![1]! : c.expected['x-oss-signature']!;
}

describe('OSS V4 vectors (oss-v4.json)', () => {
  const signing = v4.filter((c) => c.kind === 'oss-v4-header' || c.kind === 'oss-v4-presign');

  it('covers every signing case of the file', () => {
    expect(signing.length + v4.filter((c) => c.kind === 'oss-v4-canonical-headers').length).toBe(v4.length);
    expect(signing.length).toBeGreaterThanOrEqual(14);
  });

  for (const c of signing) {
    for (const style of ['path', 'virtual-host'] as const) {
      it(`${c.id} (${style}) is accepted and stores the object`, async () => {
        const state = stateFor(c, new Date(c.signing_time_unix * 1000), c.bucket!, c.region);
        const oss = ossService();
        const req = v4Request(c, style);
        const target = resolveTarget(req, (n) => n === c.bucket)!;
        expect(target).toMatchObject({ bucket: c.bucket, key: c.key ?? undefined, style });
        const auth = authenticateOss(req, state, target, { requestId: 'r', hostId: req.host, bucketRegion: c.region });
        expect(auth.kind).toBe('signed');
        const res = await oss.handle(req, state);
        expect(res.status).toBe(200);
        expect(res.headers?.['etag']).toBe('"5D41402ABC4B2A76B9719D911017C592"');
      });
    }

    it(`${c.id} with one signature character changed is rejected with the StringToSign`, async () => {
      const state = stateFor(c, new Date(c.signing_time_unix * 1000), c.bucket!, c.region);
      const res = await ossService().handle(v4Request(c, 'path', tamper(expectedSignature(c))), state);
      expect(res.status).toBe(403);
      expect(xmlField(res, 'Code')).toBe('SignatureDoesNotMatch');
      expect(xmlField(res, 'StringToSign')).toBe(c.derived!.string_to_sign);
      const token = c.credentials.security_token;
      const canonical = xmlField(res, 'CanonicalRequest');
      if (!token) expect(canonical).toBe(c.derived!.canonical_request);
      else {
        // The token is redacted from error bodies; everything else is the canonical request.
        expect(canonical).toContain('<redacted>');
        expect(canonical).not.toContain(`:${token}\n`);
        expect(canonical).not.toContain(`=${token}`);
      }
    });
  }

  for (const c of signing.filter((v) => v.kind === 'oss-v4-presign')) {
    it(`${c.id} is refused once expired`, async () => {
      const state = stateFor(c, new Date((c.expiration_time_unix! + 1) * 1000), c.bucket!, c.region);
      const res = await ossService().handle(v4Request(c, 'path'), state);
      expect(res.status).toBe(403);
      expect(xmlField(res, 'Code')).toBe('AccessDenied');
      expect(xmlField(res, 'Message')).toBe('Request has expired.');
    });
  }

  it('oss4-canonical-headers-sorting: canonical headers match', () => {
    const c = v4.find((x) => x.kind === 'oss-v4-canonical-headers')!;
    const headers: Record<string, string> = {};
    for (const [k, v] of c.headers) headers[k.toLowerCase()] = v;
    headers['host'] = 'examplebucket.oss-cn-hangzhou.aliyuncs.com';
    headers['user-agent'] = 'not-signed';
    expect(canonicalHeaders(headers, c.additional_headers)).toBe(c.expected['canonical_headers']);
  });
});

describe('OSS V1 vectors (oss-v1.json)', () => {
  function v1Request(c: V1Vector, signature?: string) {
    const keyPath = c.key ? uriEncode(c.key, true) : '';
    const headers: Array<[string, string]> = [...c.headers];
    const query: Array<[string, string]> = [...c.query];
    const token = c.credentials.security_token;
    if (c.kind === 'oss-v1-header') {
      headers.push(['Date', c.date!]);
      if (token) headers.push(['x-oss-security-token', token]);
      const auth = c.expected.authorization!;
      headers.push(['Authorization', signature ? `${auth.slice(0, auth.indexOf(':') + 1)}${signature}` : auth]);
    } else {
      query.push(['OSSAccessKeyId', c.credentials.access_key_id], ['Expires', String(c.expires_unix)]);
      query.push(['Signature', signature ?? c.expected.Signature!]);
      if (token) query.push(['security-token', token]);
    }
    return makeRequest({
      method: c.method,
      host: '127.0.0.1:8080',
      pathAndQuery: `/${c.bucket}/${keyPath}${wireQuery(query, false)}`,
      headers,
      body: '0123456789', // its MD5 is the vectors' Content-MD5
    });
  }
  const nowOf = (c: V1Vector) => (c.date ? new Date(c.date) : new Date((c.expires_unix! - 60) * 1000));
  const v1Sig = (c: V1Vector) => c.expected.Signature ?? c.expected.authorization!.split(':')[1]!;

  it('covers every case of the file', () => {
    expect(v1.length).toBe(8);
  });

  for (const c of v1) {
    it(`${c.id} is accepted`, async () => {
      const state = stateFor(c, nowOf(c), c.bucket!, 'cn-hangzhou');
      const req = v1Request(c);
      const target = resolveTarget(req, (n) => n === c.bucket)!;
      const auth = authenticateOss(req, state, target, { requestId: 'r', hostId: req.host });
      expect(auth.kind).toBe('signed');
      const res = await ossService().handle(req, state);
      // Object PUTs store the body; other operations get past authentication (404/501, never 403).
      if (c.method === 'PUT' && c.query.length === 0) expect(res.status).toBe(200);
      else expect(res.status).not.toBe(403);
    });

    it(`${c.id} with one signature character changed is rejected with the StringToSign`, async () => {
      const state = stateFor(c, nowOf(c), c.bucket!, 'cn-hangzhou');
      const res = await ossService().handle(v1Request(c, tamper(v1Sig(c))), state);
      expect(res.status).toBe(403);
      expect(xmlField(res, 'Code')).toBe('SignatureDoesNotMatch');
      const token = c.credentials.security_token;
      const expected = token
        ? c.expected.string_to_sign
            .replace(`x-oss-security-token:${token}`, 'x-oss-security-token:<redacted>')
            .replace(`security-token=${token}`, 'security-token=<redacted>')
        : c.expected.string_to_sign;
      expect(xmlField(res, 'StringToSign')).toBe(expected);
    });
  }
});
