// Seeded fuzzing with a fixed budget: the parsers that read what other programs wrote (INI and CLI config
// files, credential JSON from STS / ECS / a credentials URI, expirations) and the two signers, each
// differential against an independent implementation (ali-oss for OSS V4, the emulator's verifier for RPC v1).
// The contract under test: a result, or a CredentialsError — never a TypeError, a URIError or a hang — and
// nothing reaches Object.prototype. A failure prints fast-check's seed and path, so it replays exactly.
import { createRequire } from 'node:module';
import { CredentialsError, isCredentialsError, parseExpiration, type CredentialProvider, type Credentials } from '@alicred/core';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { fromCliProfile, fromIni, IniSyntaxError, parseIni } from '@alicred/ini';
import { signOssRequest } from '@alicred/oss-signer';
import { computeRpcSignature, createStsClient, parseStsCredentials, rpcStringToSign } from '@alicred/sts';
import { fromCredentialsUri } from '@alicred/uri';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The emulator's own verifier (not exported: it is what its STS runs on every request).
import { rpcSign, rpcStringToSign as emulatorStringToSign } from '../../../apps/emulator/src/rpc/rpc-v1';

const SEED = 20_261_122;
/** Runs per property: the whole file stays within a few seconds on the CI machine. */
const RUNS = 300;
const params = { seed: SEED, numRuns: RUNS, endOnFailure: true } as const;

const require = createRequire(import.meta.url);
const signUtils = require('ali-oss/lib/common/signUtils.js') as { authorizationV4(...args: unknown[]): string };

// Nothing here may reach a network: a fuzzed profile must never turn into a request.
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = (async (input: unknown) => {
    throw new Error(`fuzz test tried to fetch ${String(input)}`);
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

const protoKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const cleanProto = protoKeys();
afterAll(() => {
  if (process.env.ALICRED_DEBUG_FUZZ) console.log(successes);
  // At least 5 % of the runs of each parser property produce credentials.
  for (const property of ['sts', 'uri', 'ecs', 'ini', 'cli']) expect(successes[property] ?? 0, property).toBeGreaterThan(RUNS / 20);
});
afterEach(() => {
  expect(protoKeys()).toEqual(cleanProto);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** A result or a CredentialsError; anything else is returned as the failure. */
async function outcome<T>(run: () => Promise<T> | T): Promise<{ ok: T } | { error: unknown }> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (!isCredentialsError(error)) throw error;
    return { error };
  }
}

/** Successful parses per property: the generators must reach the success path too, or agreement proves little. */
const successes: Record<string, number> = {};

function assertCredentials(creds: Credentials, now: number, property: string): void {
  successes[property] = (successes[property] ?? 0) + 1;
  expect(typeof creds.accessKeyId).toBe('string');
  expect(creds.accessKeyId.trim()).not.toBe('');
  expect(creds.accessKeySecret.trim()).not.toBe('');
  if (creds.expiration) expect(creds.expiration.getTime()).toBeGreaterThan(now);
}

// ── building blocks ───────────────────────────────────────────────────────────────────────────────────────
const nasty = fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty', '', ' ', '\u0000', '\uFEFF', '\ud800', '😀', 'ｶ', 'default');
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), nasty, fc.string({ maxLength: 12 }));
const isoPieces = fc.record({
  y: fc.integer({ min: 0, max: 10_000 }),
  mo: fc.integer({ min: 0, max: 13 }),
  d: fc.integer({ min: 0, max: 32 }),
  h: fc.integer({ min: 0, max: 25 }),
  mi: fc.integer({ min: 0, max: 61 }),
  s: fc.integer({ min: 0, max: 61 }),
  fraction: fc.option(fc.stringMatching(/^\d{0,11}$/), { nil: undefined }),
  zone: fc.constantFrom('Z', 'z', '+08:00', '', ' Z', 'Z '),
});
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const isoLike = isoPieces.map(({ y, mo, d, h, mi, s, fraction, zone }) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction === undefined ? '' : `.${fraction}`}${zone}`);
const future = fc.date({ min: new Date('2031-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const expiration = fc.oneof(isoLike, future, text, fc.constant(null), fc.integer(), fc.constant('2020-01-01T00:00:00Z'));
const fieldValue = fc.oneof({ weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 16 }) }, { weight: 1, arbitrary: fc.oneof(text, fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 })) });
const goodExpiration = fc.oneof({ weight: 12, arbitrary: future }, { weight: 1, arbitrary: expiration });
/** Credential-shaped: every field present and plausible most of the time, so the success path is reached too. */
const credentialObject = fc
  .tuple(
    fc.record({
      Code: fc.oneof({ weight: 12, arbitrary: fc.constant('Success') }, { weight: 1, arbitrary: text }),
      AccessKeyId: fieldValue,
      AccessKeySecret: fieldValue,
      SecurityToken: fieldValue,
      Expiration: goodExpiration,
    }),
    fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('Code', 'AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration') }),
  )
  .map(([o, drop]) => {
    const out: Record<string, unknown> = { ...o };
    if (drop) delete out[drop];
    return out;
  });
/** A JSON body: credential-shaped most of the time, otherwise anything JSON, or not JSON at all. */
const credentialBody = fc.oneof(
  { weight: 12, arbitrary: credentialObject.map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: credentialObject.map((o) => JSON.stringify({ __proto__: o, ...o, constructor: { prototype: { polluted: 1 } } })) },
  { weight: 1, arbitrary: credentialObject.map((o) => `{"__proto__":{"polluted":1},"Credentials":${JSON.stringify(o)},${JSON.stringify(o).slice(1)}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
);

