import type { HttpResponse } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { parseMetadataCredentials } from './parse-credentials';

const SECRET = 'sEcReT-value-1234567890';
const TOKEN = 'CAIS-token-value-abcdef';

function answer(body: unknown): HttpResponse {
  return { status: 200, headers: new Headers({ 'content-type': 'text/plain' }), text: typeof body === 'string' ? body : JSON.stringify(body), url: 'http://127.0.0.1:1/latest/meta-data/ram/security-credentials/r' };
}

const good = {
  Code: 'Success',
  AccessKeyId: 'STS.abc',
  AccessKeySecret: SECRET,
  SecurityToken: TOKEN,
  Expiration: '2026-05-01T06:00:00Z',
  LastUpdated: '2026-05-01T00:00:00Z',
};

describe('parseMetadataCredentials', () => {
  it('a Success document', () => {
    const creds = parseMetadataCredentials(answer(good), 'ecs-imds', 'r');
    expect(creds).toMatchObject({ accessKeyId: 'STS.abc', accessKeySecret: SECRET, securityToken: TOKEN, providerName: 'ecs-imds' });
    expect(creds.expiration?.toISOString()).toBe('2026-05-01T06:00:00.000Z');
  });

  it('already expired credentials are returned: the cache decides (static stability)', () => {
    const creds = parseMetadataCredentials(answer({ ...good, Expiration: '2000-01-01T00:00:00Z' }), 'ecs-imds', 'r');
    expect(creds.expiration?.getUTCFullYear()).toBe(2000);
  });

  it.each([
    ['Code missing', { ...good, Code: undefined }, /Code undefined/],
    ['Code Failed', { ...good, Code: 'Failed' }, /Code "Failed"/],
    ['a lowercase success', { ...good, Code: 'success' }, /expected "Success"/],
    ['no SecurityToken', { ...good, SecurityToken: undefined }, /lack SecurityToken/],
    ['an empty secret', { ...good, AccessKeySecret: ' ' }, /lack AccessKeySecret/],
    ['a numeric AccessKeyId', { ...good, AccessKeyId: 42 }, /lack AccessKeyId/],
    ['a local-time Expiration', { ...good, Expiration: '2026-05-01 06:00:00' }, /ISO-8601/],
    ['an array', [good], /not an object/],
    ['not JSON', 'AccessKeySecret=' + SECRET, /not JSON/],
  ])('%s: InvalidResponse without the secret or token', (_name, body, message) => {
    let error: unknown;
    try {
      parseMetadataCredentials(answer(body), 'ecs-imds', 'r');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'InvalidResponse', provider: 'ecs-imds' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain(TOKEN);
  });
});
