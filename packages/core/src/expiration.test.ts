import { describe, expect, it } from 'vitest';
import { isCredentialsError } from './errors';
import { parseExpiration } from './expiration';

describe('parseExpiration', () => {
  it('parses the forms Alibaba Cloud services send', () => {
    expect(parseExpiration('2024-01-02T03:04:05Z', 'p').toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseExpiration('2024-01-02T03:04:05.123Z', 'p').toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(parseExpiration('2024-01-02T03:04:05.1Z', 'p').toISOString()).toBe('2024-01-02T03:04:05.100Z');
    expect(parseExpiration('2024-02-29T23:59:59.123456789Z', 'p').toISOString()).toBe('2024-02-29T23:59:59.123Z');
  });

  it.each([
    '2024-01-02 03:04:05Z',
    '2024-01-02T03:04:05',
    '2024-01-02T03:04:05+08:00',
    '2024-01-02',
    '2023-02-29T00:00:00Z',
    '2024-01-02T24:00:00Z',
    '2024-13-01T00:00:00Z',
    ' 2024-01-02T03:04:05Z',
    '',
    1704164645000,
    null,
  ])('rejects %j with a clear InvalidResponse error', (value) => {
    let caught: unknown;
    try {
      parseExpiration(value as string, 'sts');
    } catch (error) {
      caught = error;
    }
    expect(isCredentialsError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('InvalidResponse');
    expect((caught as Error).message).toMatch(/sts.*ISO-8601/);
  });
});