// ── parsers ─────────────────────────────────────────────────────────────────────────────────────────────────
describe('expiration parsing', () => {
  it('parseExpiration returns the exact instant written, or InvalidResponse — never a rolled-over date', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(isoLike, future, text), async (value) => {
        const r = await outcome(() => parseExpiration(value, 'fuzz'));
        if ('error' in r) {
          expect((r.error as { code: string }).code).toBe('InvalidResponse');
          return;
        }
        const date = r.ok;
        expect(Number.isNaN(date.getTime())).toBe(false);
        // Round trip: the date, hour, minute and second are the ones in the string (Feb 30 is no Mar 1).
        expect(date.toISOString().slice(0, 19)).toBe(value.slice(0, 19));
        expect(value.endsWith('Z')).toBe(true);
      }),
      params,
    );
  });
});

describe('credential JSON parsers', () => {
  const now = Date.parse('2030-06-01T00:00:00Z');

  it('STS: parseStsCredentials gives valid, unexpired credentials or a CredentialsError', async () => {
    await fc.assert(
      fc.asyncProperty(credentialBody, async (body) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = body;
        }
        const doc = { RequestId: 'r', Credentials: parsed };
        for (const input of [parsed, doc]) {
          const r = await outcome(() => parseStsCredentials(input, { action: 'AssumeRole', provider: 'fuzz', now: () => now }));
          if ('ok' in r) assertCredentials(r.ok.credentials, now, 'sts');
        }
      }),
      params,
    );
  });

  it('credentials URI: the provider gives valid, unexpired credentials or a CredentialsError', async () => {
    await fc.assert(
      fc.asyncProperty(credentialBody, fc.constantFrom(200, 200, 200, 200, 200, 204, 302, 404, 500), async (body, status) => {
        const provider = fromCredentialsUri({
          uri: 'http://127.0.0.1:9/credentials',
          env: {},
          now: () => now,
          fetch: (async () => new Response(status === 204 ? null : body, { status, headers: status === 302 ? { location: 'http://example.invalid/' } : {} })) as typeof fetch,
        });
        const r = await outcome(() => provider());
        if ('ok' in r) assertCredentials(r.ok, now, 'uri');
      }),
      params,
    );
  });

  it('ECS metadata: the provider gives credentials or a CredentialsError', async () => {
    await fc.assert(
      fc.asyncProperty(credentialBody, fc.constantFrom(200, 200, 200, 200, 200, 401, 404, 429, 500), async (body, status) => {
        const provider = fromEcsMetadata({
          endpoint: 'http://127.0.0.1:9',
          roleName: 'fuzz-role',
          env: {},
          now: () => now,
          retries: 0,
          staticStability: false,
          fetch: (async (_url: unknown, init?: RequestInit) =>
            init?.method === 'PUT' ? new Response('token-value', { status: 200 }) : new Response(body, { status })) as typeof fetch,
        });
        const r = await outcome(() => provider());
        if ('ok' in r) assertCredentials(r.ok, now, 'ecs');
      }),
      params,
    );
  });
});

