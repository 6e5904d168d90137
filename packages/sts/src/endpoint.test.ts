import { isCredentialsError } from '@alicred/core';
import { describe, expect, it } from 'vitest';
import { resolveStsEndpoint } from './endpoint';

describe('resolveStsEndpoint (reference §4.1)', () => {
  it('defaults to the global endpoint', () => {
    expect(resolveStsEndpoint({ env: {} })).toBe('https://sts.aliyuncs.com');
  });

  it('uses the region option, then ALIBABA_CLOUD_STS_REGION', () => {
    expect(resolveStsEndpoint({ region: 'cn-shanghai', env: { ALIBABA_CLOUD_STS_REGION: 'cn-beijing' } })).toBe('https://sts.cn-shanghai.aliyuncs.com');
    expect(resolveStsEndpoint({ env: { ALIBABA_CLOUD_STS_REGION: 'cn-beijing' } })).toBe('https://sts.cn-beijing.aliyuncs.com');
  });

  it('selects the VPC endpoint by option or ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true', () => {
    expect(resolveStsEndpoint({ region: 'cn-hangzhou', vpc: true, env: {} })).toBe('https://sts-vpc.cn-hangzhou.aliyuncs.com');
    const env = { ALIBABA_CLOUD_STS_REGION: 'cn-hangzhou', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' };
    expect(resolveStsEndpoint({ env })).toBe('https://sts-vpc.cn-hangzhou.aliyuncs.com');
    expect(resolveStsEndpoint({ env, vpc: false })).toBe('https://sts.cn-hangzhou.aliyuncs.com');
    expect(resolveStsEndpoint({ env: { ...env, ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'false' } })).toBe('https://sts.cn-hangzhou.aliyuncs.com');
  });

  it('ignores the VPC flag without a region', () => {
    expect(resolveStsEndpoint({ vpc: true, env: { ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' } })).toBe('https://sts.aliyuncs.com');
  });

  it('an explicit endpoint wins; a bare host means https', () => {
    const env = { ALIBABA_CLOUD_STS_REGION: 'cn-beijing', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' };
    expect(resolveStsEndpoint({ endpoint: 'sts.cn-qingdao.aliyuncs.com', region: 'cn-hangzhou', env })).toBe('https://sts.cn-qingdao.aliyuncs.com');
    expect(resolveStsEndpoint({ endpoint: 'http://127.0.0.1:8123', env })).toBe('http://127.0.0.1:8123');
    expect(resolveStsEndpoint({ endpoint: 'http://localhost:8123/', env })).toBe('http://localhost:8123');
    expect(resolveStsEndpoint({ endpoint: 'http://[::1]:8123', env })).toBe('http://[::1]:8123');
  });

  it.each([
    ['http://sts.example.com', /plain http/],
    ['ftp://127.0.0.1', /scheme/],
    ['https://user:pw@sts.example.com', /user name or password/],
    ['https://sts.example.com/path', /without a path/],
    ['https://', /not a host name or URL/],
  ])('refuses endpoint %s', (endpoint, message) => {
    let error: unknown;
    try {
      resolveStsEndpoint({ endpoint });
    } catch (e) {
      error = e;
    }
    expect(isCredentialsError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as { code: string }).code).toBe('InvalidConfiguration');
    expect((error as Error).message).not.toContain(':pw@');
  });

  it('refuses a region that would change the host', () => {
    expect(() => resolveStsEndpoint({ region: 'evil.com/x' })).toThrow(/not a region id/);
  });
});
