import type { AccessKeyRecord, EmuRequest, EmulatorState } from '../types';
import { acs3CanonicalRequest, acs3Sign, acs3StringToSign, parseAcs3Authorization, sha256Hex } from './acs3';
import { rpcError, type RpcError } from './errors';
import { rpcSign, rpcStringToSign, signaturesEqual } from './rpc-v1';

/** How far a request's Timestamp / x-acs-date may be from the server clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type RpcAuth = { ok: true; record: AccessKeyRecord; scheme: 'rpc-v1' | 'acs3' } | { ok: false; error: RpcError };

/** All request parameters an RPC API sees: query then form body (a form value wins, as in the gateway). */
export function rpcParams(req: EmuRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of req.query) params.set(k, v);
  for (const [k, v] of req.form) params.set(k, v);
  return params;
}

/** Both signatures of POP RPC APIs: RPC v1 (`Signature` parameter) and ACS3 (`Authorization` header). */
export function authenticateRpc(req: EmuRequest, state: EmulatorState): RpcAuth {
  const authorization = req.headers['authorization'];
  if (authorization?.startsWith('ACS3-')) return authenticateAcs3(req, state, authorization);
  return authenticateRpcV1(req, state);
}

function authenticateRpcV1(req: EmuRequest, state: EmulatorState): RpcAuth {
  const params = rpcParams(req);
  const accessKeyId = params.get('AccessKeyId');
  if (!accessKeyId) return fail(400, 'MissingAccessKeyId', 'AccessKeyId is mandatory for this action.');
  const signature = params.get('Signature');
  if (!signature) return fail(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards. Signature is missing.');
  const method = params.get('SignatureMethod');
  if (method !== 'HMAC-SHA1') return fail(400, 'InvalidSignatureMethod', `Specified signature method is not supported: ${method ?? '(none)'}.`);
  if (params.get('SignatureVersion') !== '1.0') return fail(400, 'InvalidSignatureVersion', 'Specified signature version is not supported: use 1.0.');

  const clock = checkTimestamp(params.get('Timestamp'), state.now(), 'Timestamp');
  if (clock) return { ok: false, error: clock };

  const keyCheck = checkKey(state, accessKeyId, params.get('SecurityToken'));
  if (!keyCheck.ok) return keyCheck;

  const stringToSign = rpcStringToSign(req.method, params);
  const expected = rpcSign(stringToSign, keyCheck.record.accessKeySecret);
  if (!signaturesEqual(expected, signature)) {
    return fail(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
  // The nonce is consumed only by a correctly signed request, so a forged one cannot burn a client's nonce.
  const nonce = params.get('SignatureNonce');
  if (!nonce) return fail(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.');
  if (!state.useNonce(`${accessKeyId}/${nonce}`)) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  return { ok: true, record: keyCheck.record, scheme: 'rpc-v1' };
}

function authenticateAcs3(req: EmuRequest, state: EmulatorState, header: string): RpcAuth {
  const parsed = parseAcs3Authorization(header);
  if (!parsed) return fail(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards: malformed ACS3 Authorization header.');
  if (!header.startsWith('ACS3-HMAC-SHA256 ')) return fail(400, 'InvalidSignatureMethod', 'Only ACS3-HMAC-SHA256 is supported by the emulator.');
  const signed = parsed.signedHeaders.map((h) => h.toLowerCase());
  for (const h of Object.keys(req.headers)) {
    // Every x-acs-* header and host must be covered, or a man in the middle could add one.
    if ((h.startsWith('x-acs-') || h === 'host') && !signed.includes(h)) {
      return fail(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: header ${h} is not signed.`);
    }
  }
  const clock = checkTimestamp(req.headers['x-acs-date'], state.now(), 'x-acs-date');
  if (clock) return { ok: false, error: clock };

  const hashed = req.headers['x-acs-content-sha256'] ?? sha256Hex(req.body);
  if (hashed !== sha256Hex(req.body)) {
    return fail(400, 'InvalidParameter.ContentSha256', 'x-acs-content-sha256 does not match the SHA-256 of the request body.');
  }

  const keyCheck = checkKey(state, parsed.accessKeyId, req.headers['x-acs-security-token']);
  if (!keyCheck.ok) return keyCheck;

  const canonical = acs3CanonicalRequest({
    method: req.method,
    canonicalUri: req.rawPath || '/',
    query: req.query,
    headers: Object.entries(req.headers).filter(([k]) => signed.includes(k)),
    signedHeaders: signed,
    hashedPayload: hashed,
  });
  const stringToSign = acs3StringToSign(canonical);
  if (!signaturesEqual(acs3Sign(stringToSign, keyCheck.record.accessKeySecret), parsed.signature)) {
    return fail(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
  const nonce = req.headers['x-acs-signature-nonce'];
  if (!nonce) return fail(400, 'MissingSignatureNonce', 'x-acs-signature-nonce is mandatory.');
  if (!state.useNonce(`${parsed.accessKeyId}/${nonce}`)) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  return { ok: true, record: keyCheck.record, scheme: 'acs3' };
}

/** Key lookup plus the STS-token rules shared by both schemes. */
function checkKey(state: EmulatorState, accessKeyId: string, token: string | undefined): RpcAuth {
  const record = state.findAccessKey(accessKeyId);
  if (!record) return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (record.securityToken !== undefined) {
    if (!token) return fail(400, 'MissingSecurityToken', 'SecurityToken is mandatory for an STS AccessKey.');
    if (token !== record.securityToken) return fail(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
  } else if (token) {
    return fail(400, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
  }
  if (record.expiration && record.expiration.getTime() <= state.now().getTime()) {
    return record.securityToken !== undefined
      ? fail(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.')
      : fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  }
  return { ok: true, record, scheme: 'rpc-v1' };
}

/** `YYYY-MM-DDThh:mm:ssZ` (optionally with milliseconds), within 15 minutes of the server clock. */
function checkTimestamp(value: string | undefined, now: Date, name: string): RpcError | undefined {
  if (!value) return rpcError(400, 'MissingTimestamp', `${name} is mandatory for this action.`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
    return rpcError(400, 'InvalidTimeStamp.Format', `Specified ${name} is not valid: use UTC yyyy-MM-ddTHH:mm:ssZ.`);
  }
  if (Math.abs(Date.parse(value) - now.getTime()) > MAX_CLOCK_SKEW_MS) {
    return rpcError(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired. Server time is ${now.toISOString()}.`);
  }
  return undefined;
}

const fail = (status: number, code: string, message: string): RpcAuth => ({ ok: false, error: rpcError(status, code, message) });
