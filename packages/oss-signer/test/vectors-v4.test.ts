import { describe, expect, it } from 'vitest';
import { presignOssRequest, signOssRequest } from '../src/index';
import { canonicalHeaders, effectiveAdditionalHeaders } from '../src/v4';
import { credentialsOf, queryItems, v4Cases } from './vectors';

const header = v4Cases.filter((c) => c.kind === 'oss-v4-header');
const presign = v4Cases.filter((c) => c.kind === 'oss-v4-presign');

describe('OSS V4 official vectors', () => {
  it('has the vector file', () => {
    expect(header.length).toBeGreaterThanOrEqual(6);
    expect(presign.length).toBeGreaterThanOrEqual(8);
  });

  it.each(header)('header $id', async (c) => {
    const request = {
      method: c.method,
      ...(c.bucket ? { bucket: c.bucket } : {}),
      ...(c.key ? { key: c.key } : {}),
      headers: Object.fromEntries(c.headers),
      query: Object.fromEntries(c.query),
    };
    const frozen = structuredClone(request);
    const { headers } = await signOssRequest(request, {
      credentials: credentialsOf(c.credentials),
      region: c.region,
      product: c.product,
      additionalHeaders: c.additional_headers,
      signingDate: new Date(c.signing_time_unix * 1000),
    });
    expect(headers.authorization).toBe(c.expected.authorization);
    expect(headers['x-oss-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers['x-oss-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(headers['x-oss-security-token']).toBe(c.credentials.security_token ?? undefined);
    for (const [name, value] of c.headers) expect(headers[name.toLowerCase()]).toBe(value); // all headers back, lower-cased
    expect(request).toEqual(frozen); // input untouched
  });

  it.each(presign)('presign $id', async (c) => {
    const result = await presignOssRequest(
      {
        method: c.method,
        ...(c.bucket ? { bucket: c.bucket } : {}),
        ...(c.key ? { key: c.key } : {}),
        headers: Object.fromEntries(c.headers),
        query: Object.fromEntries(c.query),
      },
      {
        credentials: credentialsOf(c.credentials),
        region: c.region,
        product: c.product,
        additionalHeaders: c.additional_headers,
        signingDate: new Date(c.signing_time_unix * 1000),
        expiresIn: c.expiration_time_unix! - c.signing_time_unix,
        endpoint: 'http://oss-cn-hangzhou.aliyuncs.com',
      },
    );
    for (const [name, value] of Object.entries(c.expected)) {
      if (name.startsWith('url_')) continue;
      expect(result.query[name], name).toBe(value ?? undefined);
    }
    expect(result.signedHeaders['x-oss-head1']).toBe('value');
    expect(result.signedHeaders['content-type']).toBe('application/octet-stream');
    expect(result.signedHeaders.xyz).toBeUndefined();
    // The Go SDK asserted the whole URL: same query items, byte for byte (it escapes '/' in the path, we do not).
    if (c.expected.url_go_v1) {
      expect(queryItems(result.url!)).toEqual(queryItems(c.expected.url_go_v1));
      expect(result.url!.split('?')[0]).toBe('http://bucket.oss-cn-hangzhou.aliyuncs.com/1234%2B-/123/1.txt');
    }
  });

  it.each(v4Cases.filter((c) => c.kind === 'oss-v4-canonical-headers'))('canonical headers $id', (c) => {
    const headers = Object.fromEntries(c.headers.map(([k, v]) => [k.toLowerCase(), v]));
    const additional = effectiveAdditionalHeaders(c.additional_headers, headers);
    expect(canonicalHeaders(headers, additional).block).toBe(c.expected.canonical_headers);
  });
});
