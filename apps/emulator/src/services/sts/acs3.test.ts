import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../index';
import { acs3CanonicalRequest, acs3Sign, acs3StringToSign, sha256Hex } from '../../rpc/acs3';
import { rawRequest } from '../../../test/helpers';

/** ACS3 rules beyond the signature itself (the signature is proven by the vectors and @alicloud/sts20150401). */
describe('STS over ACS3-HMAC-SHA256', () => {
  let emu: Emulator;
  const now = new Date('2024-05-01T10:00:00Z');
  beforeAll(async () => {
    emu = await startEmulator({ now });
  });
  afterAll(() => emu.close());

  function send(opts: { nonce: string; body?: string; extraUnsigned?: Record<string, string>; sentBody?: string }) {
    const body = opts.body ?? '';
    const host = new URL(emu.url).host;
    const headers: Record<string, string> = {
      host,
      'x-acs-action': 'GetCallerIdentity',
      'x-acs-version': '2015-04-01',
      'x-acs-date': `${now.toISOString().slice(0, 19)}Z`,
      'x-acs-signature-nonce': opts.nonce,
      'x-acs-content-sha256': sha256Hex(body),
    };
    const signed = Object.keys(headers).sort();
    const canonical = acs3CanonicalRequest({
      method: 'POST',
      canonicalUri: '/',
      query: [],
      headers: Object.entries(headers),
      signedHeaders: signed,
      hashedPayload: headers['x-acs-content-sha256']!,
    });
    const signature = acs3Sign(acs3StringToSign(canonical), emu.seed.accessKeySecret);
    return rawRequest(`${emu.url}/`, {
      method: 'POST',
      headers: {
        ...headers,
        ...opts.extraUnsigned,
        authorization: `ACS3-HMAC-SHA256 Credential=${emu.seed.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`,
      },
      body: opts.sentBody ?? body,
    }).then((r) => ({ status: r.status, body: JSON.parse(r.text) as Record<string, unknown> }));
  }

  it('accepts a correct request once; the nonce cannot be replayed', async () => {
    expect((await send({ nonce: 'acs3-nonce-1' })).body['Arn']).toBe(emu.seed.userArn);
    expect((await send({ nonce: 'acs3-nonce-1' })).body['Code']).toBe('SignatureNonceUsed');
  });

  it('refuses an unsigned x-acs-* header and a body that does not match x-acs-content-sha256', async () => {
    expect((await send({ nonce: 'acs3-nonce-2', extraUnsigned: { 'x-acs-security-token': 'x' } })).body['Code']).toBe('IncompleteSignature');
    expect((await send({ nonce: 'acs3-nonce-3', sentBody: 'tampered' })).body['Code']).toBe('InvalidParameter.ContentSha256');
  });
});
