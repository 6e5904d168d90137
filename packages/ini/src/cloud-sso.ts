import { createCredentials, httpRequest, parseExpiration, parseJsonBody, refreshing, type CredentialProvider } from '@alicred/core';
import type { CliContext } from './cli-profile';
import { CliReader } from './cli-reader';
import { profileError } from './errors';
import { errorCodeOf, serviceUrl } from './service-url';

/**
 * A `CloudSSO` profile (reference §4.7): the access token the CLI got at sign-in buys STS credentials from
 * `POST <sign-in host>/cloud-credentials`. Cached and refreshed by `@alicred/core`. The profile is re-read
 * before each fetch, so a `aliyun configure --mode CloudSSO` re-login in another terminal is picked up.
 */
export function cloudSsoProvider(initial: CliReader, ctx: CliContext): CredentialProvider {
  const name = initial.record.name;
  checkToken(initial, ctx); // fail at resolution, with the fix, rather than on the first HTTP call
  return refreshing(
    async (signal) => {
      const record = (await ctx.reload(name)) ?? initial.record;
      const profile = new CliReader(record, initial.where);
      const accessToken = checkToken(profile, ctx);
      const signIn = serviceUrl(profile.required('cloud_sso_sign_in_url'), profile.where, 'cloud_sso_sign_in_url');
      const url = new URL('/cloud-credentials', signIn.origin);
      const response = await httpRequest(url.href, {
        provider: ctx.providerName,
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({
          AccountId: profile.required('cloud_sso_account_id'),
          AccessConfigurationId: profile.required('cloud_sso_access_config'),
        }),
        timeoutMs: 10_000,
        ...(signal === undefined ? {} : { signal }),
        ...(ctx.fetch === undefined ? {} : { fetch: ctx.fetch }),
      });
      if (response.status !== 200) {
        let body: unknown;
        try {
          body = JSON.parse(response.text);
        } catch {
          body = undefined;
        }
        throw profileError(
          profile.where,
          'HttpError',
          `CloudSSO ${url.host} answered HTTP ${response.status}${errorCodeOf(body, 'ErrorCode', 'Code')}: ` +
            (response.status === 401 || response.status === 403 ? 'sign in again with `aliyun configure --mode CloudSSO`.' : 'try again later.'),
        );
      }
      const doc = parseJsonBody(response, ctx.providerName) as { CloudCredential?: Record<string, unknown> } | null;
      const c = doc?.CloudCredential;
      const fields = ['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration'] as const;
      const missing = fields.filter((f) => typeof c?.[f] !== 'string' || c[f] === '');
      if (!c || missing.length > 0) {
        throw profileError(profile.where, 'InvalidResponse', `CloudSSO ${url.host} answered without CloudCredential.${missing.join(', CloudCredential.')}.`);
      }
      return createCredentials({
        accessKeyId: c.AccessKeyId as string,
        accessKeySecret: c.AccessKeySecret as string,
        securityToken: c.SecurityToken as string,
        expiration: parseExpiration(c.Expiration as string, ctx.providerName),
        providerName: ctx.providerName,
      });
    },
    {
      providerName: ctx.providerName,
      now: ctx.now,
      ...(ctx.random === undefined ? {} : { random: ctx.random }),
      ...(ctx.logger === undefined ? {} : { logger: ctx.logger }),
      ...(ctx.shareInFlight === undefined ? {} : { shareInFlight: ctx.shareInFlight }),
    },
  );
}

function checkToken(profile: CliReader, ctx: CliContext): string {
  const token = profile.optional('access_token');
  const expire = profile.number('cloud_sso_access_token_expire');
  if (token === undefined || expire === undefined || expire * 1000 <= ctx.now()) {
    throw profileError(
      profile.where,
      'Expired',
      `${token === undefined ? 'has no CloudSSO access token' : 'its CloudSSO access token has expired'}: ` +
        'sign in again with `aliyun configure --mode CloudSSO`.',
    );
  }
  return token;
}
