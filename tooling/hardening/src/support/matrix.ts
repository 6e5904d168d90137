import { generateKeyPairSync } from 'node:crypto';
import { defaultChain } from '@alicred/chain';
import { fromStatic, isCredentialsError, type CredentialProvider, type Credentials, type Logger } from '@alicred/core';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import type { Emulator, EmulatorConfigInput, FaultRule } from '@alicred/emulator';
import { fromKmsClientKey } from '@alicred/kms-client-key';
import { fromOidcRoleArn } from '@alicred/oidc';
import { fromRamRoleArn } from '@alicred/ram-role';
import { fromCredentialsUri } from '@alicred/uri';
import type { ResetProxy } from './reset-proxy';
import type { createResourceTracker } from './resource-tracker';

/** Short configured timeouts so a hang cell finishes fast; every source gets the same. */
export const TIMEOUT_MS = 500;
/** Scheduling slack on a loaded 2-core machine; the bound is a bound, not a performance figure. */
export const MARGIN_MS = 2_000;
/** How long before expiry the warm cells put the clock: inside every source's refresh window (≥ 4 min). */
export const WARM_REMAINING_MS = 120_000;

/** What a source under test needs from the test. */
export interface SourceContext {
  emu: Emulator;
  proxy: ResetProxy;
  now: () => number;
  logger: Logger;
}

export interface SourceSpec {
  id: string;
  label: string;
  /** The emulator service and action the faults target (the credential request itself). */
  service: string;
  action: string;
  /**
   * Most requests one provider call may make to the faulted action: the configured retries (1 everywhere)
   * plus, for ECS, the IMDSv1 retry of a failed GET. The elapsed-time bound is this × TIMEOUT_MS + MARGIN_MS.
   */
  maxAttempts: number;
  /**
   * The source signs its requests with its own (injected) clock, so the emulator must share it: when the
   * warm cells move the provider's clock forward, the emulator's moves too (KMS's SHA256withRSA requests
   * carry a Timestamp the gateway checks).
   */
  sharedClock?: true;
  make(ctx: SourceContext): CredentialProvider;
}

// A KMS ClientKey for the emulator's gateway, made here (the edge form: key id + PKCS#8 key, no PKCS#12).
const kmsKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KMS_KEY_ID = 'KAAP.hardening-matrix';
const KMS_SECRET = 'acs/ram/user/hardening';

