import { profileError, type Location } from './errors';
import type { CliProfileRecord } from './cli-config';

/**
 * Typed reads of one CLI profile. The aliyun CLI writes every field of every mode (`"sts_region": ""`,
 * `"expired_seconds": 0`, `"enable_vpc": false`), so an empty string and a zero count as unset.
 * Errors name the key, never the value.
 */
export class CliReader {
  constructor(
    readonly record: CliProfileRecord,
    readonly where: Location,
  ) {}

  get mode(): string {
    return typeof this.record.mode === 'string' ? this.record.mode : '';
  }

  private raw(key: string): unknown {
    return Object.hasOwn(this.record, key) ? this.record[key] : undefined;
  }

  optional(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw profileError(this.where, 'InvalidProfile', `${key} must be a string.`);
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  required(key: string): string {
    const value = this.optional(key);
    if (value === undefined) throw profileError(this.where, 'InvalidProfile', `mode ${this.mode} needs ${key}, which is missing or empty.`);
    return value;
  }

  /** A non-negative whole number, given as a number or a numeric string; 0 counts as unset. */
  number(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '' || value === 0) return undefined;
    const n = typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw profileError(this.where, 'InvalidProfile', `${key} must be a whole number.`);
    }
    return n === 0 ? undefined : n;
  }

  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw profileError(this.where, 'InvalidProfile', `${key} must be true or false.`);
  }
}
