import { randomUUID } from 'node:crypto';
import type { AccessKeyRecord, CallerIdentity, EmulatorConfig, EmulatorState } from './types';

/** How long a SignatureNonce is remembered: the same window STS allows for Timestamp drift. */
export const NONCE_WINDOW_MS = 15 * 60 * 1000;

/** The server's state: the services' `EmulatorState` plus what only the server and tests touch. */
export interface ServerState extends EmulatorState {
  /** Pins the clock: a fixed `Date`, a function, or `undefined` for the real clock. */
  setNow(now: Date | (() => Date) | undefined): void;
  /** Forgets nonces and STS-issued keys; the configured keys stay. */
  reset(): void;
  /** Every key currently accepted (configured, STS-issued, rotated). */
  accessKeys(): AccessKeyRecord[];
}

/**
 * Builds the registry from the config: root keys (identity "Account"), RAM users' keys, and the extra
 * `accessKeys` (owned by the first account's first user, or its root when it has no user).
 */
export function createState(config: EmulatorConfig, now?: Date | (() => Date)): ServerState {
  let clock: () => Date = toClock(now);
  const configured = new Map<string, AccessKeyRecord>();
  const issued = new Map<string, AccessKeyRecord>();
  const nonces = new Map<string, number>();

  for (const account of config.accounts) {
    for (const k of account.rootAccessKeys ?? []) {
      configured.set(k.accessKeyId, { ...k, identity: rootIdentity(account.accountId) });
    }
    for (const user of account.users) {
      for (const k of user.accessKeys) {
        configured.set(k.accessKeyId, { ...k, identity: userIdentity(account.accountId, user.name, user.userId) });
      }
    }
  }
  const first = config.accounts[0];
  const firstUser = first?.users[0];
  const extraOwner = first
    ? firstUser
      ? userIdentity(first.accountId, firstUser.name, firstUser.userId)
      : rootIdentity(first.accountId)
    : rootIdentity('1000000000000000');
  for (const k of config.accessKeys) {
    configured.set(k.accessKeyId, {
      accessKeyId: k.accessKeyId,
      accessKeySecret: k.accessKeySecret,
      ...(k.securityToken ? { securityToken: k.securityToken } : {}),
      identity: extraOwner,
    });
  }

  return {
    now: () => clock(),
    setNow: (n) => {
      clock = toClock(n);
    },
    config,
    findAccessKey: (id) => issued.get(id) ?? configured.get(id),
    registerAccessKey: (record) => {
      issued.set(record.accessKeyId, record);
    },
    useNonce: (nonce) => {
      const t = clock().getTime();
      // Drop nonces older than the window so the map cannot grow without bound in a long benchmark.
      for (const [n, at] of nonces) if (Math.abs(t - at) > NONCE_WINDOW_MS) nonces.delete(n);
      if (nonces.has(nonce)) return false;
      nonces.set(nonce, t);
      return true;
    },
    newRequestId: () => randomUUID().toUpperCase(),
    reset: () => {
      nonces.clear();
      issued.clear();
    },
    accessKeys: () => [...configured.values(), ...issued.values()],
  };
}

function toClock(now: Date | (() => Date) | undefined): () => Date {
  if (now === undefined) return () => new Date();
  if (typeof now === 'function') return now;
  const fixed = new Date(now.getTime());
  return () => new Date(fixed.getTime());
}

/** Stable numeric-looking ids derived from names, so GetCallerIdentity answers are reproducible. */
export function numericId(seed: string, length = 17): string {
  let h = 0n;
  for (const c of seed) h = (h * 131n + BigInt(c.codePointAt(0) ?? 0)) % 10n ** BigInt(length - 1);
  return `2${h.toString().padStart(length - 1, '0')}`;
}

export function rootIdentity(accountId: string): CallerIdentity {
  return { accountId, identityType: 'Account', arn: `acs:ram::${accountId}:root`, principalId: accountId };
}

export function userIdentity(accountId: string, name: string, userId?: string): CallerIdentity {
  const id = userId ?? numericId(`${accountId}/user/${name}`);
  return { accountId, identityType: 'RAMUser', arn: `acs:ram::${accountId}:user/${name}`, principalId: id, userId: id };
}
