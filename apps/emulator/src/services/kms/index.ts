import { createHmac, verify } from 'node:crypto';
import type { AccessKeyRecord, CallerIdentity, EmuRequest, EmuResponse, EmulatorState, KmsConfig, Service } from '../../types';
import { kmsError, type KmsErrorCode } from './errors';
import { rpcStringToSign, signaturesEqual } from '../../rpc/rpc-v1';
import { userIdentity } from '../../state';
import { DEFAULT_GRACE_SECONDS, DEFAULT_ROTATION_SECONDS, generationAt, rotatedKey } from './rotation';

export { generationAt, rotatedKey, type RotatedKey } from './rotation';
export { rpcStringToSign } from '../../rpc/rpc-v1';

/** Same window as the other POP gateways: 15 minutes either way. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const KMS_VERSION = '2016-01-20';
/** Shown as the secret's CreateTime unless its first rotation is earlier. */
const SECRET_EPOCH = Date.UTC(2020, 0, 1);

type Secret = KmsConfig['secrets'][number];

/**
 * The KMS shared gateway (`kms.<region>.aliyuncs.com`): `GetSecretValue` (API 2016-01-20), RPC-signed
 * either with an AAP ClientKey (`SignatureMethod=SHA256withRSA`, `SignatureType=PRIVATEKEY`, verified
 * with the public key registered for the KeyId) or with an ordinary AccessKey (HMAC-SHA1).
 * `RAMCredentials` secrets rotate their AccessKey every `rotationSeconds`; each key handed out is
 * registered in the emulator state so STS and OSS accept it until the next rotation plus `graceSeconds`.
 */
export function kmsService(): Service {
  return {
    name: 'kms',
    matches: (req) => actionOf(req) === 'GetSecretValue' || /^kms(-vpc)?\./.test(req.host),
    action: actionOf,
    handle,
  };
}

function actionOf(req: EmuRequest): string {
  return req.query.get('Action') ?? req.form.get('Action') ?? req.headers['x-acs-action'] ?? 'Unknown';
}