describe('configuration file parsers', () => {
  // Delegated profile types must not reach STS, IMDS or a credentials server: each factory fails at once.
  const refuse = (): CredentialProvider => async () => {
    throw new CredentialsError('delegated types are not fuzzed', { code: 'NotConfigured', provider: 'fuzz' });
  };
  const providers = { ramRoleArn: refuse, oidcRoleArn: refuse, ecsMetadata: refuse, credentialsUri: refuse };

  const iniLine = fc.oneof(
    fc.tuple(fc.oneof(nasty, text, fc.constantFrom('default', 'dev', 'a.b')), fc.constantFrom('', ' ', '  # c')).map(([n, c]) => `[${n}]${c}`),
    fc.tuple(fc.oneof(fc.constantFrom('type', 'access_key_id', 'access_key_secret', 'security_token', 'role_arn', 'source_profile', 'enable', 'credentials_uri'), nasty, text), fc.constantFrom(' = ', '=', ' =', ': '), fc.oneof(fc.constantFrom('access_key', 'sts', 'ram_role_arn', 'ecs_ram_role', 'credentials_uri', 'oidc_role_arn', 'bearer', 'rsa_key_pair', 'false', 'default', 'ab#cd', '"quoted ; value"'), text), fc.constantFrom('', ' # trailing', ' ;x')).map((p) => p.join('')),
    fc.constantFrom('', '# comment', '; comment', '   ', '\t', '\uFEFF', '  continuation'),
    text,
  );
  const randomIni = fc.tuple(fc.array(iniLine, { maxLength: 14 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));
  /** A default profile that resolves, with random lines mixed in before and after. */
  const plausibleIni = fc
    .tuple(fc.array(iniLine, { maxLength: 3 }), fc.constantFrom('access_key', 'sts', 'access_key'), fc.string({ minLength: 1, maxLength: 16 }), fc.string({ minLength: 1, maxLength: 16 }), fc.array(fc.constantFrom('# note', '', 'enable = true', 'region_id = cn-hangzhou'), { maxLength: 3 }))
    .map(([before, type, id, secret, after]) =>
      [...before, '[default]', `type = ${type}`, `access_key_id = ${id}`, `access_key_secret = ${secret}`, 'security_token = token', ...after].join('\n'),
    );
  const iniText = fc.oneof(randomIni, plausibleIni);

  it('parseIni parses or throws IniSyntaxError; sections live outside Object.prototype', async () => {
    await fc.assert(
      fc.asyncProperty(iniText, async (source) => {
        try {
          const doc = parseIni(source);
          for (const [name, section] of doc) expect(section.name).toBe(name);
        } catch (error) {
          expect(error).toBeInstanceOf(IniSyntaxError);
        }
      }),
      params,
    );
  });

  it('fromIni gives credentials or a CredentialsError for any file', async () => {
    await fc.assert(
      fc.asyncProperty(iniText, fc.constantFrom(undefined, 'default', 'dev', '__proto__', 'constructor'), async (source, profile) => {
        const provider = fromIni({ filepath: '/fuzz/credentials', profile, env: {}, providers, readFile: async () => source, logger: { debug() {}, info() {}, warn() {}, error() {} } });
        const r = await outcome(() => provider());
        if ('ok' in r) assertCredentials(r.ok, Date.now(), 'ini');
      }),
      params,
    );
  });

  // Modes that run a command or call a sign-in service are left out on purpose: a fuzzer must not spawn
  // processes or open connections. Everything else, and any other mode string, is in.
  const cliProfile = fc.record(
    {
      name: fc.oneof(fc.constantFrom('default', 'dev'), nasty, text),
      mode: fc.oneof(fc.constantFrom('AK', 'StsToken', 'RamRoleArn', 'ChainableRamRoleArn', 'EcsRamRole', 'OIDC', 'RsaKeyPair', 'CredentialsURI', 'Anonymous'), text),
      access_key_id: fieldValue,
      access_key_secret: fieldValue,
      sts_token: fieldValue,
      sts_expiration: fc.oneof(fc.integer(), fc.constant(1_900_000_000), text),
      ram_role_arn: fc.oneof(fc.constant('acs:ram::123456789012:role/fuzz'), text),
      source_profile: fc.oneof(fc.constantFrom('default', 'dev'), text),
      expired_seconds: fc.oneof(fc.integer(), text),
      enable_vpc: fc.oneof(fc.boolean(), text),
    },
    { requiredKeys: ['name', 'mode'] },
  );
  const cliConfig = fc.oneof(
    { weight: 6, arbitrary: fc.record({ current: fc.oneof(fc.constantFrom('default', 'dev'), nasty), profiles: fc.array(cliProfile, { maxLength: 4 }) }, { requiredKeys: [] }).map((c) => JSON.stringify(c)) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.array(cliProfile, { maxLength: 2 }), fc.string({ minLength: 1, maxLength: 16 }), fc.string({ minLength: 1, maxLength: 16 }))
        .map(([others, id, secret]) => JSON.stringify({ current: 'default', profiles: [...others, { name: 'default', mode: 'AK', access_key_id: id, access_key_secret: secret }] })),
    },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constant('{"profiles":[{"name":"default","mode":"AK","__proto__":{"polluted":1}}],"__proto__":{"polluted":1}}') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  );

  it('fromCliProfile gives credentials or a CredentialsError for any config.json', async () => {
    await fc.assert(
      fc.asyncProperty(cliConfig, fc.constantFrom(undefined, 'default', 'dev', '__proto__'), async (source, profile) => {
        const provider = fromCliProfile({ filepath: '/fuzz/config.json', profile, env: {}, providers, readFile: async () => source });
        const r = await outcome(() => provider());
        if ('ok' in r) assertCredentials(r.ok, Date.now(), 'cli');
      }),
      params,
    );
  });
});

