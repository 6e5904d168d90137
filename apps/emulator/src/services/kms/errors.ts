import type { EmuResponse } from '../../types';

/** KMS error codes the emulator returns, with their HTTP status and default message. */
const KMS_ERRORS = {
  MissingParameter: [400, 'A mandatory parameter is missing.'],
  InvalidParameter: [400, 'A parameter is not valid.'],
  InvalidVersion: [400, 'Specified parameter Version is not valid.'],
  InvalidAction: [400, 'Specified api is not found, please check your url and method.'],
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  InvalidSignatureMethod: [400, 'Specified signature method is not supported.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  'InvalidTimeStamp.Format': [400, 'Specified time stamp or date value is not well formatted.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  MissingSecurityToken: [400, 'SecurityToken is mandatory for this action.'],
  'InvalidSecurityToken.Expired': [400, 'Specified SecurityToken is expired.'],
  'InvalidSecurityToken.MismatchWithAccessKey': [400, 'Specified SecurityToken mismatch with the AccessKey.'],
  'Forbidden.ResourceNotFound': [404, 'The specified resource is not found.'],
} as const;

export type KmsErrorCode = keyof typeof KMS_ERRORS;

/** A POP-gateway style JSON error: `RequestId`, `HostId`, `Code`, `Message`, `Recommend`. */
export function kmsError(code: KmsErrorCode, ctx: { requestId: string; hostId: string }, message?: string): EmuResponse {
  const [status, defaultMessage] = KMS_ERRORS[code];
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': ctx.requestId },
    body: JSON.stringify({
      RequestId: ctx.requestId,
      HostId: ctx.hostId,
      Code: code,
      Message: message ?? defaultMessage,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=Kms`,
    }),
  };
}
