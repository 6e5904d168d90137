import { fromOidcRoleArn } from '@alicred/oidc';

/** Workers bindings (or any object): no file system here, so the token comes from a function. */
export function rrsaProvider(env: { ROLE_ARN: string; OIDC_PROVIDER_ARN: string; STS_ENDPOINT?: string }, getToken: () => Promise<string>) {
  return fromOidcRoleArn({
    roleArn: env.ROLE_ARN,
    oidcProviderArn: env.OIDC_PROVIDER_ARN,
    oidcToken: getToken, // called on every refresh; a plain string works too
    endpoint: env.STS_ENDPOINT,
    env: {}, // do not fall back to process.env on this runtime
  });
}
