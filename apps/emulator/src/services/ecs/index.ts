import { randomBytes } from 'node:crypto';
import { issueRoleCredentials, stsTime, type IssuedCredentials } from '../sts/issue';
import { roleForArn } from '../sts/role-lookup';
import type { EmuRequest, EmuResponse, EmulatorState, Service } from '../../types';

const TOKEN_PATH = '/latest/api/token';
const CREDENTIALS_PREFIX = '/latest/meta-data/ram/security-credentials/';
const TTL_HEADER = 'x-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aliyun-ecs-metadata-token';
const MAX_TOKEN_TTL = 21600;

/**
 * ECS instance metadata (IMDS) at `/latest/…`: the v2 session token, the instance RAM role name and its STS
 * credentials, plus `region-id` and `instance-id`. `config.ecs.mode` picks IMDSv2-only, v1-allowed, or an
 * old instance without the token endpoint.
 */
export function ecsService(): Service {
  const tokens = new Map<string, number>();
  let cached: { issued: IssuedCredentials; at: Date } | undefined;

  const text = (status: number, body: string, type = 'text/plain'): EmuResponse => ({
    status,
    headers: { 'content-type': type, server: 'Tengine' },
    body,
  });

  /** The real IMDS keeps credentials and renews them when half their lifetime is gone; so does this one. */
  function credentials(state: EmulatorState): { issued: IssuedCredentials; at: Date } {
    const now = state.now();
    const ecs = state.config.ecs;
    if (state.expiredCredentials || !cached || cached.issued.record.expiration!.getTime() - now.getTime() < (ecs.credentialSeconds * 1000) / 2) {
      const role = roleForArn(state, ecs.roleArn, ecs.roleName);
      const fresh = { issued: issueRoleCredentials(state, role, `ecs-${randomBytes(4).toString('hex')}`, ecs.credentialSeconds), at: now };
      // A fault-expired key is handed out once, never cached: the next request should recover.
      if (state.expiredCredentials) return fresh;
      cached = fresh;
    }
    return cached;
  }

  function handle(req: EmuRequest, state: EmulatorState): EmuResponse {
    const ecs = state.config.ecs;
    const now = state.now().getTime();
    for (const [t, exp] of tokens) if (exp <= now) tokens.delete(t);

    if (req.rawPath === TOKEN_PATH) {
      if (ecs.mode === 'no-token-endpoint') return text(404, notFoundHtml(), 'text/html');
      if (req.method !== 'PUT') return text(405, 'Method Not Allowed');
      // IMDS refuses token requests that went through a proxy, to stop SSRF from minting tokens.
      if (req.headers['x-forwarded-for'] !== undefined) return text(403, 'Forbidden');
      const raw = req.headers[TTL_HEADER];
      const ttl = Number(raw);
      if (raw === undefined || !/^\d+$/.test(raw) || ttl < 1 || ttl > MAX_TOKEN_TTL) {
        return text(400, `${TTL_HEADER} must be an integer from 1 to ${MAX_TOKEN_TTL}`);
      }
      const token = randomBytes(32).toString('base64url');
      tokens.set(token, now + ttl * 1000);
      return text(200, token);
    }
    if (req.method !== 'GET') return text(405, 'Method Not Allowed');

    const token = req.headers[TOKEN_HEADER];
    if (token !== undefined ? !tokens.has(token) : ecs.mode === 'v2-required') return text(401, 'Unauthorized');

    const path = req.rawPath;
    if (path === CREDENTIALS_PREFIX || path === CREDENTIALS_PREFIX.slice(0, -1)) return text(200, ecs.roleName);
    if (path.startsWith(CREDENTIALS_PREFIX)) {
      let name: string;
      try {
        name = decodeURIComponent(path.slice(CREDENTIALS_PREFIX.length).replace(/\/$/, ''));
      } catch {
        return text(404, notFoundHtml(), 'text/html');
      }
      if (name !== ecs.roleName) return text(404, notFoundHtml(), 'text/html');
      const { issued, at } = credentials(state);
      return text(
        200,
        JSON.stringify({
          AccessKeyId: issued.record.accessKeyId,
          AccessKeySecret: issued.record.accessKeySecret,
          Expiration: issued.expiration,
          SecurityToken: issued.record.securityToken,
          LastUpdated: stsTime(at),
          Code: 'Success',
        }),
        'text/plain',
      );
    }
    if (path === '/latest/meta-data/region-id') return text(200, state.config.region);
    if (path === '/latest/meta-data/instance-id') return text(200, 'i-emulator000000000001');
    return text(404, notFoundHtml(), 'text/html');
  }

  return {
    name: 'ecs',
    matches: (req) => req.rawPath.startsWith('/latest/'),
    action: (req) => {
      if (req.rawPath === TOKEN_PATH) return 'GetMetadataToken';
      if (req.rawPath.replace(/\/$/, '') === CREDENTIALS_PREFIX.slice(0, -1)) return 'GetRoleName';
      if (req.rawPath.startsWith(CREDENTIALS_PREFIX)) return 'GetRoleCredentials';
      return 'GetMetadata';
    },
    handle,
    reset: () => {
      tokens.clear();
      cached = undefined;
    },
  };
}

function notFoundHtml(): string {
  return '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><head><title>404 - Not Found</title></head><body><h1>404 - Not Found</h1></body></html>\n';
}
