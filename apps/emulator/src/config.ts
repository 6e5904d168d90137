import { readFileSync } from 'node:fs';
import type { EmulatorConfig } from './types';

/** A partial config as written in a JSON file or passed to `startEmulator`: every field optional. */
export type EmulatorConfigInput = {
  [K in keyof EmulatorConfig]?: EmulatorConfig[K] extends unknown[] ? EmulatorConfig[K] : Partial<EmulatorConfig[K]>;
};

/** Thrown for an invalid config; `problems` lists every problem as `path: what is wrong`. */
export class EmulatorConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[], source?: string) {
    super(`invalid emulator config${source ? ` (${source})` : ''}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EmulatorConfigError';
    this.problems = problems;
  }
}

const ACCOUNT_ID = '1234567890123456';

/**
 * The default seed. The AccessKeys are fixed test values (not secrets of any real account) so that
 * examples and benchmarks are reproducible; `emulator.seed` exposes them so tests need not repeat them.
 */
export function defaultConfig(): EmulatorConfig {
  const role = (name: string, trusted: string[], extra: Partial<EmulatorConfig['roles'][number]> = {}) => ({
    arn: `acs:ram::${ACCOUNT_ID}:role/${name}`,
    maxSessionDuration: 3600,
    trustedPrincipals: trusted,
    ...extra,
  });
  return {
    region: 'cn-hangzhou',
    accounts: [
      {
        accountId: ACCOUNT_ID,
        rootAccessKeys: [],
        users: [
          {
            name: 'emulator-user',
            accessKeys: [{ accessKeyId: 'LTAI5tEmulatorDefaultUser', accessKeySecret: 'EmulatorDefaultUserSecret0000' }],
          },
          { name: 'kms-rotated-user', accessKeys: [] },
        ],
      },
    ],
    roles: [
      role('emulator-role', [ACCOUNT_ID], { maxSessionDuration: 43200 }),
      role('emulator-external-id-role', [ACCOUNT_ID], { externalId: 'emulator-external-id' }),
      role('emulator-oidc-role', [`acs:ram::${ACCOUNT_ID}:oidc-provider/emulator-oidc`]),
      role('emulator-ecs-role', ['*']),
      role('emulator-uri-role', ['*']),
    ],
    oidcProviders: [
      {
        arn: `acs:ram::${ACCOUNT_ID}:oidc-provider/emulator-oidc`,
        issuer: 'https://oidc.emulator.invalid',
        audiences: ['sts.aliyuncs.com'],
        // Empty: the emulator generates the key pair at start and can mint tokens (`mintOidcToken`).
        jwks: [],
      },
    ],
    ecs: {
      roleName: 'emulator-ecs-role',
      roleArn: `acs:ram::${ACCOUNT_ID}:role/emulator-ecs-role`,
      mode: 'v1-allowed',
      credentialSeconds: 21600,
    },
    credentialsUri: { path: '/credentials', roleArn: `acs:ram::${ACCOUNT_ID}:role/emulator-uri-role`, durationSeconds: 3600 },
    kms: {
      clientKeys: [],
      secrets: [
        { name: 'emulator-ram-secret', type: 'RAMCredentials', userName: 'kms-rotated-user', rotationSeconds: 3600, graceSeconds: 600 },
        { name: 'emulator-generic-secret', type: 'Generic', value: 'emulator-generic-value' },
      ],
    },
    oss: { buckets: [{ name: 'emulator-bucket', accountId: ACCOUNT_ID, region: 'cn-hangzhou' }] },
    accessKeys: [],
  };
}

/**
 * Merges a partial config over the default seed and validates it. Top-level lists (accounts, roles,
 * oidcProviders, accessKeys) replace the seed's lists; objects (ecs, credentialsUri, kms, oss) are merged
 * field by field, so `{ ecs: { mode: 'v2-required' } }` keeps the seeded role.
 */
export function resolveConfig(input: EmulatorConfigInput = {}, source?: string): EmulatorConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new EmulatorConfigError(['the config must be a JSON object'], source);
  }
  const base = defaultConfig();
  const config: EmulatorConfig = {
    region: input.region ?? base.region,
    accounts: input.accounts ?? base.accounts,
    roles: input.roles ?? base.roles,
    oidcProviders: input.oidcProviders ?? base.oidcProviders,
    ecs: { ...base.ecs, ...input.ecs },
    credentialsUri: { ...base.credentialsUri, ...input.credentialsUri },
    kms: { ...base.kms, ...input.kms },
    oss: { ...base.oss, ...input.oss },
    accessKeys: input.accessKeys ?? base.accessKeys,
  };
  const problems = validateConfig(config);
  if (problems.length > 0) throw new EmulatorConfigError(problems, source);
  return structuredClone(config);
}

/** Reads and resolves a JSON config file; a parse error names the file. */
export function loadConfigFile(file: string): EmulatorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new EmulatorConfigError([`cannot read the file: ${(e as Error).message}`], file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new EmulatorConfigError([`not valid JSON: ${(e as Error).message}`], file);
  }
  return resolveConfig(parsed as EmulatorConfigInput, file);
}

const ROLE_ARN = /^acs:ram::(\d+):role\/[\w+=,.@-]{1,64}$/;
const OIDC_ARN = /^acs:ram::(\d+):oidc-provider\/[\w.-]{1,128}$/;
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Every problem of a resolved config, as `path: message`; empty when it is valid. */
export function validateConfig(c: EmulatorConfig): string[] {
  const p: string[] = [];
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const str = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (!str(c.region)) p.push('region: must be a non-empty string such as "cn-hangzhou"');
  for (const [name, list] of Object.entries({
    accounts: c.accounts,
    roles: c.roles,
    oidcProviders: c.oidcProviders,
    accessKeys: c.accessKeys,
  })) {
    if (!Array.isArray(list)) p.push(`${name}: must be an array`);
  }
  if (p.length > 0) return p;

  const keyIds = new Set<string>();
  const checkKey = (path: string, k: unknown) => {
    if (!isObj(k)) return p.push(`${path}: must be an object { accessKeyId, accessKeySecret }`);
    const key = k as { accessKeyId?: unknown; accessKeySecret?: unknown };
    if (!str(key.accessKeyId)) p.push(`${path}.accessKeyId: must be a non-empty string`);
    if (!str(key.accessKeySecret)) p.push(`${path}.accessKeySecret: must be a non-empty string`);
    if (typeof key.accessKeyId === 'string') {
      if (keyIds.has(key.accessKeyId)) p.push(`${path}.accessKeyId: "${key.accessKeyId}" is defined twice`);
      keyIds.add(key.accessKeyId);
    }
    return undefined;
  };

  const accountIds = new Set<string>();
  c.accounts.forEach((a, i) => {
    const path = `accounts[${i}]`;
    if (!isObj(a)) return void p.push(`${path}: must be an object`);
    if (typeof a.accountId !== 'string' || !/^\d{1,32}$/.test(a.accountId)) p.push(`${path}.accountId: must be a string of digits`);
    else accountIds.add(a.accountId);
    (a.rootAccessKeys ?? []).forEach((k, j) => checkKey(`${path}.rootAccessKeys[${j}]`, k));
    if (!Array.isArray(a.users)) return void p.push(`${path}.users: must be an array`);
    a.users.forEach((u, j) => {
      if (!isObj(u) || !str(u.name)) return void p.push(`${path}.users[${j}].name: must be a non-empty string`);
      if (!Array.isArray(u.accessKeys)) return void p.push(`${path}.users[${j}].accessKeys: must be an array`);
      u.accessKeys.forEach((k, m) => checkKey(`${path}.users[${j}].accessKeys[${m}]`, k));
    });
  });
  c.accessKeys.forEach((k, i) => checkKey(`accessKeys[${i}]`, k));
  if (c.accessKeys.length > 0 && c.accounts.length === 0) p.push('accessKeys: extra AccessKeys need at least one account to belong to');

  c.roles.forEach((r, i) => {
    const path = `roles[${i}]`;
    if (!isObj(r)) return void p.push(`${path}: must be an object`);
    if (typeof r.arn !== 'string' || !ROLE_ARN.test(r.arn)) p.push(`${path}.arn: must look like acs:ram::<accountId>:role/<name>`);
    if (!Number.isInteger(r.maxSessionDuration) || r.maxSessionDuration < 3600 || r.maxSessionDuration > 43200) {
      p.push(`${path}.maxSessionDuration: must be an integer from 3600 to 43200 seconds`);
    }
    if (!Array.isArray(r.trustedPrincipals) || !r.trustedPrincipals.every(str)) {
      p.push(`${path}.trustedPrincipals: must be an array of account ids, ARNs or "*"`);
    }
    if (r.externalId !== undefined && !str(r.externalId)) p.push(`${path}.externalId: must be a non-empty string when set`);
  });

  c.oidcProviders.forEach((o, i) => {
    const path = `oidcProviders[${i}]`;
    if (!isObj(o)) return void p.push(`${path}: must be an object`);
    if (typeof o.arn !== 'string' || !OIDC_ARN.test(o.arn)) p.push(`${path}.arn: must look like acs:ram::<accountId>:oidc-provider/<name>`);
    if (typeof o.issuer !== 'string' || !/^https:\/\/\S+$/.test(o.issuer)) p.push(`${path}.issuer: must be an https:// URL`);
    if (!Array.isArray(o.audiences) || o.audiences.length === 0 || !o.audiences.every(str)) {
      p.push(`${path}.audiences: must be a non-empty array of strings (client ids)`);
    }
    if (o.jwks !== undefined && !Array.isArray(o.jwks)) p.push(`${path}.jwks: must be an array of RSA JWKs (or empty: the emulator makes a key)`);
  });

  if (!isObj(c.ecs)) p.push('ecs: must be an object');
  else {
    if (!str(c.ecs.roleName)) p.push('ecs.roleName: must be a non-empty string');
    if (!['v2-required', 'v1-allowed', 'no-token-endpoint'].includes(c.ecs.mode)) {
      p.push('ecs.mode: must be "v2-required", "v1-allowed" or "no-token-endpoint"');
    }
    if (!Number.isInteger(c.ecs.credentialSeconds) || c.ecs.credentialSeconds < 1) p.push('ecs.credentialSeconds: must be a positive integer');
    if (c.ecs.roleArn !== undefined && !ROLE_ARN.test(c.ecs.roleArn)) p.push('ecs.roleArn: must look like acs:ram::<accountId>:role/<name>');
  }
  if (!isObj(c.credentialsUri)) p.push('credentialsUri: must be an object');
  else {
    if (typeof c.credentialsUri.path !== 'string' || !c.credentialsUri.path.startsWith('/') || c.credentialsUri.path.startsWith('/latest/')) {
      p.push('credentialsUri.path: must start with "/" and not with "/latest/" (the ECS metadata paths)');
    }
    if (!Number.isInteger(c.credentialsUri.durationSeconds) || c.credentialsUri.durationSeconds < 1) {
      p.push('credentialsUri.durationSeconds: must be a positive integer');
    }
    if (c.credentialsUri.roleArn !== undefined && !ROLE_ARN.test(c.credentialsUri.roleArn)) {
      p.push('credentialsUri.roleArn: must look like acs:ram::<accountId>:role/<name>');
    }
  }
  if (!isObj(c.kms) || !Array.isArray(c.kms.clientKeys) || !Array.isArray(c.kms.secrets)) {
    p.push('kms: must be an object { clientKeys: [], secrets: [] }');
  } else {
    c.kms.clientKeys.forEach((k, i) => {
      if (!isObj(k) || !str(k.keyId) || typeof k.publicKeyPem !== 'string' || !k.publicKeyPem.includes('BEGIN')) {
        p.push(`kms.clientKeys[${i}]: must be { keyId, publicKeyPem } with a PEM public key`);
      }
    });
    c.kms.secrets.forEach((s, i) => {
      if (!isObj(s) || !str(s.name)) return void p.push(`kms.secrets[${i}].name: must be a non-empty string`);
      if (!['RAMCredentials', 'Generic'].includes(s.type)) p.push(`kms.secrets[${i}].type: must be "RAMCredentials" or "Generic"`);
      for (const f of ['rotationSeconds', 'graceSeconds'] as const) {
        const v = s[f];
        if (v !== undefined && (!Number.isInteger(v) || v < 0 || (f === 'rotationSeconds' && v === 0))) {
          p.push(`kms.secrets[${i}].${f}: must be a ${f === 'rotationSeconds' ? 'positive' : 'non-negative'} integer`);
        }
      }
    });
  }
  if (!isObj(c.oss) || !Array.isArray(c.oss.buckets)) p.push('oss: must be an object { buckets: [] }');
  else {
    c.oss.buckets.forEach((b, i) => {
      if (!isObj(b) || typeof b.name !== 'string' || !BUCKET.test(b.name)) {
        p.push(`oss.buckets[${i}].name: 3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit`);
      }
      if (isObj(b) && !accountIds.has(b.accountId)) p.push(`oss.buckets[${i}].accountId: "${String(b.accountId)}" is not one of the accounts`);
    });
  }
  return p;
}
