import { httpRequest, parseJsonBody, type CredentialsError } from '@alicred/core';
import type { ResolvedConfig } from './config';
import type { KmsTarget } from './endpoint';
import { kmsClientKeyError, KmsClientKeyErrorCode as Code, PROVIDER_NAME } from './errors';
import { getSecretValueParams, signedQuery } from './sign-request';

/** How one GetSecretValue call is made. */
export interface GetSecretValueOptions {
  config: ResolvedConfig;
  now: () => number;
  random: () => number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Per attempt (default 10 000 ms). */
  timeoutMs?: number;
  /** Attempts after the first, per endpoint, for throttling, 5xx, timeouts and network errors (default 2). */
  retries?: number;
  /** Waits between attempts; injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 5_000;
const RETRYABLE_CODES = new Set(['Rejected.Throttling', 'ServiceUnavailableTemporary', 'InternalFailure', 'ServiceUnavailable', 'InternalError']);

/** Errors that may succeed on another try or at another endpoint. */
const retryable = new WeakSet<object>();

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Maps a KMS error answer to a specific, secret-free error. */
function kmsFailure(status: number, body: Record<string, unknown> | undefined, config: ResolvedConfig, target: KmsTarget): CredentialsError {
  const rawCode = typeof body?.['Code'] === 'string' ? body['Code'] : '';
  const code = /^[\w.-]{1,80}$/.test(rawCode) ? rawCode : '';
  const requestId = typeof body?.['RequestId'] === 'string' && /^[\w-]{1,64}$/.test(body['RequestId']) ? body['RequestId'] : undefined;
  const tail = `(KMS ${code || `HTTP ${status}`}${requestId ? `, RequestId ${requestId}` : ''})`;
  const where = target.regionId ? ` in ${target.regionId}` : '';
  if (code === 'Forbidden.ResourceNotFound' || code === 'Forbidden.SecretNotFound' || code === 'EntityNotExist.Secret') {
    return kmsClientKeyError(
      `KMS has no secret ${config.secretName}${where}, or the ClientKey's application access point may not read it ${tail}.`,
      Code.SecretNotFound,
    );
  }
  if (code === 'InvalidAccessKeyId.NotFound' || code === 'InvalidAccessKeyId') {
    return kmsClientKeyError(`KMS${where} does not know the ClientKey ${config.keyId}: it was removed, or belongs to another region ${tail}.`, Code.KmsAuthFailed);
  }
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature' || code === 'InvalidSignatureMethod') {
    return kmsClientKeyError(`KMS rejected the request signature: the private key does not belong to ClientKey ${config.keyId} ${tail}.`, Code.KmsAuthFailed);
  }
  if (code === 'InvalidTimeStamp.Expired') {
    return kmsClientKeyError(`KMS rejected the request time: this machine's clock is off by more than 15 minutes ${tail}.`, Code.KmsAuthFailed);
  }
  if (code.startsWith('Forbidden')) {
    return kmsClientKeyError(
      `KMS refused GetSecretValue on ${config.secretName}: check the application access point's policy (SecretUser on this secret) ${tail}.`,
      Code.KmsAuthFailed,
    );
  }
  const error = kmsClientKeyError(`GetSecretValue on ${config.secretName} failed ${tail}.`, Code.KmsError);
  if (RETRYABLE_CODES.has(code) || code.startsWith('Throttling') || status === 429 || status >= 500) retryable.add(error);
  return error;
}

async function attempt(options: GetSecretValueOptions, target: KmsTarget): Promise<Record<string, unknown>> {
  const { config } = options;
  const params = getSecretValueParams({
    keyId: config.keyId,
    secretName: config.secretName,
    versionStage: config.versionStage,
    ...(target.regionId ? { regionId: target.regionId } : {}),
    nonce: globalThis.crypto.randomUUID(),
    now: new Date(options.now()),
  });
  const query = await signedQuery(params, config.signingKey);
  let response;
  try {
    response = await httpRequest(`${target.url}/?${query}`, {
      provider: PROVIDER_NAME,
      method: 'GET',
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      // Retried here, not by httpRequest: every attempt needs a fresh nonce and timestamp.
      idempotent: false,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'NetworkError' || code === 'Timeout') retryable.add(error as object);
    throw error;
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed = parseJsonBody(response, PROVIDER_NAME);
    body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch (error) {
    if (response.status >= 200 && response.status < 300) throw error;
  }
  if (response.status < 200 || response.status >= 300 || body === undefined || typeof body['Code'] === 'string') {
    throw kmsFailure(response.status, body, config, target);
  }
  return body;
}

/**
 * Calls GetSecretValue on each configured endpoint in turn, signed with the ClientKey. Each attempt is
 * signed anew (fresh nonce and timestamp); throttling, 5xx, timeouts and network errors are retried with
 * exponential backoff and jitter, then the next endpoint (region) is tried. Other errors stop at once.
 */
export async function getSecretValue(options: GetSecretValueOptions): Promise<Record<string, unknown>> {
  const retries = Math.max(0, Math.floor(options.retries ?? 2));
  const sleep = options.sleep ?? sleepFor;
  let last: unknown;
  for (const target of options.config.targets) {
    for (let n = 0; ; n += 1) {
      try {
        return await attempt(options, target);
      } catch (error) {
        if (!retryable.has(error as object)) throw error;
        last = error;
        if (n >= retries) break;
        const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** n);
        try {
          await sleep(delay / 2 + (options.random() * delay) / 2, options.signal);
        } catch {
          throw kmsClientKeyError('the request was aborted while waiting to retry.', 'Aborted');
        }
      }
    }
  }
  throw last;
}
