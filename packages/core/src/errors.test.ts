import { describe, expect, it } from 'vitest';
import { CredentialsError, ErrorCode, isCredentialsError } from './errors';
import { redact } from './redact';

describe('CredentialsError', () => {
  it('carries code, provider, tryNextLink and cause', () => {
    const cause = new Error('inner');
    const error = new CredentialsError('msg', { code: 'NotConfigured', provider: 'env', tryNextLink: true, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CredentialsError');
    expect(error.code).toBe('NotConfigured');
    expect(error.provider).toBe('env');
    expect(error.tryNextLink).toBe(true);
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('CredentialsError: msg');
  });

  it('defaults tryNextLink to false', () => {
    expect(new CredentialsError('m', { code: ErrorCode.HttpError, provider: 'p' }).tryNextLink).toBe(false);
  });

  it('is recognised by property, also from another copy of core', () => {
    const foreign = Object.assign(new Error('x'), { name: 'CredentialsError', code: 'Timeout', tryNextLink: false });
    expect(isCredentialsError(foreign)).toBe(true);
    expect(isCredentialsError(new CredentialsError('m', { code: 'X', provider: 'p' }))).toBe(true);
    expect(isCredentialsError(new Error('x'))).toBe(false);
    expect(isCredentialsError({ name: 'CredentialsError', code: 'X' })).toBe(false);
    expect(isCredentialsError({ name: 'CredentialsError', tryNextLink: true, code: 1 })).toBe(false);
    expect(isCredentialsError(null)).toBe(false);
    expect(isCredentialsError('CredentialsError')).toBe(false);
  });
});

describe('redact', () => {
  it('keeps 4 characters of long values and masks short ones fully', () => {
    expect(redact('LTAI5tAbcdefGhijk')).toBe('LTAI****');
    expect(redact('short')).toBe('****');
    expect(redact('')).toBe('****');
    expect(redact(undefined)).toBe('****');
  });
});
