import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCredentials } from './credentials';
import { isCredentialsError } from './errors';
import { fromStatic } from './from-static';

const SECRET = 'sEcReT-0123456789abcdef';
const TOKEN = 'CAIS-token-0123456789-secret-token';

function sample() {
  return createCredentials({
    accessKeyId: 'LTAI5tExampleId01',
    accessKeySecret: SECRET,
    securityToken: TOKEN,
    expiration: new Date('2030-01-02T03:04:05Z'),
    providerName: 'test',
  });
}

describe('createCredentials', () => {
  it('keeps the values readable and freezes the object', () => {
    const creds = sample();
    expect(creds.accessKeyId).toBe('LTAI5tExampleId01');
    expect(creds.accessKeySecret).toBe(SECRET);
    expect(creds.securityToken).toBe(TOKEN);
    expect(creds.expiration?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect(creds.providerName).toBe('test');
    expect(Object.isFrozen(creds)).toBe(true);
    expect(() => {
      (creds as { accessKeyId: string }).accessKeyId = 'x';
    }).toThrow(TypeError);
  });

  it('copies the expiration so a later mutation of the input does not move it', () => {
    const expiration = new Date('2030-01-02T03:04:05Z');
    const creds = createCredentials({ accessKeyId: 'id', accessKeySecret: 's', expiration, providerName: 'p' });
    expiration.setTime(0);
    expect(creds.expiration?.getTime()).toBe(Date.parse('2030-01-02T03:04:05Z'));
  });

  it('redacts the secret and the token in JSON, String(), template literals and util.inspect', () => {
    const creds = sample();
    const outputs = [
      JSON.stringify(creds),
      JSON.stringify({ nested: { creds } }),
      String(creds),
      `${creds}`,
      'x' + creds,
      inspect(creds),
      inspect({ deep: { creds } }, { depth: 5 }),
      creds.toString(),
    ];
    for (const output of outputs) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain(TOKEN);
      expect(output).toContain('LTAI5tExampleId01');
    }
    expect(JSON.parse(JSON.stringify(creds))).toEqual({
      providerName: 'test',
      accessKeyId: 'LTAI5tExampleId01',
      accessKeySecret: '[redacted]',
      securityToken: '[redacted]',
      expiration: '2030-01-02T03:04:05.000Z',
    });
  });

  it('has a Deno custom inspect hook that redacts', () => {
    const creds = sample() as unknown as Record<symbol, () => string>;
    const out = creds[Symbol.for('Deno.customInspect')]!();
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(SECRET);
  });

  it('documents that a spread copies the secret (plain object, no redaction)', () => {
    const copy = { ...sample() };
    expect(copy.accessKeySecret).toBe(SECRET);
    expect(JSON.stringify(copy)).toContain(SECRET);
    expect(Object.keys(sample())).toEqual(['accessKeyId', 'accessKeySecret', 'securityToken', 'expiration', 'providerName']);
  });

  it.each([
    [{ accessKeyId: '', accessKeySecret: 's' }, /access key id/],
    [{ accessKeyId: 1, accessKeySecret: 's' }, /access key id/],
    [{ accessKeyId: 'id', accessKeySecret: '' }, /access key secret/],
    [{ accessKeyId: 'id', accessKeySecret: 's', securityToken: '' }, /security token/],
    [{ accessKeyId: 'id', accessKeySecret: 's', expiration: new Date('nope') }, /expiration/],
    [{ accessKeyId: 'id', accessKeySecret: 's', expiration: '2030-01-01T00:00:00Z' }, /expiration/],
  ])('rejects invalid input %#', (input, message) => {
    let caught: unknown;
    try {
      createCredentials({ ...(input as object), providerName: "p" } as never);
    } catch (error) {
      caught = error;
    }
    expect(isCredentialsError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
    expect((caught as { code: string }).code).toBe('InvalidCredentials');
  });

  it('rejects an empty providerName', () => {
    expect(() => createCredentials({ accessKeyId: 'id', accessKeySecret: 's', providerName: '' })).toThrow(/providerName/);
  });

  it('never puts the secret into a validation message', () => {
    try {
      createCredentials({ accessKeyId: 'id', accessKeySecret: SECRET, securityToken: 42 as never, providerName: 'p' });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
  });
});

describe('fromStatic', () => {
  it('returns the same frozen credentials on every call', async () => {
    const provider = fromStatic({ accessKeyId: 'LTAIid', accessKeySecret: SECRET });
    const a = await provider();
    const b = await provider({ forceRefresh: true });
    expect(a).toBe(b);
    expect(a.providerName).toBe('static');
    expect(a.expiration).toBeUndefined();
    expect(a.securityToken).toBeUndefined();
  });

  it('validates at construction', () => {
    expect(() => fromStatic({ accessKeyId: 'id', accessKeySecret: '' })).toThrow(/secret/);
    expect(() => fromStatic({ accessKeyId: undefined as never, accessKeySecret: 's' })).toThrow(/id/);
  });

  it('respects an aborted signal', async () => {
    const provider = fromStatic({ accessKeyId: 'id', accessKeySecret: 's' });
    await expect(provider({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'Aborted' });
  });
});
