import { describe, expect, it } from 'vitest';
import { kmsEndpoint, normalizeEndpoint } from './endpoint';
import { parseProperties } from './properties';

describe('parseProperties', () => {
  it('reads key=value and key: value lines, comments, CRLF, BOM; keeps # and backslashes in values', () => {
    const text = '\uFEFF# comment\r\n! also a comment\r\ncredentials_type = client_key\r\nclient_key_private_key_path=C:\\keys\\ck#1.json\r\n' +
      'cache_client_region_id=[{"regionId":"cn-hangzhou","vpc":true}]\r\nsecret_names: acs/ram/user/app\r\nno separator here\r\n=novalue\r\n';
    expect({ ...parseProperties(text) }).toEqual({
      credentials_type: 'client_key',
      client_key_private_key_path: 'C:\\keys\\ck#1.json',
      cache_client_region_id: '[{"regionId":"cn-hangzhou","vpc":true}]',
      secret_names: 'acs/ram/user/app',
    });
  });

  it('later keys win', () => {
    expect(parseProperties('a=1\na=2').a).toBe('2');
  });
});

describe('endpoints', () => {
  it('shared gateway, VPC gateway, explicit host or URL', () => {
    expect(kmsEndpoint('cn-hangzhou')).toBe('https://kms.cn-hangzhou.aliyuncs.com');
    expect(kmsEndpoint('cn-shanghai', true)).toBe('https://kms-vpc.cn-shanghai.aliyuncs.com');
    expect(normalizeEndpoint('kms.cn-beijing.aliyuncs.com')).toBe('https://kms.cn-beijing.aliyuncs.com');
    expect(normalizeEndpoint('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  });

  it('refuses bad regions and endpoints with paths, queries or user info', () => {
    for (const bad of [() => kmsEndpoint('cn_hangzhou/..'), () => normalizeEndpoint('https://u:p@h'), () => normalizeEndpoint('https://h/path'), () => normalizeEndpoint('ftp://h')]) {
      expect(bad).toThrow(expect.objectContaining({ code: 'InvalidConfiguration' }));
    }
  });
});
