import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { checkCredentialsUri, isLocalHost } from './check-uri';

function rejection(value: string) {
  try {
    checkCredentialsUri(value, 'uri');
  } catch (error) {
    expect(isCredentialsError(error)).toBe(true);
    return error as Error & { code: string; tryNextLink: boolean };
  }
  throw new Error(`expected ${value} to be refused`);
}

describe('checkCredentialsUri', () => {
  it.each([
    'https://credentials.example.com/v1/creds',
    'https://10.0.0.8:8443/creds',
    'http://127.0.0.1:8080/credentials',
    'http://127.9.9.9/credentials',
    'http://127.1/credentials', // normalised to 127.0.0.1 by the URL parser
    'http://localhost:1338/x',
    'http://LOCALHOST/x',
    'http://[::1]:8080/creds',
    'http://169.254.170.2/v2/credentials',
    'http://[fe80::1]/creds',
    'http://[febf::1]/creds',
    'http://[::ffff:127.0.0.1]/creds',
    'http://[::ffff:169.254.1.1]/creds',
  ])('accepts %s', (value) => {
    expect(checkCredentialsUri(value, 'uri').href).toBe(new URL(value).href);
  });

  it.each([
    'http://10.0.0.8/creds',
    'http://192.168.1.1/creds',
    'http://100.100.100.200/latest/meta-data',
    'http://credentials.example.com/creds',
    'http://127.0.0.1.nip.io/creds',
    'http://localhost.example.com/creds',
    'http://[::2]/creds',
    'http://[fec0::1]/creds',
    'http://[::ffff:10.0.0.1]/creds',
    'http://[2001:db8::1]/creds',
    'http://169.253.0.1/creds',
  ])('refuses plain http to %s', (value) => {
    const error = rejection(value);
    expect(error.code).toBe('InvalidConfiguration');
    expect(error.tryNextLink).toBe(false);
    expect(error.message).toContain('use https');
  });

  it.each(['ftp://127.0.0.1/creds', 'file:///etc/creds', 'ws://127.0.0.1/'])('refuses the scheme of %s', (value) => {
    expect(rejection(value).message).toMatch(/scheme .* is not supported/);
  });

  it('refuses a relative or malformed URI', () => {
    expect(rejection('/credentials').message).toContain('not a valid absolute URL');
    expect(rejection('http://').message).toContain('not a valid absolute URL');
  });

  it('refuses a user name or password in the URI without printing them', () => {
    const error = rejection('https://user:hunter2@example.com/creds');
    expect(error.message).toContain('user name or password');
    expect(error.message).not.toContain('hunter2');
  });

  it('never prints the path or query, which may hold a secret', () => {
    const error = rejection('http://10.1.2.3/creds/s3cr3t-path?token=s3cr3t-query');
    expect(error.message).toContain('http://10.1.2.3');
    expect(error.message).not.toContain('s3cr3t');
  });
});

describe('isLocalHost', () => {
  it('takes WHATWG hostnames', () => {
    expect(isLocalHost(new URL('http://0x7f.0.0.1/').hostname)).toBe(true);
    expect(isLocalHost(new URL('http://2130706433/').hostname)).toBe(true);
    expect(isLocalHost(new URL('http://[0:0:0:0:0:0:0:1]/').hostname)).toBe(true);
    expect(isLocalHost(new URL('http://0.0.0.0/').hostname)).toBe(false);
    expect(isLocalHost(new URL('http://[::]/').hostname)).toBe(false);
  });
});
