import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromCliProfile, OAUTH_SITES } from '../src/index';
import { localServer, printed, put, readConfig, recordingLogger, rejection, tempHome } from './helpers';

const SSO_TOKEN = 'sso-access-token-7c6b5a';
const REFRESH = 'oauth-refresh-token-1';
const nowS = () => Math.floor(Date.now() / 1000);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let home: string;
let cleanup: () => Promise<void>;
let servers: { close: () => Promise<void> }[] = [];
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  await cleanup();
});

type Profile = Record<string, unknown> & { name: string };
const writeConfig = (profiles: Profile[], current = profiles[0]?.name) => put(home, '.aliyun/config.json', JSON.stringify({ current, profiles, meta_path: '' }, null, 2));

describe('CloudSSO', () => {
  const sso = (url: string, extra: Partial<Profile> = {}): Profile => ({
    name: 'sso',
    mode: 'CloudSSO',
    cloud_sso_sign_in_url: `${url}/login/sign-in`,
    access_token: SSO_TOKEN,
    cloud_sso_access_token_expire: nowS() + 3600,
    cloud_sso_account_id: '1234567890',
    cloud_sso_access_config: 'ac-abc',
    ...extra,
  });

  it('POSTs the access token to <sign-in host>/cloud-credentials and caches the STS answer', async () => {
    const server = await localServer(() => ({
      body: { RequestId: 'r', CloudCredential: { AccessKeyId: 'STS.sso', AccessKeySecret: 'sso-secret', SecurityToken: 'sso-sts', Expiration: iso(Date.now() + 3_600_000) } },
    }));
    servers.push(server);
    await writeConfig([sso(server.url)]);
    const provider = fromCliProfile({ homeDir: home, env: {} });
    const creds = await provider();
    expect(creds).toMatchObject({ accessKeyId: 'STS.sso', accessKeySecret: 'sso-secret', securityToken: 'sso-sts', providerName: 'cli-profile' });
    expect(creds.expiration).toBeInstanceOf(Date);
    await provider();
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/cloud-credentials' });
    expect(request?.headers.authorization).toBe(`Bearer ${SSO_TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ AccountId: '1234567890', AccessConfigurationId: 'ac-abc' });
  });

  it('an expired access token asks for a re-login without any request', async () => {
    const server = await localServer(() => ({ body: {} }));
    servers.push(server);
    await writeConfig([sso(server.url, { cloud_sso_access_token_expire: nowS() - 1 })]);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'Expired', tryNextLink: false });
    expect(error.message).toContain('aliyun configure --mode CloudSSO');
    expect(server.seen).toHaveLength(0);
  });

  it('a 401 is an HttpError with the fix and the server code, never the token', async () => {
    const server = await localServer(() => ({ status: 401, body: { ErrorCode: 'InvalidAccessToken', Message: `token ${SSO_TOKEN} rejected` } }));
    servers.push(server);
    await writeConfig([sso(server.url)]);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'HttpError', tryNextLink: false });
    expect(error.message).toMatch(/answered HTTP 401 \(ErrorCode "InvalidAccessToken"\): sign in again/);
    expect(printed(error)).not.toContain(SSO_TOKEN);
  });

  it('refuses to send the token over plain http to a non-loopback host', async () => {
    await writeConfig([sso('http://sso.example.invalid')]);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {} })());
    expect(error).toMatchObject({ code: 'InvalidProfile' });
    expect(error.message).toContain('cloud_sso_sign_in_url must be an https URL');
  });
});

describe('OAuth', () => {
  const oauth = (extra: Partial<Profile> = {}): Profile => ({
    name: 'o',
    mode: 'OAuth',
    oauth_site_type: 'CN',
    oauth_refresh_token: REFRESH,
    oauth_access_token: 'old-access',
    oauth_access_token_expire: nowS() + 600, // inside the 1200 s margin: refreshed first
    access_key_id: '',
    access_key_secret: '',
    sts_token: '',
    sts_expiration: 0,
    ...extra,
  });
  const oauthServer = () =>
    localServer((req) => {
      if (req.url === '/v1/token') return { body: { access_token: 'access-2', refresh_token: 'refresh-2', expires_in: 3600, token_type: 'Bearer' } };
      if (req.url === '/v1/exchange') {
        return { body: { accessKeyId: 'STS.oauth', accessKeySecret: 'oauth-secret', securityToken: 'oauth-sts', expiration: iso(Date.now() + 3_600_000), requestId: 'r' } };
      }
      return { status: 404, body: {} };
    });

  it('refreshes the access token, exchanges it, writes tokens and STS back, and another process reuses them', async () => {
    const server = await oauthServer();
    servers.push(server);
    const file = await writeConfig([oauth(), { name: 'other', mode: 'AK', access_key_id: 'keep', access_key_secret: 'me' }]);
    const creds = await fromCliProfile({ homeDir: home, env: {}, oauthBaseUrl: server.url })();
    expect(creds).toMatchObject({ accessKeyId: 'STS.oauth', securityToken: 'oauth-sts' });

    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/token', 'POST /v1/exchange']);
    const form = new URLSearchParams(server.seen[0]?.body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(REFRESH);
    expect(form.get('client_id')).toBe(OAUTH_SITES.CN.clientId);
    expect(server.seen[1]?.headers.authorization).toBe('Bearer access-2');

    const saved = await readConfig(file);
    const o = saved.profiles.find((p) => p.name === 'o');
    expect(o).toMatchObject({ oauth_access_token: 'access-2', oauth_refresh_token: 'refresh-2', access_key_id: 'STS.oauth', access_key_secret: 'oauth-secret', sts_token: 'oauth-sts' });
    expect(Math.abs((o?.oauth_access_token_expire as number) - (nowS() + 3600))).toBeLessThan(5);
    expect(o?.sts_expiration).toBe(Math.floor(creds.expiration!.getTime() / 1000));
    expect(saved.profiles.find((p) => p.name === 'other')).toEqual({ name: 'other', mode: 'AK', access_key_id: 'keep', access_key_secret: 'me' });
    expect(saved.current).toBe('o');
    expect((await readdir(path.dirname(file))).sort()).toEqual(['config.json']);

    // A second process (a new provider) finds the saved STS and makes no request.
    const again = await fromCliProfile({ homeDir: home, env: {}, oauthBaseUrl: server.url })();
    expect(again.accessKeyId).toBe('STS.oauth');
    expect(server.seen).toHaveLength(2);
  });

  it('a valid access token is exchanged directly; INTL uses its own client id', async () => {
    const server = await oauthServer();
    servers.push(server);
    await writeConfig([oauth({ oauth_access_token: 'fresh', oauth_access_token_expire: nowS() + 7200 })]);
    await fromCliProfile({ homeDir: home, env: {}, oauthBaseUrl: server.url })();
    expect(server.seen.map((r) => r.url)).toEqual(['/v1/exchange']);
    expect(server.seen[0]?.headers.authorization).toBe('Bearer fresh');

    await writeConfig([oauth({ oauth_site_type: 'INTL' })]);
    await fromCliProfile({ homeDir: home, env: {}, oauthBaseUrl: server.url })();
    expect(new URLSearchParams(server.seen[1]?.body).get('client_id')).toBe(OAUTH_SITES.INTL.clientId);
  });

  it('a rejected refresh token asks for a re-login and never prints the token', async () => {
    const server = await localServer(() => ({ status: 400, body: { error: 'invalid_grant', error_description: `refresh token ${REFRESH} revoked` } }));
    servers.push(server);
    await writeConfig([oauth()]);
    const error = await rejection(fromCliProfile({ homeDir: home, env: {}, oauthBaseUrl: server.url })());
    expect(error).toMatchObject({ code: 'HttpError', tryNextLink: false });
    expect(error.message).toMatch(/the OAuth token refresh at 127\.0\.0\.1:\d+ answered HTTP 400 \(error "invalid_grant"\): .*aliyun configure --mode OAuth/);
    expect(printed(error)).not.toContain(REFRESH);
  });

  it('write-back failures are warnings: the credentials are still returned', async () => {
    const server = await oauthServer();
    servers.push(server);
    const logger = recordingLogger();
    // readFile injected → no write-back by default; force it on against a path that cannot be written.
    const text = JSON.stringify({ current: 'o', profiles: [oauth()] });
    const creds = await fromCliProfile({
      filepath: path.join(home, 'no-such-dir', 'config.json'),
      env: {},
      readFile: async () => text,
      writeBack: true,
      logger,
      oauthBaseUrl: server.url,
    })();
    expect(creds.accessKeyId).toBe('STS.oauth');
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/could not save refreshed credentials to .*config\.json \(ENOENT\)/);
    expect(warnings.join('\n')).not.toContain('oauth-secret');
  });
});
