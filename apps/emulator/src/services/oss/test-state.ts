import { randomUUID } from 'node:crypto';
import type { AccessKeyRecord, EmuRequest, EmulatorConfig, EmulatorState } from '../../types';

/**
 * A small in-memory `EmulatorState` for service-level tests (OSS and KMS): a settable clock, an
 * AccessKey map and a nonce set. Test-only; the server's real state lives in src/state.ts.
 */
export interface TestState extends EmulatorState {
  setNow(date: Date): void;
}

export function testState(init: { now: Date; config?: Partial<EmulatorConfig>; keys?: AccessKeyRecord[] }): TestState {
  let now = init.now;
  const keys = new Map<string, AccessKeyRecord>();
  const nonces = new Set<string>();
  for (const k of init.keys ?? []) keys.set(k.accessKeyId, k);
  const config: EmulatorConfig = {
    region: 'cn-hangzhou',
    accounts: [],
    roles: [],
    oidcProviders: [],
    ecs: { roleName: 'role', mode: 'v2-required', credentialSeconds: 3600 },
    credentialsUri: { path: '/credentials', durationSeconds: 3600 },
    kms: { clientKeys: [], secrets: [] },
    oss: { buckets: [] },
    accessKeys: [],
    ...init.config,
  };
  return {
    now: () => now,
    setNow: (d) => {
      now = d;
    },
    config,
    findAccessKey: (id) => keys.get(id),
    registerAccessKey: (record) => {
      keys.set(record.accessKeyId, record);
    },
    useNonce: (nonce) => {
      if (nonces.has(nonce)) return false;
      nonces.add(nonce);
      return true;
    },
    newRequestId: () => randomUUID().toUpperCase(),
  };
}

/** A RAM user identity of account `accountId`. */
export function userIdentity(accountId: string, name = 'tester'): AccessKeyRecord['identity'] {
  return {
    accountId,
    identityType: 'RAMUser',
    arn: `acs:ram::${accountId}:user/${name}`,
    principalId: `2${accountId.slice(0, 16).padEnd(16, '0')}`,
    userId: `2${accountId.slice(0, 16).padEnd(16, '0')}`,
  };
}

/** Builds an `EmuRequest` the way the server parses one (lower-case headers, raw path kept). */
export function makeRequest(input: {
  method: string;
  host: string;
  /** Path and query exactly as on the wire. */
  pathAndQuery: string;
  headers?: Array<[string, string]> | Record<string, string>;
  body?: Uint8Array | string;
}): EmuRequest {
  const url = new URL(`http://${input.host}${input.pathAndQuery}`);
  const headers: Record<string, string> = {};
  const entries = Array.isArray(input.headers) ? input.headers : Object.entries(input.headers ?? {});
  for (const [k, v] of entries) headers[k.toLowerCase()] = v;
  headers['host'] ??= input.host;
  const body = typeof input.body === 'string' ? new TextEncoder().encode(input.body) : (input.body ?? new Uint8Array());
  const isForm = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return {
    method: input.method,
    url,
    rawPath: input.pathAndQuery.split('?')[0] ?? '/',
    query: url.searchParams,
    headers,
    body,
    form: isForm ? new URLSearchParams(new TextDecoder().decode(body)) : new URLSearchParams(),
    host: input.host.replace(/:\d+$/, '').toLowerCase(),
  };
}
