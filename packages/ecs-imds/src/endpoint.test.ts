import { describe, expect, it } from 'vitest';
import { checkMetadataEndpoint, DEFAULT_METADATA_ENDPOINT } from './endpoint';

describe('checkMetadataEndpoint', () => {
  it.each([
    [DEFAULT_METADATA_ENDPOINT, 'http://100.100.100.200'],
    ['http://100.100.100.200/', 'http://100.100.100.200'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:1234', 'http://localhost:1234'],
    ['http://[::1]:9', 'http://[::1]:9'],
    ['http://169.254.1.2', 'http://169.254.1.2'],
    ['https://metadata-proxy.internal', 'https://metadata-proxy.internal'],
  ])('accepts %s', (input, origin) => {
    expect(checkMetadataEndpoint(input, 'ecs-imds').origin).toBe(origin);
  });

  it.each([
    ['not a url', /not a valid absolute URL/],
    ['ftp://100.100.100.200', /http or https/],
    ['http://user:pw@127.0.0.1', /user name or password/],
    ['http://127.0.0.1/latest/', /origin only/],
    ['http://127.0.0.1/?x=1', /origin only/],
    ['http://10.0.0.5', /plain http/],
    ['http://example.com', /plain http/],
  ])('refuses %s', (input, message) => {
    let error: unknown;
    try {
      checkMetadataEndpoint(input, 'ecs-imds');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'InvalidConfiguration', provider: 'ecs-imds', tryNextLink: false });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('pw');
  });
});
