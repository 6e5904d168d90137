import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccessKeyRecord, EmuRequest, EmuResponse, EmulatorState } from '../../types';
import { ossError, type OssErrorCode } from './errors';
import type { OssTarget } from './target';
import { v1Signature, v1StringToSign } from './v1';
import {
  UNSIGNED_PAYLOAD,
  V4_ALGORITHM,
  parseV4Authorization,
  parseV4Credential,
  parseV4Datetime,
  v4Signature,
  v4StringToSign,
} from './v4';

/** OSS accepts about 15 minutes of clock difference (signing-spec §1.2). */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** Presigned V4 URLs may live at most 7 days (signing-spec §1.13). */
export const MAX_V4_EXPIRES = 604_800;

export type OssAuthScheme = 'v4-header' | 'v4-query' | 'v1-header' | 'v1-query';

export type OssAuth =
  | { kind: 'anonymous' }
  | { kind: 'signed'; scheme: OssAuthScheme; record: AccessKeyRecord }
  | { kind: 'error'; response: EmuResponse };

export interface OssAuthContext {
  requestId: string;
  hostId: string;
  /** Region a bucket lives in, when the bucket is known; V4 scopes must name it. */
  bucketRegion?: string;
}

/**
 * Authenticates an OSS request the way the service does: V4 header, V4 presigned URL, V1 header or V1
 * presigned URL, else anonymous. Errors are the OSS XML errors a real endpoint would send.
 */
export function authenticateOss(req: EmuRequest, state: EmulatorState, target: OssTarget, ctx: OssAuthContext): OssAuth {
  const authorization = req.headers['authorization'];
  const q = req.query;
  if (authorization !== undefined) {
    if (authorization.startsWith(`${V4_ALGORITHM} `)) return v4Header(req, state, target, ctx, authorization);
    if (authorization.startsWith('OSS ')) return v1Header(req, state, target, ctx, authorization);
    return fail(req, ctx, 'InvalidArgument', 'Authorization header is invalid.');
  }
  if (q.has('x-oss-signature-version') || q.has('x-oss-signature') || q.has('x-oss-credential')) {
    return v4Query(req, state, target, ctx);
  }
  if (q.has('OSSAccessKeyId') || q.has('Signature')) return v1Query(req, state, target, ctx);
  return { kind: 'anonymous' };
}

function v4Header(req: EmuRequest, state: EmulatorState, target: OssTarget, ctx: OssAuthContext, header: string): OssAuth {
  const auth = parseV4Authorization(header);
  if (!auth) return fail(req, ctx, 'InvalidArgument', 'Authorization header is invalid.');
  const credential = parseV4Credential(auth.credential);
  if (!credential) return fail(req, ctx, 'InvalidArgument', 'Invalid credential in Authorization header.');
  const datetime = req.headers['x-oss-date'];
  const signedAt = datetime ? parseV4Datetime(datetime) : undefined;
  if (!datetime || !signedAt) {
    return fail(req, ctx, 'AccessDenied', 'OSS4-HMAC-SHA256 requests must carry a valid x-oss-date header.');
  }
  const scopeCheck = checkScope(req, ctx, credential, datetime);
  if (scopeCheck) return scopeCheck;
  const key = checkKey(req, state, ctx, credential.accessKeyId, req.headers['x-oss-security-token']);
  if ('response' in key) return { kind: 'error', response: key.response };
  const now = state.now();
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) return skewed(req, ctx, signedAt, now);

  const hashedPayload = req.headers['x-oss-content-sha256'] ?? UNSIGNED_PAYLOAD;
  if (/^[0-9a-f]{64}$/i.test(hashedPayload)) {
    const actual = createHash('sha256').update(req.body).digest('hex');
    if (actual !== hashedPayload.toLowerCase()) {
      return fail(req, ctx, 'InvalidDigest', 'The x-oss-content-sha256 you specified does not match the request body.');
    }
  }
  const { canonicalRequest, stringToSign } = v4StringToSign({
    method: req.method,
    bucket: target.bucket,
    key: target.key,
    query: [...req.query],
    headers: req.headers,
    additionalHeaders: auth.additionalHeaders,
    datetime,
    scope: credential.scope,
    hashedPayload,
  });
  const expected = v4Signature(key.record.accessKeySecret, credential.date, credential.region, credential.product, stringToSign);
  if (!sameText(expected, auth.signature)) {
    return mismatch(req, ctx, credential.accessKeyId, stringToSign, canonicalRequest, key.token);
  }
  return { kind: 'signed', scheme: 'v4-header', record: key.record };
}

