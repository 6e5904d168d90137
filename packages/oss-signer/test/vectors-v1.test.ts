import { describe, expect, it } from 'vitest';
import { presignOssRequestV1, signOssRequestV1 } from '../src/index';
import { canonicalOssHeaders, canonicalResource, stringToSignV1 } from '../src/v1';
import { credentialsOf, queryItems, v1Cases } from './vectors';

const request = (c: (typeof v1Cases)[number]) => ({
  method: c.method,
  ...(c.bucket ? { bucket: c.bucket } : {}),
  ...(c.key ? { key: c.key } : {}),
  headers: Object.fromEntries(c.headers),
  query: Object.fromEntries(c.query),
});

describe('OSS V1 official vectors', () => {
  it.each(v1Cases.filter((c) => c.kind === 'oss-v1-header'))('header $id', async (c) => {
    const { headers } = await signOssRequestV1(request(c), {
      credentials: credentialsOf(c.credentials),
      subResources: c.sub_resources,
      signingDate: new Date(c.date!),
    });
    expect(headers.authorization).toBe(c.expected.authorization);
    expect(headers['x-oss-date']).toBe(c.date);
    const lower = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'authorization'));
    const sts = stringToSignV1(
      c.method,
      lower,
      c.date!,
      canonicalOssHeaders(lower).block,
      canonicalResource(c.bucket ?? undefined, c.key ?? undefined, c.query, c.sub_resources),
    );
    expect(sts).toBe(c.expected.string_to_sign);
  });

  it.each(v1Cases.filter((c) => c.kind === 'oss-v1-presign'))('presign $id', async (c) => {
    const result = await presignOssRequestV1(request(c), {
      credentials: credentialsOf(c.credentials),
      signingDate: new Date((c.expires_unix! - 60) * 1000),
      expiresIn: 60,
      endpoint: 'http://oss-cn-hangzhou.aliyuncs.com',
    });
    expect(result.query.Signature).toBe(c.expected.Signature);
    expect(result.query.Expires).toBe(String(c.expires_unix));
    expect(queryItems(result.url!)).toEqual(queryItems(c.expected.url_go_v2!));
    expect(result.url!.split('?')[0]).toBe(c.expected.url_go_v2!.split('?')[0]);
  });
});
