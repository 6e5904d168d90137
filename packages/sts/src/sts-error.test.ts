import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { createStsError, isRetryableSts, isStsError } from './sts-error';

const TOKEN = 'CAIS-token-value-0123456789';
const base = { action: 'AssumeRole', provider: 'ram-role', endpoint: 'http://127.0.0.1:1' };

describe('createStsError', () => {
  it('carries the STS code, RequestId and a hint', () => {
    const error = createStsError({ ...base, status: 400, body: { Code: 'SignatureDoesNotMatch', RequestId: 'ABC-123', Message: 'Specified signature is not matched' } });
    expect(isCredentialsError(error)).toBe(true);
    expect(isStsError(error)).toBe(true);
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.stsCode).toBe('SignatureDoesNotMatch');
    expect(error.requestId).toBe('ABC-123');
    expect(error.hint).toMatch(/AccessKey secret is wrong/);
    expect(error.message).toContain('ABC-123');
    expect(error.tryNextLink).toBe(false);
  });

  it("drops the server's string to sign (it contains the token) and scrubs known secrets", () => {
    const message = `Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3D${TOKEN}`;
    const error = createStsError({ ...base, status: 400, body: { Code: 'SignatureDoesNotMatch', Message: message }, secrets: [TOKEN] });
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toMatch(/string to sign/i);
    const other = createStsError({ ...base, status: 403, body: { Code: 'NoPermission', Message: `token ${TOKEN} refused` }, secrets: [TOKEN] });
    expect(other.message).not.toContain(TOKEN);
    expect(other.message).toContain('[redacted]');
  });

  it('uses a prefix hint for unknown sub-codes and HttpError without a body', () => {
    expect(createStsError({ ...base, status: 400, body: { Code: 'InvalidParameter.Whatever' } }).hint).toMatch(/parameter is invalid/);
    const plain = createStsError({ ...base, status: 502, body: undefined });
    expect(plain.code).toBe('HttpError');
    expect(plain.hint).toMatch(/retry later/);
  });

  it('does not trust a weird Code value', () => {
    expect(createStsError({ ...base, status: 400, body: { Code: 'a b\n<script>' } }).code).toBe('HttpError');
  });

  it('retries throttling and 5xx only', () => {
    expect(isRetryableSts(400, 'Throttling.User')).toBe(true);
    expect(isRetryableSts(429, '')).toBe(true);
    expect(isRetryableSts(503, 'ServiceUnavailable')).toBe(true);
    expect(isRetryableSts(400, 'SignatureDoesNotMatch')).toBe(false);
    expect(isRetryableSts(403, 'NoPermission')).toBe(false);
  });
});
