import type { Socket } from 'node:net';
import { resolveConfig, type EmulatorConfigInput } from './config';
import { createFaults, type Faults } from './faults';
import { createOidcKeyring, type MintOidcTokenOptions } from './oidc/keyring';
import { createHandler, createServers, listen, type RequestLogEntry } from './server';
import { kmsService } from './services/kms/index';
import { ossService } from './services/oss/index';
import { ecsService } from './services/ecs/index';
import { stsService } from './services/sts/index';
import { uriService } from './services/uri/index';
import { createState, type ServerState } from './state';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from './tls';
import type { EmulatorConfig, Service } from './types';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Port of the http listener; 0 (default) picks a free one. */
  port?: number;
  /** Port of the https listener when `tls` is on; default 0. */
  tlsPort?: number;
  /**
   * Address to bind; default 127.0.0.1. Anything that is not loopback prints a warning: the emulator
   * accepts fixed test keys and must not be reachable from a network.
   */
  host?: string;
  /** Also listen with https (test-only certificate; trust `emulator.caPem`). */
  tls?: boolean;
  /** Pins the emulator clock: a fixed instant or a function (a fake clock). Default: real time. */
  now?: Date | (() => Date);
  /** Extra AccessKeys accepted everywhere, owned by the first account's first user. */
  accessKeys?: Array<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
  /** Config overrides merged over the default seed (see `resolveConfig`), or an already resolved config. */
  config?: EmulatorConfigInput;
  /** Where the non-loopback warning goes; default `console.warn`. */
  warn?: (message: string) => void;
}

