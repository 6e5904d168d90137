import { fromOidcRoleArn } from '@alicred/oidc';

// In an ACK pod with RRSA enabled, ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and
// ALIBABA_CLOUD_OIDC_TOKEN_FILE are set for you. STS_ENDPOINT is only for this example (a local emulator);
// without it: ALIBABA_CLOUD_STS_REGION (+ ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED), else sts.aliyuncs.com.
const provider = fromOidcRoleArn({ endpoint: process.env.STS_ENDPOINT });

const credentials = await provider(); // the token file is read again on every refresh
console.log(credentials.accessKeyId, credentials.expiration?.toISOString());
export { credentials };
