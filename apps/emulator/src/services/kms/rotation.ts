import { createHash } from 'node:crypto';

/** Defaults when a RAMCredentials secret does not set them. */
export const DEFAULT_ROTATION_SECONDS = 3600;
export const DEFAULT_GRACE_SECONDS = 600;

/** One version of a rotating RAM AccessKey secret. */
export interface RotatedKey {
  generation: number;
  accessKeyId: string;
  accessKeySecret: string;
  versionId: string;
  /** When this version became ACSCurrent (its GenerateTimestamp). */
  generatedAt: Date;
  /** When the next version replaces it. */
  rotatesAt: Date;
  /** When the key stops working: the next rotation plus the grace period. */
  validUntil: Date;
}

/**
 * Rotation is a pure function of the clock: generation `n = floor(t / interval)` (intervals aligned to the
 * Unix epoch), so the same pinned `now` always yields the same AccessKey, across restarts and resets.
 */
export function generationAt(now: Date, rotationSeconds: number): number {
  return Math.floor(now.getTime() / 1000 / rotationSeconds);
}

/** The deterministic AccessKey of `generation` of secret `secretName` (24-char id, 30-char secret). */
export function rotatedKey(secretName: string, generation: number, rotationSeconds: number, graceSeconds: number): RotatedKey {
  const digest = (label: string) => createHash('sha256').update(`alicred-emulator/kms/${secretName}/${generation}/${label}`).digest();
  const id = digest('id').toString('hex').slice(0, 20).toUpperCase();
  const secret = digest('secret').toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 30);
  const v = digest('version').toString('hex');
  const start = generation * rotationSeconds * 1000;
  return {
    generation,
    accessKeyId: `LTAI${id}`,
    accessKeySecret: secret,
    versionId: `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`,
    generatedAt: new Date(start),
    rotatesAt: new Date(start + rotationSeconds * 1000),
    validUntil: new Date(start + (rotationSeconds + graceSeconds) * 1000),
  };
}
