import { describe, expect, it } from 'vitest';
import { rateLimiter, refreshSchedule } from './schedule';

const H = 3600_000;
const M = 60_000;
const T = Date.UTC(2026, 0, 1, 0, 30);
const opts = (random = 0) => ({ maxRefreshIntervalMs: 6 * H, maxStaleMs: 24 * H, random: () => random });
const base = { accessKeyId: 'LTAIx', accessKeySecret: 's' };

describe('refreshSchedule', () => {
  it('refreshes 5 minutes after NextRotationDate, plus up to 5 minutes of jitter', () => {
    const secret = { ...base, nextRotationDate: new Date(T + 30 * M), rotationIntervalMs: H };
    expect(refreshSchedule(secret, T, opts(0))).toEqual({ refreshAt: T + 35 * M, expiresAt: T + 35 * M + 24 * H });
    expect(refreshSchedule(secret, T, opts(0.999)).refreshAt).toBeCloseTo(T + 40 * M, -3);
  });

  it('caps at RotationInterval and at maxRefreshIntervalMs', () => {
    expect(refreshSchedule({ ...base, nextRotationDate: new Date(T + 7 * 24 * H), rotationIntervalMs: 7 * 24 * H }, T, opts()).refreshAt).toBe(T + 6 * H);
    expect(refreshSchedule({ ...base, rotationIntervalMs: 2 * H }, T, opts()).refreshAt).toBe(T + 2 * H);
    expect(refreshSchedule(base, T, opts()).refreshAt).toBe(T + 6 * H);
  });

  it('a rotation that is already due is looked at again in 10 minutes, not after a whole interval', () => {
    const secret = { ...base, nextRotationDate: new Date(T - 2 * H), rotationIntervalMs: 7 * 24 * H };
    expect(refreshSchedule(secret, T, opts()).refreshAt).toBe(T + 10 * M);
  });

  it('ExpireTimestamp bounds both the refresh and the expiration', () => {
    const secret = { ...base, expireAt: new Date(T + H) };
    expect(refreshSchedule(secret, T, opts())).toEqual({ refreshAt: T + 55 * M, expiresAt: T + H });
  });
});

describe('rateLimiter', () => {
  it('allows 5 per 10 minutes, sliding', () => {
    let now = 0;
    const allow = rateLimiter(5, 10 * M, () => now);
    expect([1, 2, 3, 4, 5, 6].map(() => allow())).toEqual([true, true, true, true, true, false]);
    now = 10 * M - 1;
    expect(allow()).toBe(false);
    now = 10 * M; // all five slots of time 0 have left the window
    expect([1, 2, 3, 4, 5, 6].map(() => allow())).toEqual([true, true, true, true, true, false]);
  });
});