function v4Query(req: EmuRequest, state: EmulatorState, target: OssTarget, ctx: OssAuthContext): OssAuth {
  const q = req.query;
  const version = q.get('x-oss-signature-version');
  if (version !== V4_ALGORITHM) {
    return fail(req, ctx, 'InvalidArgument', `Unsupported x-oss-signature-version: ${version ?? '(missing)'}.`);
  }
  for (const name of ['x-oss-credential', 'x-oss-date', 'x-oss-expires', 'x-oss-signature']) {
    if (!q.get(name)) return fail(req, ctx, 'InvalidArgument', `Query parameter ${name} is required.`);
  }
  const credential = parseV4Credential(q.get('x-oss-credential') ?? '');
  if (!credential) return fail(req, ctx, 'InvalidArgument', 'Invalid x-oss-credential.');
  const datetime = q.get('x-oss-date') ?? '';
  const signedAt = parseV4Datetime(datetime);
  if (!signedAt) return fail(req, ctx, 'InvalidArgument', 'Invalid x-oss-date.');
  const expiresText = q.get('x-oss-expires') ?? '';
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= MAX_V4_EXPIRES)) {
    return fail(req, ctx, 'InvalidArgument', `x-oss-expires must be between 1 and ${MAX_V4_EXPIRES} seconds.`);
  }
  const scopeCheck = checkScope(req, ctx, credential, datetime);
  if (scopeCheck) return scopeCheck;
  const key = checkKey(req, state, ctx, credential.accessKeyId, q.get('x-oss-security-token') ?? undefined);
  if ('response' in key) return { kind: 'error', response: key.response };
  const now = state.now();
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  if (now.getTime() > expiresAt.getTime()) return expired(req, ctx, expiresAt, now);
  if (signedAt.getTime() - now.getTime() > MAX_SKEW_MS) return skewed(req, ctx, signedAt, now);

  const additional = (q.get('x-oss-additional-headers') ?? '').split(';').filter(Boolean);
  const { canonicalRequest, stringToSign } = v4StringToSign({
    method: req.method,
    bucket: target.bucket,
    key: target.key,
    query: [...q].filter(([k]) => k !== 'x-oss-signature'),
    headers: req.headers,
    additionalHeaders: additional,
    datetime,
    scope: credential.scope,
    hashedPayload: UNSIGNED_PAYLOAD,
  });
  const expected = v4Signature(key.record.accessKeySecret, credential.date, credential.region, credential.product, stringToSign);
  if (!sameText(expected, q.get('x-oss-signature') ?? '')) {
    return mismatch(req, ctx, credential.accessKeyId, stringToSign, canonicalRequest, key.token);
  }
  return { kind: 'signed', scheme: 'v4-query', record: key.record };
}

function v1Header(req: EmuRequest, state: EmulatorState, target: OssTarget, ctx: OssAuthContext, header: string): OssAuth {
  const m = /^OSS ([^:\s]+):(\S+)$/.exec(header.trim());
  if (!m) return fail(req, ctx, 'InvalidArgument', 'Authorization header is invalid.');
  const [, accessKeyId, signature] = m as unknown as [string, string, string];
  // The docs and ali-oss put x-oss-date in the Date slot when it is present.
  const dateSlot = req.headers['x-oss-date'] ?? req.headers['date'];
  const signedAt = dateSlot ? new Date(dateSlot) : undefined;
  if (!dateSlot || !signedAt || Number.isNaN(signedAt.getTime())) {
    return fail(req, ctx, 'AccessDenied', 'OSS authentication requires a valid Date.');
  }
  const key = checkKey(req, state, ctx, accessKeyId, req.headers['x-oss-security-token']);
  if ('response' in key) return { kind: 'error', response: key.response };
  const now = state.now();
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) return skewed(req, ctx, signedAt, now);
  const stringToSign = v1StringToSign({
    method: req.method,
    headers: req.headers,
    dateSlot,
    bucket: target.bucket,
    key: target.key,
    query: [...req.query],
  });
  if (!sameText(v1Signature(key.record.accessKeySecret, stringToSign), signature)) {
    return mismatch(req, ctx, accessKeyId, stringToSign, undefined, key.token);
  }
  return { kind: 'signed', scheme: 'v1-header', record: key.record };
}

function v1Query(req: EmuRequest, state: EmulatorState, target: OssTarget, ctx: OssAuthContext): OssAuth {
  const q = req.query;
  const accessKeyId = q.get('OSSAccessKeyId');
  const signature = q.get('Signature');
  const expiresText = q.get('Expires');
  if (!accessKeyId || !signature || !expiresText) {
    return fail(req, ctx, 'AccessDenied', 'OSSAccessKeyId, Signature and Expires are all required in a signed URL.');
  }
  if (!/^\d+$/.test(expiresText)) return fail(req, ctx, 'InvalidArgument', 'Expires must be a unix timestamp.');
  const key = checkKey(req, state, ctx, accessKeyId, q.get('security-token') ?? undefined);
  if ('response' in key) return { kind: 'error', response: key.response };
  const now = state.now();
  const expiresAt = new Date(Number(expiresText) * 1000);
  if (now.getTime() > expiresAt.getTime()) return expired(req, ctx, expiresAt, now);
  const stringToSign = v1StringToSign({
    method: req.method,
    headers: req.headers,
    dateSlot: expiresText,
    bucket: target.bucket,
    key: target.key,
    query: [...q].filter(([k]) => k !== 'OSSAccessKeyId' && k !== 'Signature' && k !== 'Expires'),
  });
  if (!sameText(v1Signature(key.record.accessKeySecret, stringToSign), signature)) {
    return mismatch(req, ctx, accessKeyId, stringToSign, undefined, key.token);
  }
  return { kind: 'signed', scheme: 'v1-query', record: key.record };
}