// ── signers ─────────────────────────────────────────────────────────────────────────────────────────────────
describe('RPC v1 signer, differential against the emulator verifier', () => {
  // Names and values from every corner: ASCII specials, 2-, 3- and 4-byte UTF-8, including U+E000..U+FFFF
  // next to astral characters (UTF-16 code-unit order and UTF-8 byte order disagree there).
  const chars = fc.constantFrom(...[...'aZ09-_.~ !\'()*+/=&%?#:@,;é中ｶ\uE000\uFFFD'], '😀', '𝄞', '\u{10FFFF}');
  const str = (min: number) => fc.array(chars, { minLength: min, maxLength: 8 }).map((a) => a.join(''));
  const rpcParams = fc.dictionary(str(1), str(0), { maxKeys: 8 });

  it('sorts names by UTF-8 bytes on both sides (found by this fuzzer: the emulator sorted UTF-16 code units)', () => {
    const p = { '\uFF76': '1', '\u{1D11E}': '2', a: '3' };
    expect(rpcStringToSign({ method: 'GET', params: p })).toBe(emulatorStringToSign('GET', Object.entries(p)));
    expect(rpcStringToSign({ method: 'GET', params: p })).toBe('GET&%2F&a%3D3%26%25EF%25BD%25B6%3D1%26%25F0%259D%2584%259E%3D2');
  });

  it('text that is not valid UTF-16 (a lone surrogate) is refused with a CredentialsError, not a URIError', async () => {
    const lone = fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('\ud800', '\udfff', '\udc00x'), fc.string({ maxLength: 6 })).map((p) => p.join(''));
    const sts = createStsClient({ endpoint: 'http://127.0.0.1:9', env: {}, retries: 0, fetch: (async () => new Response('{}', { status: 500 })) as typeof fetch });
    await fc.assert(
      fc.asyncProperty(lone, fc.constantFrom('id', 'secret', 'param'), async (bad, where) => {
        const r = await outcome<unknown>(() =>
          where === 'param'
            ? computeRpcSignature({ method: 'POST', params: { Action: 'GetCallerIdentity', Extra: bad }, accessKeySecret: 's' })
            : sts.getCallerIdentity({ credentials: { accessKeyId: where === 'id' ? bad : 'LTAI5tFuzz', accessKeySecret: where === 'secret' ? bad : 'secret' } }),
        );
        expect('error' in r).toBe(true);
      }),
      { ...params, numRuns: 50 },
    );
  });

  it('computeRpcSignature and the emulator agree on the string to sign and the signature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST'), rpcParams, fc.string({ minLength: 1, maxLength: 30 }), async (method, p, secret) => {
        const ours = rpcStringToSign({ method, params: p });
        expect(ours).toBe(emulatorStringToSign(method, Object.entries(p)));
        expect(await computeRpcSignature({ method, params: p, accessKeySecret: secret })).toBe(rpcSign(ours, secret));
      }),
      params,
    );
  });
});

