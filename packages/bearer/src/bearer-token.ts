import { CredentialsError } from '@alicred/core';

/**
 * A bearer token (Cloud Call Center and other products that accept `x-acs-bearer-token`). Deliberately a
 * different shape from `Credentials`: it has no `accessKeyId`/`accessKeySecret`, so a bearer token cannot be
 * passed where an AccessKey is expected, and `type: 'bearer'` tells the two apart at run time.
 *
 * Redaction: `token` is a non-enumerable property, so spreading (`{ ...t }`), `Object.entries`, `JSON.stringify`,
 * `String(t)`, template literals, `util.inspect` and Deno's inspect never show it. Reading `t.token` does.
 */
export interface BearerToken {
  readonly type: 'bearer';
  /** The token itself. Non-enumerable: only explicit reads see it. */
  readonly token: string;
  /** When the token stops working; `undefined` when unknown (then it is never refreshed on its own). */
  readonly expiration?: Date;
  /** Where the token came from, e.g. `bearer/env` or `bearer/function`. */
  readonly providerName: string;
}

/** Input for {@link createBearerToken}. */
export interface BearerTokenInit {
  token: string;
  expiration?: Date;
  providerName: string;
}

/** The mark shown in place of a token. */
const REDACTED = '[redacted]';

function describe(t: BearerToken): string {
  const expires = t.expiration ? `, expires ${t.expiration.toISOString()}` : '';
  return `BearerToken { token: ${REDACTED}, providerName: ${t.providerName}${expires} }`;
}

// Methods live on a shared prototype so they are not own (enumerable) properties of every token.
const prototype = Object.freeze({
  toJSON(this: BearerToken) {
    return {
      type: 'bearer' as const,
      token: REDACTED,
      providerName: this.providerName,
      ...(this.expiration ? { expiration: this.expiration.toISOString() } : {}),
    };
  },
  toString(this: BearerToken) {
    return describe(this);
  },
  [Symbol.for('nodejs.util.inspect.custom')](this: BearerToken) {
    return describe(this);
  },
  [Symbol.for('Deno.customInspect')](this: BearerToken) {
    return describe(this);
  },
});

/**
 * Validates and freezes a bearer token (non-empty string token, valid `Date` expiration).
 * Throws `CredentialsError` with code `InvalidCredentials` otherwise; the message never contains the token.
 *
 * @example
 * ```ts
 * const t = createBearerToken({ token: process.env.CCC_TOKEN!, providerName: 'my-app' });
 * String(t); // "BearerToken { token: [redacted], providerName: my-app }"
 * ```
 */
export function createBearerToken(init: BearerTokenInit): BearerToken {
  const providerName = init.providerName;
  if (typeof init.token !== 'string' || init.token.trim() === '') {
    throw new CredentialsError(`the bearer token from ${providerName} is empty or not a string: supply a non-empty token.`, {
      code: 'InvalidCredentials',
      provider: providerName,
    });
  }
  if (init.expiration !== undefined && !(init.expiration instanceof Date && Number.isFinite(init.expiration.getTime()))) {
    throw new CredentialsError(`the bearer token expiration from ${providerName} is not a valid Date.`, {
      code: 'InvalidCredentials',
      provider: providerName,
    });
  }
  const t = Object.create(prototype) as BearerToken;
  Object.defineProperties(t, {
    type: { value: 'bearer', enumerable: true },
    token: { value: init.token.trim(), enumerable: false },
    providerName: { value: providerName, enumerable: true },
    ...(init.expiration ? { expiration: { value: new Date(init.expiration.getTime()), enumerable: true } } : {}),
  });
  return Object.freeze(t);
}

/** True for objects made by {@link createBearerToken} (checked by shape, so two copies of this package agree). */
export function isBearerToken(value: unknown): value is BearerToken {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as BearerToken).type === 'bearer' &&
    typeof (value as BearerToken).token === 'string'
  );
}
