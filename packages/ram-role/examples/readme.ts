import { fromEnv } from '@alicred/env';
import { fromRamRoleArn } from '@alicred/ram-role';

// STS_ENDPOINT is only for this example (e.g. a local emulator). Without an endpoint: region from
// `region` or ALIBABA_CLOUD_STS_REGION (https://sts.<region>.aliyuncs.com), else sts.aliyuncs.com.
const endpoint = process.env.STS_ENDPOINT;

// The AccessKey from ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET assumes ALIBABA_CLOUD_ROLE_ARN …
const reader = fromRamRoleArn({ source: fromEnv(), endpoint, roleSessionName: 'nightly-report' });
// … and roles chain: the reader's credentials assume a second role.
const auditor = fromRamRoleArn({ source: reader, roleArn: process.env.AUDITOR_ROLE_ARN, endpoint, durationSeconds: 900 });

// Cached: concurrent callers share one AssumeRole; refreshed in the background before expiry.
const [credentials] = await Promise.all([auditor(), auditor(), auditor()]);
console.log(credentials.accessKeyId, credentials.expiration?.toISOString());
export { credentials };
