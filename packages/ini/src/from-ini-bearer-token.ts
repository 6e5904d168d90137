import type { ProviderOptions } from '@alicred/core';
import { profileError } from './errors';
import { loadIniProfile, type FromIniInit } from './from-ini';
import { lazyProvider } from './lazy-provider';
import { importPeer, rethrow } from './peers';

/** The shape of `@alicred/bearer`'s `BearerToken` that this package relies on. */
export interface IniBearerToken {
  readonly type: 'bearer';
  readonly token: string;
  readonly expiration?: Date;
  readonly providerName: string;
}

/** Gives bearer tokens, like `@alicred/bearer`'s `BearerTokenProvider`. */
export type IniBearerTokenProvider = (options?: ProviderOptions) => Promise<IniBearerToken>;

/** Options for {@link fromIniBearerToken}: those of `fromIni`, plus the bearer factory. */
export interface FromIniBearerTokenInit extends FromIniInit {
  /** Wraps the profile's token; default `fromBearerToken` from `@alicred/bearer`, imported on first use. */
  bearerToken?: (init: { token: string }) => IniBearerTokenProvider;
}

/**
 * The bearer token of a `type = bearer` INI profile (`bearer_token = …`), for Cloud Call Center and the other
 * products that take `x-acs-bearer-token`. A separate function from `fromIni` because a bearer token is not
 * an AccessKey (alicred keeps the two types apart). Same file, profile and error rules as `fromIni`; a
 * profile of another type is `WrongCredentialType`.
 *
 * @example
 * ```ts
 * const tokens = fromIniBearerToken({ profile: 'ccc' });
 * const { token } = await tokens();
 * ```
 */
export function fromIniBearerToken(init: FromIniBearerTokenInit = {}): IniBearerTokenProvider {
  const warned = new Set<string>();
  return lazyProvider(async () => {
    const resolved = await loadIniProfile(init, warned);
    if (resolved.kind !== 'bearer') {
      throw profileError(resolved.where, 'WrongCredentialType', `is type ${resolved.type}, not bearer: read it with fromIni() instead.`);
    }
    const factory =
      init.bearerToken ??
      (await importPeer<(init: { token: string }) => IniBearerTokenProvider>(
        '@alicred/bearer',
        'fromBearerToken',
        // @ts-ignore -- optional peer dependency, may be absent at build time
        () => import('@alicred/bearer').catch(rethrow),
        resolved.where,
        'type bearer',
        'init.bearerToken',
      ));
    return factory({ token: resolved.token });
  });
}
