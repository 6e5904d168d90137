import { CredentialsError } from './errors';
import { REDACTED, redact } from './redact';

/** What a source knows about a credential: the input of {@link createCredentials} and `fromStatic`. */
export interface CredentialsInit {
  /** The AccessKey id (e.g. `LTAI…`, or `STS.…` for temporary credentials). */
  accessKeyId: string;
  /** The AccessKey secret. */
  accessKeySecret: string;
  /** The STS security token, for temporary credentials. */
  securityToken?: string;
  /** When temporary credentials stop working. Absent for a long-term AccessKey. */
  expiration?: Date;
}

/**
 * Alibaba Cloud credentials, as every alicred provider returns them: a frozen object.
 *
 * Redaction: `JSON.stringify`, `String()`, template literals, Node's `util.inspect`/`console.log` and Deno's
 * `Deno.inspect` show the id and `[redacted]` in place of the secret and the token. The secret and the token
 * are still ordinary enumerable properties (consumers need them), so **an object spread `{ ...creds }`,
 * `Object.assign`, `Object.entries` or a structured clone copies them into a plain object that has no
 * redaction**: never log such a copy.
 */
export interface Credentials {
  /** The AccessKey id; shown in JSON and inspect output. */
  readonly accessKeyId: string;
  /** The AccessKey secret; `[redacted]` in JSON, `String()` and inspect output. */
  readonly accessKeySecret: string;
  /** The STS security token of temporary credentials; `[redacted]` in JSON, `String()` and inspect output. */
  readonly securityToken?: string;
  /** When the credentials stop working; absent for a long-term AccessKey (cached forever). */
  readonly expiration?: Date;
  /** Which provider produced these credentials (e.g. `env`, `ecs-imds`, `static`). */
  readonly providerName: string;
}

/** Redacted JSON form: no secret, no token; the expiration as an ISO-8601 string. */
function toSafeObject(creds: Credentials): Record<string, string> {
  const safe: Record<string, string> = {
    providerName: creds.providerName,
    accessKeyId: creds.accessKeyId,
    accessKeySecret: REDACTED,
  };
  if (creds.securityToken !== undefined) safe.securityToken = REDACTED;
  if (creds.expiration !== undefined) safe.expiration = creds.expiration.toISOString();
  return safe;
}

function describe(creds: Credentials): string {
  const parts = Object.entries(toSafeObject(creds)).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `Credentials { ${parts.join(', ')} }`;
}

// The redacting methods live on a shared prototype, not on each object: they are not copied by a spread
// (the copy has no secret-hiding at all, see the docs) and they do not show up as data in Object.keys.
const credentialsPrototype: object = Object.freeze(
  Object.create(Object.prototype, {
    toJSON: {
      value(this: Credentials) {
        return toSafeObject(this);
      },
    },
    toString: {
      value(this: Credentials) {
        return describe(this);
      },
    },
    [Symbol.toPrimitive]: {
      value(this: Credentials) {
        return describe(this);
      },
    },
    [Symbol.for('nodejs.util.inspect.custom')]: {
      value(this: Credentials) {
        return describe(this);
      },
    },
    [Symbol.for('Deno.customInspect')]: {
      value(this: Credentials) {
        return describe(this);
      },
    },
  }),
);

function invalid(message: string, provider: string): CredentialsError {
  return new CredentialsError(message, { code: 'InvalidCredentials', provider });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * Validates `init` and returns frozen, redacting {@link Credentials}.
 *
 * @throws CredentialsError `InvalidCredentials` when the id or secret is empty or not a string, the token is
 * present but empty or not a string, the expiration is not a valid `Date`, or `providerName` is empty.
 * The message names the field and the provider, never the value.
 *
 * @example
 * ```ts
 * const creds = createCredentials({ accessKeyId: 'LTAI…', accessKeySecret: '…', providerName: 'mine' });
 * JSON.stringify(creds); // {"providerName":"mine","accessKeyId":"LTAI…","accessKeySecret":"[redacted]"}
 * ```
 */
export function createCredentials(init: CredentialsInit & { providerName: string }): Credentials {
  const provider = isNonEmptyString(init?.providerName) ? init.providerName : 'unknown';
  if (!isNonEmptyString(init?.providerName)) throw invalid('the credentials providerName is empty or not a string.', provider);
  if (!isNonEmptyString(init.accessKeyId)) throw invalid(`the access key id from ${provider} is empty or not a string.`, provider);
  if (!isNonEmptyString(init.accessKeySecret)) {
    throw invalid(`the access key secret from ${provider} (access key id ${redact(init.accessKeyId)}) is empty or not a string.`, provider);
  }
  const token = init.securityToken ?? undefined;
  if (token !== undefined && !isNonEmptyString(token)) {
    throw invalid(`the security token from ${provider} is empty or not a string: omit it for a long-term AccessKey.`, provider);
  }
  const expiration = init.expiration ?? undefined;
  if (expiration !== undefined && !(expiration instanceof Date && Number.isFinite(expiration.getTime()))) {
    throw invalid(`the credentials expiration from ${provider} is not a valid Date.`, provider);
  }
  const creds = Object.create(credentialsPrototype) as { -readonly [K in keyof Credentials]: Credentials[K] };
  creds.accessKeyId = init.accessKeyId;
  creds.accessKeySecret = init.accessKeySecret;
  if (token !== undefined) creds.securityToken = token;
  // A private copy: a caller mutating its Date later must not move our expiration.
  if (expiration !== undefined) creds.expiration = new Date(expiration.getTime());
  creds.providerName = init.providerName;
  return Object.freeze(creds);
}