/** What the default seed (or the first entries of a custom config) offers tests, so they need not hard-code it. */
export interface EmulatorSeed {
  region: string;
  accountId: string;
  /** The first RAM user's first AccessKey. */
  accessKeyId: string;
  accessKeySecret: string;
  userArn: string;
  /** A role the seed user may assume (max session 12 h in the default seed). */
  roleArn: string;
  /** A role that requires `externalId`. */
  externalIdRoleArn?: string;
  externalId?: string;
  /** A role trusting `oidcProviderArn`. */
  oidcRoleArn?: string;
  oidcProviderArn?: string;
  oidcIssuer?: string;
  oidcAudience?: string;
  ecsRoleName: string;
  ecsRoleArn?: string;
  uriRoleArn?: string;
  /** Path of the credentials URI endpoint (join with `url`). */
  credentialsPath: string;
  bucket?: string;
  kmsSecretName?: string;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** `https://127.0.0.1:<port>` when started with `tls`. */
  readonly tlsUrl?: string;
  /** The test CA that signed the https certificate, when started with `tls`. */
  readonly caPem?: string;
  /** The resolved config (with generated OIDC public keys). */
  readonly config: EmulatorConfig;
  readonly seed: EmulatorSeed;
  readonly faults: Faults;
  /** Requests received, oldest first, optionally filtered by service and action. */
  requests(filter?: { service?: string; action?: string }): RequestLogEntry[];
  /** The emulator clock. */
  now(): Date;
  /** Re-pins the clock (a `Date`, a function, or `undefined` for real time). */
  setNow(now: Date | (() => Date) | undefined): void;
  /** A JWT signed by an OIDC provider the emulator holds the key of (the default seed has one). */
  mintOidcToken(options?: MintOidcTokenOptions): string;
  /** Clears the request log, faults, nonces, STS-issued keys, IMDS tokens and stored objects. */
  reset(): void;
  /** Stops listening and drops open connections (including hung ones). */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the emulator on 127.0.0.1 (port 0 by default). Routing order: ECS metadata (`/latest/…`),
 * credentials URI, STS, KMS, then OSS for everything else.
 *
 * @example
 * const emu = await startEmulator({ now: new Date('2024-01-01T00:00:00Z') });
 * // point clients at emu.url, use emu.seed.accessKeyId / accessKeySecret
 * await emu.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const input: EmulatorConfigInput = { ...options.config };
  if (options.accessKeys) input.accessKeys = [...(input.accessKeys ?? []), ...options.accessKeys];
  const config = resolveConfig(input);
  const keyring = createOidcKeyring(config);
  const state: ServerState = createState(config, options.now);
  const services: Service[] = [ecsService(), uriService(), stsService(), kmsService(), ossService()];
  const faults = createFaults();
  const log: RequestLogEntry[] = [];
  const hung = new Set<Socket>();
  const handler = createHandler({ state, services, faults, log, hung });

  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    (options.warn ?? console.warn)(
      `alicred-emulator: listening on ${host}, not loopback. It accepts well-known test AccessKeys: do not expose it to a network.`,
    );
  }
  const servers = createServers(handler, options.tls ? { cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM } : undefined);
  const port = await listen(servers.http, host, options.port ?? 0);
  let tlsPort: number | undefined;
  if (servers.https) {
    try {
      tlsPort = await listen(servers.https, host, options.tlsPort ?? 0);
    } catch (e) {
      servers.http.close();
      throw e;
    }
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    ...(tlsPort !== undefined ? { tlsUrl: `https://${urlHost}:${tlsPort}`, caPem: TEST_CA_PEM } : {}),
    config,
    seed: seedOf(config),
    faults,
    requests: (filter = {}) =>
      log.filter((e) => (filter.service === undefined || e.service === filter.service) && (filter.action === undefined || e.action === filter.action)),
    now: () => state.now(),
    setNow: (n) => state.setNow(n),
    mintOidcToken: (o = {}) => keyring.mint(o, state.now()),
    reset: () => {
      log.length = 0;
      faults.clear();
      state.reset();
      for (const s of services) s.reset?.();
    },
    close: async () => {
      for (const socket of hung) socket.destroy();
      await Promise.all(
        [servers.http, servers.https].map(
          (s) =>
            s &&
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

function seedOf(config: EmulatorConfig): EmulatorSeed {
  const account = config.accounts[0];
  const userWithKey = account?.users.find((u) => u.accessKeys.length > 0);
  const key = userWithKey?.accessKeys[0] ?? account?.rootAccessKeys?.[0] ?? config.accessKeys[0];
  const accountId = account?.accountId ?? '';
  const byName = (name: string) => config.roles.find((r) => r.arn.endsWith(`:role/${name}`))?.arn;
  const externalRole = config.roles.find((r) => r.externalId !== undefined);
  const provider = config.oidcProviders[0];
  const oidcRole = provider ? config.roles.find((r) => r.trustedPrincipals.includes(provider.arn)) : undefined;
  const plainRole =
    config.roles.find((r) => r.externalId === undefined && (r.trustedPrincipals.includes(accountId) || r.trustedPrincipals.includes('*'))) ??
    config.roles[0];
  return {
    region: config.region,
    accountId,
    accessKeyId: key?.accessKeyId ?? '',
    accessKeySecret: key?.accessKeySecret ?? '',
    userArn: userWithKey ? `acs:ram::${accountId}:user/${userWithKey.name}` : `acs:ram::${accountId}:root`,
    roleArn: byName('emulator-role') ?? plainRole?.arn ?? '',
    ...(externalRole ? { externalIdRoleArn: externalRole.arn, externalId: externalRole.externalId } : {}),
    ...(oidcRole ? { oidcRoleArn: oidcRole.arn } : {}),
    ...(provider ? { oidcProviderArn: provider.arn, oidcIssuer: provider.issuer, oidcAudience: provider.audiences[0] } : {}),
    ecsRoleName: config.ecs.roleName,
    ...(config.ecs.roleArn ? { ecsRoleArn: config.ecs.roleArn } : {}),
    ...(config.credentialsUri.roleArn ? { uriRoleArn: config.credentialsUri.roleArn } : {}),
    credentialsPath: config.credentialsUri.path,
    ...(config.oss.buckets[0] ? { bucket: config.oss.buckets[0].name } : {}),
    ...(config.kms.secrets[0] ? { kmsSecretName: config.kms.secrets[0].name } : {}),
  };
}
