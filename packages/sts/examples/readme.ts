import { createStsClient, isStsError } from '@alicred/sts';

// STS_ENDPOINT is only for this example (e.g. a local emulator, http://127.0.0.1:9000). Without an
// endpoint the client uses ALIBABA_CLOUD_STS_REGION (https://sts.<region>.aliyuncs.com) or sts.aliyuncs.com.
const sts = createStsClient({ endpoint: process.env.STS_ENDPOINT });
const caller = {
  accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID!,
  accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!,
};

const identity = await sts.getCallerIdentity({ credentials: caller });
console.log(`signed in as ${identity.arn}`);

const { credentials, assumedRoleUser } = await sts.assumeRole({
  credentials: caller,
  roleArn: process.env.ALIBABA_CLOUD_ROLE_ARN!,
  roleSessionName: 'readme-example',
  durationSeconds: 900,
});
console.log(assumedRoleUser?.arn, credentials.accessKeyId, credentials.expiration?.toISOString());

let failure: unknown;
try {
  await sts.assumeRole({ credentials: { ...caller, accessKeySecret: 'not-the-secret' }, roleArn: process.env.ALIBABA_CLOUD_ROLE_ARN!, roleSessionName: 'oops' });
} catch (error) {
  failure = error;
  if (isStsError(error)) console.log(error.code, error.requestId, error.hint); // SignatureDoesNotMatch … the AccessKey secret is wrong …
}
export { identity, credentials, failure };
