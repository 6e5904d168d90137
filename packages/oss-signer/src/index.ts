export { signOssRequest } from './sign-oss-request';
export { presignOssRequest } from './presign-oss-request';
export { signOssRequestV1, type OssSignV1Options } from './sign-oss-request-v1';
export { presignOssRequestV1, type OssPresignV1Options } from './presign-oss-request-v1';
export { buildOssUrl } from './build-oss-url';
export { clearSigningKeyCache } from './signing-key';
export type { OssPresignOptions, OssRequest, OssSignOptions, PresignedOssRequest, SignedOssRequest } from './types';