/** The ClientKey the matrix emulator trusts (the secret audit uses it too). */
export const KMS_TEST_KEY = Object.freeze({
  keyId: KMS_KEY_ID,
  secretName: KMS_SECRET,
  privateKeyPem: kmsKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

/** Emulator config for the matrix: 1 h credentials everywhere, and a KMS ClientKey + rotated RAM secret. */
export const MATRIX_EMULATOR_CONFIG: EmulatorConfigInput = {
  ecs: { credentialSeconds: 3600 },
  kms: {
    clientKeys: [{ keyId: KMS_KEY_ID, publicKeyPem: kmsKey.publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
    secrets: [{ name: KMS_SECRET, type: 'RAMCredentials', userName: 'kms-rotated-user', rotationSeconds: 3600, graceSeconds: 600 }],
  },
} as EmulatorConfigInput;

/** The default chain with nothing configured but the one link under test (no file, no real metadata service). */
function chainEnv(extra: Record<string, string>): Record<string, string> {
  return {
    HOME: '/nonexistent-hardening-home',
    ALIBABA_CLOUD_CONFIG_FILE: '/nonexistent-hardening-home/config.json',
    ALIBABA_CLOUD_CREDENTIALS_FILE: '/nonexistent-hardening-home/credentials',
    ...extra,
  };
}

const noSleep = async (): Promise<void> => {};
const fixedRandom = (): number => 0.5;

export const SOURCES: SourceSpec[] = [
  {
    id: 'sts-assume-role',
    label: 'STS AssumeRole (`fromRamRoleArn`)',
    service: 'sts',
    action: 'AssumeRole',
    maxAttempts: 2,
    make: ({ emu, proxy, now, logger }) =>
      fromRamRoleArn({
        source: fromStatic({ accessKeyId: emu.seed.accessKeyId, accessKeySecret: emu.seed.accessKeySecret }),
        roleArn: emu.seed.roleArn,
        roleSessionName: 'fault-matrix',
        endpoint: proxy.url,
        env: {},
        timeoutMs: TIMEOUT_MS,
        retries: 1,
        sleep: noSleep,
        now,
        random: fixedRandom,
        logger,
      }),
  },
  {
    id: 'sts-oidc',
    label: 'STS AssumeRoleWithOIDC (`fromOidcRoleArn`)',
    service: 'sts',
    action: 'AssumeRoleWithOIDC',
    maxAttempts: 2,
    make: ({ emu, proxy, now, logger }) =>
      fromOidcRoleArn({
        roleArn: emu.seed.oidcRoleArn,
        oidcProviderArn: emu.seed.oidcProviderArn,
        oidcToken: async () => emu.mintOidcToken(),
        roleSessionName: 'fault-matrix',
        endpoint: proxy.url,
        env: {},
        timeoutMs: TIMEOUT_MS,
        retries: 1,
        sleep: noSleep,
        now,
        random: fixedRandom,
        logger,
      }),
  },
  {
    id: 'ecs-metadata',
    label: 'ECS metadata (`fromEcsMetadata`)',
    service: 'ecs',
    action: 'GetRoleCredentials',
    maxAttempts: 4,
    make: ({ proxy, now, logger }) =>
      fromEcsMetadata({ endpoint: proxy.url, env: {}, timeoutMs: TIMEOUT_MS, retries: 1, now, random: fixedRandom, logger }),
  },
  {
    id: 'kms-client-key',
    label: 'KMS ClientKey (`fromKmsClientKey`)',
    service: 'kms',
    action: 'GetSecretValue',
    maxAttempts: 2,
    sharedClock: true,
    make: ({ proxy, now, logger }) =>
      fromKmsClientKey({
        keyId: KMS_KEY_ID,
        privateKey: kmsKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        endpoint: proxy.url,
        regionId: 'cn-hangzhou',
        secretName: KMS_SECRET,
        propertiesFile: false,
        env: {},
        timeoutMs: TIMEOUT_MS,
        retries: 1,
        now,
        random: fixedRandom,
        logger,
      }),
  },
  {
    id: 'credentials-uri',
    label: 'credentials URI (`fromCredentialsUri`)',
    service: 'uri',
    action: 'GetCredentials',
    maxAttempts: 2,
    make: ({ emu, proxy, now, logger }) =>
      fromCredentialsUri({ uri: `${proxy.url}${emu.seed.credentialsPath}`, env: {}, timeoutMs: TIMEOUT_MS, retries: 1, now, random: fixedRandom, logger }),
  },
  {
    id: 'chain-ecs',
    label: 'default chain → ECS metadata (`defaultChain`)',
    service: 'ecs',
    action: 'GetRoleCredentials',
    maxAttempts: 4,
    make: ({ proxy, now, logger }) =>
      defaultChain({
        env: chainEnv({ ALICRED_ECS_METADATA_ENDPOINT: proxy.url }),
        logger,
        ecs: { timeoutMs: TIMEOUT_MS, retries: 1, now, random: fixedRandom },
      }),
  },
  {
    id: 'chain-uri',
    label: 'default chain → credentials URI (`defaultChain`)',
    service: 'uri',
    action: 'GetCredentials',
    maxAttempts: 2,
    make: ({ emu, proxy, now, logger }) =>
      defaultChain({
        // ECS off: on a machine that might be ECS the link would otherwise probe the real metadata address.
        env: chainEnv({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CREDENTIALS_URI: `${proxy.url}${emu.seed.credentialsPath}` }),
        logger,
        uri: { timeoutMs: TIMEOUT_MS, retries: 1, now, random: fixedRandom },
      }),
  },
];

export interface FaultSpec {
  id: string;
  label: string;
  /** An emulator fault rule (service and action are the source's); absent for the proxy's reset. */
  rule?: Omit<FaultRule, 'service' | 'action'>;
  reset?: true;
}

export const FAULTS: FaultSpec[] = [
  { id: 'latency', label: `latency 100 ms (< ${TIMEOUT_MS} ms timeout)`, rule: { latencyMs: 100 } },
  { id: 'status-500', label: 'HTTP 500', rule: { status: 500 } },
  { id: 'status-503', label: 'HTTP 503', rule: { status: 503 } },
  { id: 'status-400', label: 'HTTP 400', rule: { status: 400 } },
  { id: 'status-403', label: 'HTTP 403', rule: { status: 403 } },
  { id: 'status-404', label: 'HTTP 404', rule: { status: 404 } },
  { id: 'malformed', label: 'malformed JSON', rule: { body: 'malformed' } },
  { id: 'truncated', label: 'truncated body', rule: { body: 'truncated' } },
  { id: 'oversized', label: 'oversized body (10 MiB)', rule: { body: 'oversized' } },
  { id: 'hang', label: 'hang (never answers)', rule: { hang: true } },
  { id: 'reset', label: 'connection reset', reset: true },
  { id: 'expired', label: 'expired credentials returned', rule: { expiredCredentials: true } },
  { id: 'skew-plus-20m', label: 'clock skew +20 min', rule: { clockSkewSeconds: 1200 } },
  { id: 'skew-minus-20m', label: 'clock skew −20 min', rule: { clockSkewSeconds: -1200 } },
  { id: 'throttle', label: 'throttling', rule: { throttle: true } },
];

export interface CellResult {
  /** `fresh`, `error <code>`, `cached; refresh → fresh` or `cached; refresh → error <code>`. */
  outcome: string;
  elapsedMs: number;
  boundMs: number;
  attempts: number;
  leaks: string[];
  unhandled: number;
  /** Something a caller got that it must not: an expired credential or a non-CredentialsError. */
  violations: string[];
}

function describeError(error: unknown): string {
  if (isCredentialsError(error)) return `error \`${error.code}\``;
  return `non-CredentialsError ${(error as Error)?.name ?? typeof error}`;
}

type Tracker = ReturnType<typeof createResourceTracker>;

/** Runs one cell: a fresh provider, the fault in place, one call (cold) or a refresh inside the window (warm). */
export async function runCell(
  env: { emu: Emulator; proxy: ResetProxy; tracker: Tracker; unhandled: () => number; setEmulatorOffset?: (ms: number) => void },
  source: SourceSpec,
  fault: FaultSpec,
  cache: 'cold' | 'warm',
): Promise<CellResult> {
  const { emu, proxy, tracker } = env;
  emu.faults.clear();
  proxy.mode = 'pass';
  let offsetMs = 0;
  const now = (): number => Date.now() + offsetMs;
  const warnings: unknown[][] = [];
  const logger: Logger = { debug: () => {}, info: () => {}, warn: (...args: unknown[]) => void warnings.push(args), error: () => {} };
  const provider = source.make({ emu, proxy, now, logger });
  const violations: string[] = [];
  const isExpired = (creds: Credentials): boolean => creds.expiration !== undefined && creds.expiration.getTime() <= now();
  const check = (creds: Credentials): void => {
    if (isExpired(creds)) violations.push('expired credential handed out');
  };

  let cached: Credentials | undefined;
  if (cache === 'warm') {
    cached = await provider();
    check(cached);
    const lifetime = (cached.expiration?.getTime() ?? now()) - now();
    offsetMs = lifetime - WARM_REMAINING_MS;
    if (source.sharedClock) env.setEmulatorOffset?.(offsetMs);
  }
  const unhandledBefore = env.unhandled();
  const before = emu.requests({ service: source.service, action: source.action }).length;
  tracker.mark();
  if (fault.rule) emu.faults.add({ service: source.service, action: source.action, ...fault.rule });
  if (fault.reset) proxy.mode = 'reset';

  const boundMs = TIMEOUT_MS * source.maxAttempts + MARGIN_MS;
  const started = Date.now();
  let outcome: string;
  if (cache === 'cold') {
    try {
      const creds = await provider();
      check(creds);
      outcome = isExpired(creds) ? '**expired credentials served**' : 'fresh';
    } catch (error) {
      if (!isCredentialsError(error)) violations.push(`cold call threw ${describeError(error)}`);
      outcome = describeError(error);
    }
  } else {
    // Inside the refresh window: the call answers from the cache and starts one background refresh.
    const served = await provider();
    if (served !== cached) violations.push('warm call inside the refresh window did not answer from the cache');
    check(served);
    // Back before the window, so looking again starts no further refresh; wait for the background one to end.
    offsetMs = 0;
    outcome = '';
    while (!outcome) {
      let seen: Credentials;
      try {
        seen = await provider();
      } catch (error) {
        violations.push(`warm call failed while the cached credentials were valid: ${describeError(error)}`);
        outcome = `error (${describeError(error)})`;
        break;
      }
      check(seen);
      const failure = warnings.find((w) => isCredentialsError(w[1]));
      if (failure) outcome = `cached; refresh → ${describeError(failure[1])}`;
      else if (seen !== cached) outcome = isExpired(seen) ? 'cached; refresh → **expired credentials served instead**' : 'cached; refresh → fresh';
      else if (Date.now() - started > boundMs) outcome = 'cached; refresh never ended';
      else await new Promise((r) => setTimeout(r, 10));
    }
  }
  const elapsedMs = Date.now() - started;
  env.setEmulatorOffset?.(0);
  emu.faults.clear();
  proxy.mode = 'pass';
  const attempts = emu.requests({ service: source.service, action: source.action }).length - before;
  const leaks = (await tracker.settle(1_500)).map((r) => r.type);
  // Unhandled rejections are reported after the microtask queue drains: give them two turns.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return { outcome, elapsedMs, boundMs, attempts, leaks, unhandled: env.unhandled() - unhandledBefore, violations };
}

/** The published table: one row per source and fault, no timings (they vary run to run). */
export function renderMatrix(results: Map<string, { cold: CellResult; warm: CellResult }>, knownIssues: string[] = [], notes: string[] = []): string {
  const lines = [
    '# Fault matrix',
    '',
    '<!-- Generated by `tooling/hardening/src/fault-matrix.test.ts`; do not edit by hand. Regenerate with',
    '     `cd tooling/hardening && ALICRED_UPDATE_FAULT_MATRIX=1 npx vitest run src/fault-matrix.test.ts`. -->',
    '',
    'Every alicred credential source against `@alicred/emulator` with one fault injected on its credential',
    "request (a TCP proxy in front of the emulator supplies the connection resets). Each source is configured",
    `with a ${TIMEOUT_MS} ms timeout per attempt and 1 retry.`,
    '',
    '- **cold**: a new provider, nothing cached; the outcome of the first call: `fresh` credentials or the',
    '  `CredentialsError` code the caller gets.',
    `- **warm**: credentials cached and ${WARM_REMAINING_MS / 60_000} min from expiry, i.e. inside the refresh window; the call`,
    '  answers from the cache at once (in every cell) and starts one background refresh, whose result is shown',
    '  (a failed background refresh is logged as a warning and retried with backoff; callers keep the cached',
    '  credentials until they expire).',
    '- **bounded**: the cell (including the background refresh when warm) finished within',
    `  ${TIMEOUT_MS} ms × attempts + ${MARGIN_MS} ms, where attempts is the source's retry budget (2; ECS 4: one retry`,
    '  and the IMDSv1 retry of a failed GET).',
    '- **clean**: after the cell, no timer or socket of the client is left open and no promise rejection went',
    '  unhandled.',
    '',
    'Every cell also checks that no expired credential was handed out and that nothing but a `CredentialsError`',
    'was thrown. The default-chain rows run `defaultChain()` with only the link under test configured (the',
    'metadata endpoint, or the credentials URI with ECS disabled), so the fault reaches the caller through the chain.',
    '',
    '| source | fault | cold | warm | bounded | clean |',
    '|---|---|---|---|---|---|',
  ];
  for (const source of SOURCES) {
    for (const fault of FAULTS) {
      const r = results.get(`${source.id}/${fault.id}`);
      if (!r) continue;
      const bounded = r.cold.elapsedMs < r.cold.boundMs && r.warm.elapsedMs < r.warm.boundMs ? 'yes' : '**no**';
      const clean = [r.cold, r.warm].every((c) => c.leaks.length === 0 && c.unhandled === 0) ? 'yes' : '**no**';
      lines.push(`| ${source.label} | ${fault.label} | ${r.cold.outcome} | ${r.warm.outcome} | ${bounded} | ${clean} |`);
    }
  }
  if (notes.length) {
    lines.push('', '## Notes', '');
    for (const note of notes) lines.push(`- ${note}`);
  }
  if (knownIssues.length) {
    lines.push('', '## Known issues (reported, not yet fixed)', '');
    for (const issue of knownIssues) lines.push(`- ${issue}`);
  }
  return `${lines.join('\n')}\n`;
}
