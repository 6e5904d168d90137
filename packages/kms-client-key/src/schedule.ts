import type { RamSecret } from './secret';

/** Refresh this long after `NextRotationDate`, so KMS has finished writing the new version. */
export const AFTER_ROTATION_MS = 5 * 60_000;
/** Up to this much random delay on each scheduled refresh, so a fleet does not hit KMS at the same second. */
export const REFRESH_JITTER_MS = 5 * 60_000;
/** When `NextRotationDate` is already past (rotation running late), look again after this long. */
export const OVERDUE_RECHECK_MS = 10 * 60_000;

/** Inputs of {@link refreshSchedule}. */
export interface ScheduleOptions {
  /** Upper bound between two fetches, whatever the rotation says. */
  maxRefreshIntervalMs: number;
  /** How long past the scheduled refresh a key is still served while KMS cannot be reached. */
  maxStaleMs: number;
  random: () => number;
}

/** When to fetch the secret again, and until when the fetched key may be used without a successful refresh. */
export interface Schedule {
  refreshAt: number;
  expiresAt: number;
}

/**
 * The refresh time of a fetched RAM secret: the earliest of `NextRotationDate` + 5 min, fetch time +
 * `RotationInterval`, fetch time + `maxRefreshIntervalMs`, and `ExpireTimestamp` − 5 min; plus 0–5 min of
 * jitter. A `NextRotationDate` in the past means a rotation is due or running: look again in ~10 minutes.
 * The key is served until `refreshAt + maxStaleMs` (capped by `ExpireTimestamp`) when refreshes fail: a
 * rotated-out key keeps working for a while after rotation, and a rejected one is reported by consumers.
 */
export function refreshSchedule(secret: RamSecret, fetchedAt: number, options: ScheduleOptions): Schedule {
  let due = fetchedAt + Math.min(secret.rotationIntervalMs ?? Number.POSITIVE_INFINITY, options.maxRefreshIntervalMs);
  if (secret.nextRotationDate) {
    const afterRotation = secret.nextRotationDate.getTime() + AFTER_ROTATION_MS;
    due = Math.min(due, afterRotation > fetchedAt ? afterRotation : fetchedAt + OVERDUE_RECHECK_MS);
  }
  let refreshAt = due + options.random() * REFRESH_JITTER_MS;
  let expiresAt = refreshAt + options.maxStaleMs;
  if (secret.expireAt) {
    const hard = secret.expireAt.getTime();
    expiresAt = Math.min(expiresAt, hard);
    refreshAt = Math.min(refreshAt, Math.max(fetchedAt, hard - AFTER_ROTATION_MS));
  }
  return { refreshAt, expiresAt };
}

/**
 * At most `limit` events per `windowMs` (a sliding window): the official plugins allow 5 forced refreshes
 * per 10 minutes per secret, so a consumer that keeps reporting a dead key cannot hammer KMS.
 */
export function rateLimiter(limit: number, windowMs: number, now: () => number): () => boolean {
  const times: number[] = [];
  return () => {
    const t = now();
    while (times.length > 0 && times[0]! <= t - windowMs) times.shift();
    if (times.length >= limit) return false;
    times.push(t);
    return true;
  };
}
