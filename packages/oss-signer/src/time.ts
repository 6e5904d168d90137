import { invalid } from './errors';

/** The V4 timestamp pair for one instant: `20231216T162057Z` and its date part `20231216`. */
export interface SigningTime {
  readonly datetime: string;
  readonly date: string;
  readonly seconds: number;
}

// Signing is often repeated within the same second; formatting the timestamp is a visible cost then.
let last: SigningTime | undefined;

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** The signing instant (default now) formatted for V4, whole seconds, UTC. */
export function signingTime(date: Date | undefined): SigningTime {
  let ms: number;
  if (date === undefined) ms = Date.now();
  else if (date instanceof Date && !Number.isNaN(date.getTime())) ms = date.getTime();
  else throw invalid('signingDate must be a valid Date', 'InvalidConfiguration');
  const seconds = Math.floor(ms / 1000);
  if (last !== undefined && last.seconds === seconds) return last;
  const d = new Date(seconds * 1000);
  const day = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  last = { date: day, datetime: `${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`, seconds };
  return last;
}

/** `expiresIn` checked against the service limits: whole seconds, 1 … 604800 (7 days). */
export function checkExpiresIn(expiresIn: number | undefined): number {
  if (expiresIn === undefined) return 900;
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
    throw invalid('expiresIn must be a whole number of seconds from 1 to 604800 (7 days)', 'InvalidConfiguration');
  }
  return expiresIn;
}
