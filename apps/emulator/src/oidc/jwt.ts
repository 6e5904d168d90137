import { createPublicKey, createSign, createVerify, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

/** An RS256 signing key the emulator holds for an OIDC provider, with its public JWK. */
export interface OidcSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

/** Generates a 2048-bit RS256 key (what ACK RRSA issuers use). */
export function generateOidcKey(kid = randomUUID()): OidcSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Signs `claims` as a compact RS256 JWS. */
export function signJwt(claims: Record<string, unknown>, key: OidcSigningKey): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

export type JwtCheck =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; code: 'InvalidParameter.OIDCToken' | 'AuthenticationFail.OIDCToken.Expired' | 'AuthenticationFail.OIDCToken.Invalid'; message: string };

/**
 * Verifies a compact RS256 JWT against a provider: signature by one of `jwks` (by `kid`, else any),
 * `iss`, `aud` (string or array) and `exp`/`nbf` with 60 s of leeway, as an OIDC relying party would.
 * Messages never echo the token.
 */
export function verifyJwt(
  token: string,
  expected: { issuer: string; audiences: string[]; jwks: Array<Record<string, unknown>>; now: Date },
): JwtCheck {
  const fail = (code: Exclude<JwtCheck, { ok: true }>['code'], message: string): JwtCheck => ({ ok: false, code, message });
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    return fail('InvalidParameter.OIDCToken', 'The OIDC token is not a compact JWT (three base64url parts).');
  }
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return fail('InvalidParameter.OIDCToken', 'The OIDC token header or payload is not JSON.');
  }
  if (header['alg'] !== 'RS256') return fail('AuthenticationFail.OIDCToken.Invalid', `Unsupported JWT alg: ${String(header['alg'])}.`);
  const candidates = expected.jwks.filter((k) => header['kid'] === undefined || k['kid'] === header['kid']);
  const verified = candidates.some((jwk) => {
    try {
      const key = createPublicKey({ key: jwk as never, format: 'jwk' });
      return createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, Buffer.from(s, 'base64url'));
    } catch {
      return false;
    }
  });
  if (!verified) return fail('AuthenticationFail.OIDCToken.Invalid', 'The OIDC token signature does not verify with the provider keys.');
  if (claims['iss'] !== expected.issuer) {
    return fail('AuthenticationFail.OIDCToken.Invalid', 'The issuer of the OIDC token does not match the OIDC provider.');
  }
  const aud = claims['aud'];
  const auds = Array.isArray(aud) ? aud : [aud];
  if (!auds.some((a) => typeof a === 'string' && expected.audiences.includes(a))) {
    return fail('AuthenticationFail.OIDCToken.Invalid', 'The audience of the OIDC token is not a client id of the OIDC provider.');
  }
  const nowS = expected.now.getTime() / 1000;
  const leeway = 60;
  if (typeof claims['exp'] !== 'number') return fail('InvalidParameter.OIDCToken', 'The OIDC token has no exp claim.');
  if (claims['exp'] + leeway < nowS) return fail('AuthenticationFail.OIDCToken.Expired', 'The OIDC token has expired.');
  if (typeof claims['nbf'] === 'number' && claims['nbf'] - leeway > nowS) {
    return fail('AuthenticationFail.OIDCToken.Invalid', 'The OIDC token is not valid yet (nbf).');
  }
  if (typeof claims['sub'] !== 'string' || claims['sub'] === '') return fail('InvalidParameter.OIDCToken', 'The OIDC token has no sub claim.');
  return { ok: true, claims };
}
