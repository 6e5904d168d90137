import { createCredentials, httpRequest, parseJsonBody, refreshing, type CredentialProvider, type Credentials } from '@alicred/core';
import type { CliContext } from './cli-profile';
import { CliReader } from './cli-reader';
import { profileError, type Location } from './errors';
import { parseLooseExpiration } from './expiration';
import { savedSts, stsFields } from './saved-sts';
import { errorCodeOf, serviceUrl } from './service-url';

/** OAuth sites of `aliyun configure --mode OAuth` (reference §4.8). */
export const OAUTH_SITES = Object.freeze({
  CN: Object.freeze({ baseUrl: 'https://oauth.aliyun.com', clientId: '4038181954557748008' }),
  INTL: Object.freeze({ baseUrl: 'https://oauth.alibabacloud.com', clientId: '4103531455503354461' }),
});

/** The access token is refreshed when it has this little left (the official libraries' 1200 s). */
const ACCESS_TOKEN_MARGIN_MS = 1_200_000;

/**
 * An `OAuth` profile: the refresh token from `aliyun configure --mode OAuth` gets an access token
 * (`POST /v1/token`, refreshed when ≤ 1200 s remain), which is exchanged for STS credentials
 * (`POST /v1/exchange`). New tokens and STS are written back to config.json (atomically, under a lock), as
 * the CLI and the Go/Python libraries do, and the profile is re-read before each refresh, so processes
 * sharing the file reuse each other's tokens instead of each spending the refresh token.
 */
export function oauthProvider(initial: CliReader, ctx: CliContext): CredentialProvider {
  const name = initial.record.name;
  siteOf(initial);
  initial.required('oauth_refresh_token');
  const baseUrl = ctx.oauthBaseUrl;
  return refreshing(
    async (signal) => {
      const record = (await ctx.reload(name)) ?? initial.record;
      const profile = new CliReader(record, initial.where);
      const saved = savedSts(profile, ctx.now(), ctx.providerName);
      if (saved) return saved;
      const site = siteOf(profile);
      const base = serviceUrl(baseUrl ?? site.baseUrl, profile.where, baseUrl === undefined ? 'the OAuth URL' : 'init.oauthBaseUrl');
      let accessToken = profile.optional('oauth_access_token');
      const expire = profile.number('oauth_access_token_expire');
      if (accessToken === undefined || expire === undefined || expire * 1000 - ctx.now() <= ACCESS_TOKEN_MARGIN_MS) {
        accessToken = await refreshAccessToken(profile, base, site.clientId, ctx, signal);
      }
      const credentials = await exchange(profile.where, base, accessToken, ctx, signal);
      await ctx.save(name, stsFields(credentials));
      return credentials;
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

function siteOf(profile: CliReader): (typeof OAUTH_SITES)[keyof typeof OAUTH_SITES] {
  const site = profile.optional('oauth_site_type') ?? 'CN';
  if (site !== 'CN' && site !== 'INTL') throw profileError(profile.where, 'InvalidProfile', 'oauth_site_type must be CN or INTL.');
  return OAUTH_SITES[site];
}

async function post(
  where: Location,
  url: URL,
  headers: Record<string, string>,
  body: string,
  ctx: CliContext,
  signal: AbortSignal | undefined,
  what: string,
): Promise<unknown> {
  const response = await httpRequest(url.href, {
    provider: ctx.providerName,
    method: 'POST',
    headers: { accept: 'application/json', ...headers },
    body,
    timeoutMs: 10_000,
    ...(signal === undefined ? {} : { signal }),
    ...(ctx.fetch === undefined ? {} : { fetch: ctx.fetch }),
  });
  if (response.status !== 200) {
    let doc: unknown;
    try {
      doc = JSON.parse(response.text);
    } catch {
      doc = undefined;
    }
    const relogin = response.status === 400 || response.status === 401 || response.status === 403;
    throw profileError(
      where,
      'HttpError',
      `${what} at ${url.host} answered HTTP ${response.status}${errorCodeOf(doc, 'error', 'code', 'Code')}: ` +
        (relogin ? 'the OAuth sign-in is no longer valid, run `aliyun configure --mode OAuth` again.' : 'try again later.'),
    );
  }
  return parseJsonBody(response, ctx.providerName);
}

async function refreshAccessToken(
  profile: CliReader,
  base: URL,
  clientId: string,
  ctx: CliContext,
  signal: AbortSignal | undefined,
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: profile.required('oauth_refresh_token'),
    client_id: clientId,
    Timestamp: String(Math.floor(ctx.now() / 1000)),
  });
  const url = new URL('/v1/token', base);
  const doc = (await post(profile.where, url, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString(), ctx, signal, 'the OAuth token refresh')) as Record<
    string,
    unknown
  > | null;
  const accessToken = doc?.access_token;
  const expiresIn = doc?.expires_in;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw profileError(profile.where, 'InvalidResponse', `the OAuth token refresh at ${url.host} answered without access_token or expires_in.`);
  }
  const refreshToken = typeof doc?.refresh_token === 'string' && doc.refresh_token !== '' ? doc.refresh_token : undefined;
  await ctx.save(profile.record.name, {
    oauth_access_token: accessToken,
    oauth_access_token_expire: Math.floor(ctx.now() / 1000) + Math.floor(expiresIn),
    ...(refreshToken === undefined ? {} : { oauth_refresh_token: refreshToken }),
  });
  return accessToken;
}

async function exchange(where: Location, base: URL, accessToken: string, ctx: CliContext, signal: AbortSignal | undefined): Promise<Credentials> {
  const url = new URL('/v1/exchange', base);
  const doc = (await post(where, url, { authorization: `Bearer ${accessToken}` }, '', ctx, signal, 'the OAuth credential exchange')) as Record<string, unknown> | null;
  const fields = ['accessKeyId', 'accessKeySecret', 'securityToken', 'expiration'] as const;
  const missing = fields.filter((f) => doc?.[f] === undefined || doc[f] === '' || doc[f] === null);
  if (!doc || missing.length > 0 || fields.slice(0, 3).some((f) => typeof doc[f] !== 'string')) {
    throw profileError(where, 'InvalidResponse', `the OAuth credential exchange at ${url.host} answered without ${missing.join(', ') || 'string credentials'}.`);
  }
  return createCredentials({
    accessKeyId: doc.accessKeyId as string,
    accessKeySecret: doc.accessKeySecret as string,
    securityToken: doc.securityToken as string,
    expiration: parseLooseExpiration(doc.expiration, ctx.providerName),
    providerName: ctx.providerName,
  });
}