describe('OSS V4 signer', () => {
  const lower = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const from = (s: string, min: number, max: number) => fc.array(fc.constantFrom(...[...s]), { minLength: min, maxLength: max }).map((a) => a.join(''));
  const credentials = fc.record({
    accessKeyId: from('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 4, 24),
    accessKeySecret: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s),
    securityToken: fc.option(from(`${lower}+/=`, 1, 30), { nil: undefined }),
    providerName: fc.constant('fuzz'),
  });

  it('matches ali-oss authorizationV4 (keys in any script, meta headers, alphanumeric query names)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
        from(lower, 3, 20),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
        // Lower-case alphanumeric names: ali-oss's localeCompare order and the spec's byte order agree there.
        fc.dictionary(from(lower, 1, 8), fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })), { maxKeys: 4 }),
        fc.dictionary(from(lower, 1, 8).map((s) => `x-oss-meta-${s}`), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 16 }).filter((s) => s.trim() === s), { maxKeys: 3 }),
        credentials,
        fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2098-01-01T00:00:00Z'), noInvalidDate: true }),
        async (method, bucket, key, query, meta, creds, signingDate) => {
          const ours = await signOssRequest(
            { method, bucket, key, headers: meta, query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v ?? ''])) },
            { credentials: creds, region: 'cn-hangzhou', signingDate },
          );
          const { authorization, ...signed } = ours.headers;
          expect(authorization).toBe(signUtils.authorizationV4(creds.accessKeyId, creds.accessKeySecret, 'cn-hangzhou', method, { headers: signed, queries: query }, bucket, key, [], 'utf-8'));
        },
      ),
      params,
    );
  });

  it('rejects any malformed request with a CredentialsError, never a TypeError', async () => {
    const junk = fc.oneof(fc.anything({ maxDepth: 1 }), text);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method: fc.oneof(fc.constantFrom('GET', 'put'), junk), bucket: fc.oneof(from(lower, 3, 10), junk), key: fc.oneof(text, junk), headers: fc.oneof(fc.dictionary(text, junk), junk), query: fc.oneof(fc.dictionary(text, junk), junk) }, { requiredKeys: [] }),
        fc.record({ region: fc.oneof(fc.constant('cn-hangzhou'), junk), expiresIn: junk, signingDate: fc.oneof(fc.date(), junk) }, { requiredKeys: [] }),
        async (request, options) => {
          await outcome(() =>
            signOssRequest(request as never, { credentials: { accessKeyId: 'LTAIfuzz', accessKeySecret: 'fuzz-secret', providerName: 'fuzz' }, ...options } as never),
          );
        },
      ),
      params,
    );
  });
});