/** The scope must be for OSS, dated the day of x-oss-date, and (for a known bucket) name its region. */
function checkScope(
  req: EmuRequest,
  ctx: OssAuthContext,
  credential: { date: string; region: string; product: string },
  datetime: string,
): OssAuth | undefined {
  if (credential.product !== 'oss' && credential.product !== 'oss-cloudbox') {
    return fail(req, ctx, 'InvalidArgument', `Invalid signing product "${credential.product}" in the credential scope.`);
  }
  if (credential.date !== datetime.slice(0, 8)) {
    return fail(req, ctx, 'InvalidArgument', 'Invalid signing date in the credential scope: it must be the date of x-oss-date.');
  }
  // CloudBox scopes name the CloudBox id, not a region, so only plain OSS scopes are compared.
  if (credential.product === 'oss' && ctx.bucketRegion && credential.region !== ctx.bucketRegion) {
    return fail(
      req,
      ctx,
      'InvalidArgument',
      `Invalid signing region in the credential scope: expected "${ctx.bucketRegion}", got "${credential.region}".`,
    );
  }
  return undefined;
}

/** Finds the AccessKey and checks its security token and lifetime. */
function checkKey(
  req: EmuRequest,
  state: EmulatorState,
  ctx: OssAuthContext,
  accessKeyId: string,
  token: string | undefined,
): { record: AccessKeyRecord; token: string | undefined } | { response: EmuResponse } {
  const record = state.findAccessKey(accessKeyId);
  const err = (code: OssErrorCode, message?: string) => ({
    response: ossError({
      code,
      message,
      requestId: ctx.requestId,
      hostId: ctx.hostId,
      method: req.method,
      extra: [['OSSAccessKeyId', accessKeyId]],
    }),
  });
  if (!record) return err('InvalidAccessKeyId');
  if (record.securityToken !== undefined) {
    if (token === undefined || token === '') {
      return err('InvalidAccessKeyId', 'The OSS Access Key Id you provided is a temporary key and needs a security token.');
    }
    if (!sameText(record.securityToken, token)) return err('InvalidSecurityToken');
  } else if (token) {
    return err('InvalidSecurityToken', 'A security token was sent with an AccessKey that does not need one.');
  }
  if (record.expiration && record.expiration.getTime() <= state.now().getTime()) {
    return record.securityToken !== undefined ? err('SecurityTokenExpired') : err('InvalidAccessKeyId');
  }
  return { record, token };
}

function fail(req: EmuRequest, ctx: OssAuthContext, code: OssErrorCode, message?: string): OssAuth {
  return { kind: 'error', response: ossError({ code, message, requestId: ctx.requestId, hostId: ctx.hostId, method: req.method }) };
}

function skewed(req: EmuRequest, ctx: OssAuthContext, requestTime: Date, now: Date): OssAuth {
  return {
    kind: 'error',
    response: ossError({
      code: 'RequestTimeTooSkewed',
      requestId: ctx.requestId,
      hostId: ctx.hostId,
      method: req.method,
      extra: [
        ['RequestTime', requestTime.toISOString()],
        ['ServerTime', now.toISOString()],
        ['MaxAllowedSkewMilliseconds', String(MAX_SKEW_MS)],
      ],
    }),
  };
}

function expired(req: EmuRequest, ctx: OssAuthContext, expiresAt: Date, now: Date): OssAuth {
  return {
    kind: 'error',
    response: ossError({
      code: 'AccessDenied',
      message: 'Request has expired.',
      requestId: ctx.requestId,
      hostId: ctx.hostId,
      method: req.method,
      extra: [
        ['Expires', expiresAt.toISOString()],
        ['ServerTime', now.toISOString()],
      ],
    }),
  };
}

/**
 * SignatureDoesNotMatch with the server's StringToSign (and CanonicalRequest for V4), as OSS sends them
 * so a client can diff its own. Unlike the real service the provided signature is not echoed, and a
 * security token inside the string to sign is redacted (project rule: errors carry no secrets).
 */
function mismatch(
  req: EmuRequest,
  ctx: OssAuthContext,
  accessKeyId: string,
  stringToSign: string,
  canonicalRequest: string | undefined,
  token: string | undefined,
): OssAuth {
  const redact = (s: string) =>
    token === undefined
      ? s
      : s
          .replace(/(x-oss-security-token:)[^\n]*/g, '$1<redacted>')
          .replace(/((?:^|[?&\n])(?:x-oss-)?security-token=)[^&\n]*/g, '$1<redacted>');
  const extra: Array<[string, string]> = [
    ['OSSAccessKeyId', accessKeyId],
    ['StringToSign', redact(stringToSign)],
  ];
  if (canonicalRequest !== undefined) extra.push(['CanonicalRequest', redact(canonicalRequest)]);
  return {
    kind: 'error',
    response: ossError({ code: 'SignatureDoesNotMatch', requestId: ctx.requestId, hostId: ctx.hostId, method: req.method, extra }),
  };
}

/** Constant-time text comparison (lengths may differ, which is not secret). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
