import { generateOidcKey, signJwt, type OidcSigningKey } from './jwt';
import type { EmulatorConfig } from '../types';

/** Options of `emulator.mintOidcToken`. */
export interface MintOidcTokenOptions {
  /** `sub`; default `system:serviceaccount:default:emulator` (what ACK RRSA issues). */
  subject?: string;
  /** `aud`; default the provider's first audience. */
  audience?: string | string[];
  /** Seconds until `exp`, from the emulator clock; negative for an already-expired token. Default 3600. */
  expiresIn?: number;
  /** `iss`; default the provider's issuer (set another to test issuer mismatch). */
  issuer?: string;
  /** Which provider signs; default the first one the emulator holds a key for. */
  providerArn?: string;
}

/**
 * Private keys for the OIDC providers configured without `jwks`: generated at start, their public JWKs
 * written into the config so STS verifies what `mint` signs.
 */
export interface OidcKeyring {
  mint(options: MintOidcTokenOptions, now: Date): string;
  /** Provider ARNs the emulator can sign for. */
  providers(): string[];
}

export function createOidcKeyring(config: EmulatorConfig): OidcKeyring {
  const keys = new Map<string, OidcSigningKey>();
  for (const provider of config.oidcProviders) {
    if (provider.jwks.length > 0) continue;
    const key = generateOidcKey();
    keys.set(provider.arn, key);
    provider.jwks = [key.publicJwk];
  }
  return {
    providers: () => [...keys.keys()],
    mint(options, now) {
      const arn = options.providerArn ?? [...keys.keys()][0];
      const key = arn === undefined ? undefined : keys.get(arn);
      const provider = config.oidcProviders.find((p) => p.arn === arn);
      if (!key || !provider) {
        throw new Error(
          `mintOidcToken: the emulator holds no key for ${arn ?? 'any provider'}; configure an OIDC provider with "jwks": [] so it generates one`,
        );
      }
      const iat = Math.floor(now.getTime() / 1000);
      return signJwt(
        {
          iss: options.issuer ?? provider.issuer,
          sub: options.subject ?? 'system:serviceaccount:default:emulator',
          aud: options.audience ?? provider.audiences[0],
          iat,
          nbf: iat,
          exp: iat + (options.expiresIn ?? 3600),
        },
        key,
      );
    },
  };
}
