import type { EmuResponse } from '../../types';

/** Escapes text for an XML element body. */
export function xmlEscape(value: string): string {
  return value.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** Real OSS error codes, their HTTP status, default message and the "EC" troubleshooting code. */
const OSS_ERRORS = {
  AccessDenied: [403, 'You have no right to access this object because of bucket acl.', '0003-00000001'],
  InvalidAccessKeyId: [403, 'The OSS Access Key Id you provided does not exist in our records.', '0002-00000902'],
  SignatureDoesNotMatch: [
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    '0002-00000040',
  ],
  RequestTimeTooSkewed: [403, 'The difference between the request time and the current time is too large.', '0002-00000504'],
  SecurityTokenExpired: [403, 'The security token you provided has expired.', '0002-00000801'],
  InvalidSecurityToken: [403, 'The security token you provided is invalid.', '0002-00000802'],
  InvalidArgument: [400, 'Invalid argument.', '0016-00000001'],
  InvalidDigest: [400, 'The Content-MD5 you specified is not valid.', '0016-00000002'],
  NoSuchKey: [404, 'The specified key does not exist.', '0026-00000001'],
  NoSuchBucket: [404, 'The specified bucket does not exist.', '0015-00000101'],
  PositionNotEqualToLength: [409, 'Position is not equal to file length', '0026-00000016'],
  ObjectNotAppendable: [409, 'The object is not appendable', '0026-00000015'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.', '0017-00000001'],
  NotImplemented: [501, 'A header or query you provided implies functionality that is not implemented.', '0017-00000002'],
} as const;

export type OssErrorCode = keyof typeof OSS_ERRORS;

export interface OssErrorInput {
  code: OssErrorCode;
  requestId: string;
  hostId: string;
  method: string;
  message?: string;
  /** Extra child elements, in order (e.g. StringToSign, BucketName, Key). Values are escaped here. */
  extra?: Array<[string, string]>;
}

/**
 * An OSS-style XML error. HEAD responses carry no body (as on the real service), so the code travels in
 * the `x-oss-ec` header and the status alone.
 */
export function ossError(input: OssErrorInput): EmuResponse {
  const [status, defaultMessage, ec] = OSS_ERRORS[input.code];
  const parts: Array<[string, string]> = [
    ['Code', input.code],
    ['Message', input.message ?? defaultMessage],
    ['RequestId', input.requestId],
    ['HostId', input.hostId],
    ...(input.extra ?? []),
    ['EC', ec],
    ['RecommendDoc', `https://api.aliyun.com/troubleshoot?q=${ec}`],
  ];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    parts.map(([k, v]) => `  <${k}>${xmlEscape(v)}</${k}>\n`).join('') +
    '</Error>\n';
  const headers: Record<string, string> = {
    'content-type': 'application/xml',
    'x-oss-request-id': input.requestId,
    'x-oss-ec': ec,
    server: 'AliyunOSS',
  };
  return input.method === 'HEAD' ? { status, headers } : { status, headers, body };
}
