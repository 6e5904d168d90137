import { invalid } from './errors';

/** The V4 timestamp for one instant: `20231216T162057Z`, its date `20231216`, and Unix seconds. */
export interface SigningTime {
  readonly datetime: string;
  readonly date: string;
  readonly seconds: number;
}

// Signing is often repeated within the same second; formatting the timestamp is a visible cost then.
let last: SigningTime | undefined;

/** The signing instant (default now), whole seconds, UTC. */
export function signingTime(date: Date | undefined): SigningTime {
  const ms = date === undefined ? Date.now() : date instanceof Date ? date.getTime() : NaN;
  if (isNaN(ms)) throw invalid('options.signingDate must be a valid Date');
  const seconds = Math.floor(ms / 1000);
  if (last?.seconds !== seconds) {
    // 2023-12-16T16:20:57.000Z → 20231216T162057Z
    const datetime = new Date(seconds * 1000).toISOString().replace(/-|:|\.\d+/g, '');
    last = { datetime, date: datetime.slice(0, 8), seconds };
  }
  return last;
}

/** `expiresIn` checked against the service limits: whole seconds, 1 … 604800 (7 days); default 900. */
export function checkExpiresIn(expiresIn: number | undefined = 900): number {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
    throw invalid('options.expiresIn must be whole seconds from 1 to 604800 (7 days)');
  }
  return expiresIn;
}