function handle(req: EmuRequest, state: EmulatorState): EmuResponse {
  const ctx = { requestId: state.newRequestId(), hostId: req.host };
  const fail = (code: KmsErrorCode, message?: string) => kmsError(code, ctx, message);
  // Java's client POSTs with the parameters in the query; forms are merged so both are signed alike.
  const params: Array<[string, string]> = [...req.query, ...req.form];
  const get = (name: string) => params.find(([k]) => k === name)?.[1];

  if (get('Signature') === undefined) {
    return fail(
      'IncompleteSignature',
      req.headers['authorization']?.startsWith('ACS3-')
        ? 'The emulated KMS gateway accepts RPC-style requests signed with SignatureVersion 1.0 only.'
        : 'The request carries no Signature.',
    );
  }
  for (const name of ['Action', 'Version', 'AccessKeyId', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp']) {
    if (!get(name)) return fail('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
  }
  if (get('Version') !== KMS_VERSION) return fail('InvalidVersion', `Specified parameter Version is not valid: use ${KMS_VERSION}.`);
  if (get('Action') !== 'GetSecretValue') return fail('InvalidAction', `The emulated KMS only implements GetSecretValue, not ${get('Action')}.`);
  if (get('SignatureVersion') !== '1.0') return fail('IncompleteSignature', 'SignatureVersion must be 1.0.');

  const timestamp = get('Timestamp')!;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    return fail('InvalidTimeStamp.Format', `Specified time stamp or date value is not well formatted: ${timestamp}.`);
  }
  const now = state.now();
  if (Math.abs(now.getTime() - Date.parse(timestamp)) > MAX_SKEW_MS) return fail('InvalidTimeStamp.Expired');

  const accessKeyId = get('AccessKeyId')!;
  const method = get('SignatureMethod')!;
  const stringToSign = rpcStringToSign(req.method, params);
  const signature = get('Signature')!;
  const mismatch = () =>
    fail('SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`);

  if (method === 'SHA256withRSA') {
    if (get('SignatureType') !== 'PRIVATEKEY') {
      return fail('IncompleteSignature', 'SHA256withRSA requests must carry SignatureType=PRIVATEKEY.');
    }
    const clientKey = state.config.kms.clientKeys.find((k) => k.keyId === accessKeyId);
    if (!clientKey) return fail('InvalidAccessKeyId.NotFound', `Specified access key is not found: no ClientKey ${accessKeyId}.`);
    let ok = false;
    try {
      ok = verify('sha256', Buffer.from(stringToSign, 'utf8'), clientKey.publicKeyPem, Buffer.from(signature, 'base64'));
    } catch {
      // An unparsable registered key is a configuration error, reported as a mismatch rather than a crash.
      ok = false;
    }
    if (!ok) return mismatch();
  } else if (method === 'HMAC-SHA1' || method === 'HMAC-SHA256') {
    const record = state.findAccessKey(accessKeyId);
    if (!record) return fail('InvalidAccessKeyId.NotFound');
    const token = get('SecurityToken');
    if (record.securityToken !== undefined) {
      if (!token) return fail('MissingSecurityToken');
      if (token !== record.securityToken) return fail('InvalidSecurityToken.MismatchWithAccessKey');
    }
    if (record.expiration && record.expiration.getTime() <= now.getTime()) {
      return record.securityToken !== undefined ? fail('InvalidSecurityToken.Expired') : fail('InvalidAccessKeyId.NotFound');
    }
    const algorithm = method === 'HMAC-SHA1' ? 'sha1' : 'sha256';
    const expected = createHmac(algorithm, `${record.accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
    if (!signaturesEqual(expected, signature)) return mismatch();
  } else {
    return fail('InvalidSignatureMethod', `Specified signature method is not supported: ${method}.`);
  }
  if (!state.useNonce(get('SignatureNonce')!)) return fail('SignatureNonceUsed');

  const secretName = get('SecretName');
  if (!secretName) return fail('MissingParameter', 'The input parameter "SecretName" that is mandatory for processing this request is not supplied.');
  const secret = findSecret(state, secretName);
  if (!secret) return fail('Forbidden.ResourceNotFound', `The specified secret ${secretName} is not found.`);
  const stage = get('VersionStage') ?? 'ACSCurrent';
  const extended = get('FetchExtendedConfig') === 'true';
  const ok = (body: Record<string, unknown>): EmuResponse => ({
    status: 200,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': ctx.requestId },
    body: JSON.stringify({ RequestId: ctx.requestId, ...body }),
  });

  if (secret.type !== 'RAMCredentials') {
    if (stage !== 'ACSCurrent') return fail('Forbidden.ResourceNotFound', `The secret has no version in stage ${stage}.`);
    return ok({
      SecretName: secret.name,
      SecretType: secret.type,
      SecretDataType: 'text',
      SecretData: secret.value ?? '',
      VersionId: 'v1',
      VersionStages: { VersionStage: ['ACSCurrent'] },
      CreateTime: iso(new Date(SECRET_EPOCH)),
      AutomaticRotation: 'Disabled',
    });
  }

  if (stage !== 'ACSCurrent' && stage !== 'ACSPrevious') {
    return fail('InvalidParameter', 'RAMCredentials secrets only have the stages ACSCurrent and ACSPrevious.');
  }
  const interval = positive(secret.rotationSeconds, DEFAULT_ROTATION_SECONDS);
  const grace = positive(secret.graceSeconds, DEFAULT_GRACE_SECONDS, true);
  const current = generationAt(now, interval);
  let key = rotatedKey(secret.name, stage === 'ACSCurrent' ? current : current - 1, interval, grace);
  let currentKey = key.generation === current ? key : rotatedKey(secret.name, current, interval, grace);
  if (state.expiredCredentials) {
    // The `expiredCredentials` fault: a key (distinct from the real generation's, so clients holding that
    // one are unaffected) whose rotation and grace period are already over.
    const ended = now.getTime() - (grace + 1) * 1000;
    const stale = rotatedKey(`${secret.name}#expired`, current, interval, grace);
    key = currentKey = {
      ...stale,
      generatedAt: new Date(ended - interval * 1000),
      rotatesAt: new Date(ended),
      validUntil: new Date(now.getTime() - 1000),
    };
  }
  const identity = ownerOf(state, secret);
  // Registering on every read is idempotent: the record is a pure function of the secret and generation.
  state.registerAccessKey({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    expiration: key.validUntil,
    identity,
  } satisfies AccessKeyRecord);

  const body: Record<string, unknown> = {
    SecretName: secret.name,
    SecretType: 'RAMCredentials',
    SecretDataType: 'text',
    SecretData: JSON.stringify({
      AccessKeyId: key.accessKeyId,
      AccessKeySecret: key.accessKeySecret,
      GenerateTimestamp: iso(key.generatedAt),
    }),
    VersionId: key.versionId,
    VersionStages: { VersionStage: [stage] },
    CreateTime: iso(new Date(Math.min(SECRET_EPOCH, currentKey.generatedAt.getTime()))),
    LastRotationDate: iso(currentKey.generatedAt),
    NextRotationDate: iso(currentKey.rotatesAt),
    RotationInterval: `${interval}s`,
    AutomaticRotation: 'Enabled',
  };
  if (extended) {
    body['ExtendedConfig'] = JSON.stringify({ SecretSubType: 'RamUserAccessKey', UserName: secret.userName ?? '', CustomData: {} });
  }
  return ok(body);
}

/** By name or by ARN `acs:kms:<region>:<account>:secret/<name>`. */
function findSecret(state: EmulatorState, nameOrArn: string): Secret | undefined {
  const m = /^acs:kms:[^:]*:[^:]*:secret\/(.+)$/.exec(nameOrArn);
  const name = m ? m[1] : nameOrArn;
  return state.config.kms.secrets.find((s) => s.name === name);
}

/**
 * The RAM user that owns the rotated key: `userName` in some account, else the first account. Same
 * identity (and derived userId) as the user's configured keys get from the state, so GetCallerIdentity
 * answers alike for both.
 */
function ownerOf(state: EmulatorState, secret: Secret): CallerIdentity {
  const accounts = state.config.accounts;
  const account = accounts.find((a) => a.users.some((u) => u.name === secret.userName)) ?? accounts[0];
  const userName = secret.userName ?? account?.users[0]?.name ?? 'kms-rotated';
  const user = account?.users.find((u) => u.name === userName);
  return userIdentity(account?.accountId ?? '1000000000000000', userName, user?.userId);
}

function positive(value: number | undefined, fallback: number, allowZero = false): number {
  return value !== undefined && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) ? value : fallback;
}

/** `2020-02-21T15:39:26Z`: KMS dates carry no milliseconds. */
function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
