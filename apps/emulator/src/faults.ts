/** One fault rule; every field but `service` is optional and they combine. */
export interface FaultRule {
  /** "sts" | "ecs" | "uri" | "kms" | "oss" */
  service: string;
  /** Only this action (e.g. "AssumeRole", "GetObject"); every action when absent. */
  action?: string;
  /** Delay before the answer, in real milliseconds. */
  latencyMs?: number;
  /** Answer with this HTTP status and a service-style error body instead of calling the service. */
  status?: number;
  /** Corrupt the service's answer: invalid JSON/XML, cut in half, or padded past 10 MiB. */
  body?: 'malformed' | 'truncated' | 'oversized';
  /** Accept the request and never answer (until the client gives up or the emulator closes). */
  hang?: true;
  /** Credential-issuing services (STS, ECS, URI, KMS) hand out credentials that have already expired. */
  expiredCredentials?: true;
  /** The service sees its clock shifted by this many seconds (positive = ahead of the client). */
  clockSkewSeconds?: number;
  /** Answer with the service's throttling error (STS `Throttling.User`, OSS `SlowDown`, IMDS 429). */
  throttle?: true;
  /** Apply to this many matching requests, then remove itself; forever when absent. */
  times?: number;
}

export interface FaultHandle {
  readonly rule: Readonly<FaultRule>;
  /** How many requests this rule has affected so far. */
  readonly hits: number;
  remove(): void;
}

/** The fault registry behind `emulator.faults`. */
export interface Faults {
  add(rule: FaultRule): FaultHandle;
  clear(): void;
  list(): FaultHandle[];
  /** Takes the first rule matching the request (counting it against `times`); server use. */
  take(service: string, action: string): FaultRule | undefined;
}

export function createFaults(): Faults {
  interface Entry {
    rule: FaultRule;
    hits: number;
    handle: FaultHandle;
  }
  let entries: Entry[] = [];

  return {
    add(rule) {
      const problems = checkRule(rule);
      if (problems.length > 0) throw new TypeError(`invalid fault rule: ${problems.join('; ')}`);
      const entry = { rule: { ...rule }, hits: 0 } as Entry;
      entry.handle = {
        rule: entry.rule,
        get hits() {
          return entry.hits;
        },
        remove: () => {
          entries = entries.filter((e) => e !== entry);
        },
      };
      entries.push(entry);
      return entry.handle;
    },
    clear() {
      entries = [];
    },
    list: () => entries.map((e) => e.handle),
    take(service, action) {
      const entry = entries.find((e) => e.rule.service === service && (e.rule.action === undefined || e.rule.action === action));
      if (!entry) return undefined;
      entry.hits += 1;
      if (entry.rule.times !== undefined && entry.hits >= entry.rule.times) entry.handle.remove();
      return entry.rule;
    },
  };
}

function checkRule(rule: FaultRule): string[] {
  const p: string[] = [];
  if (!rule || typeof rule.service !== 'string' || rule.service === '') p.push('service is required');
  if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0)) p.push('latencyMs must be >= 0');
  if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) p.push('status must be 100..599');
  if (rule.body !== undefined && !['malformed', 'truncated', 'oversized'].includes(rule.body)) p.push('body must be malformed, truncated or oversized');
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) p.push('times must be a positive integer');
  if (rule.clockSkewSeconds !== undefined && !Number.isFinite(rule.clockSkewSeconds)) p.push('clockSkewSeconds must be a number');
  return p;
}

/** Size of an `oversized` body: past the 1 MiB caps clients put on credential responses, by a wide margin. */
export const OVERSIZED_BYTES = 10 * 1024 * 1024 + 1;

/** Applies a `body` fault to a service's answer. */
export function corruptBody(kind: NonNullable<FaultRule['body']>, body: string | Uint8Array | undefined): Uint8Array {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : (body ?? new Uint8Array());
  switch (kind) {
    case 'truncated':
      return bytes.slice(0, Math.floor(bytes.byteLength / 2));
    case 'malformed':
      // Neither JSON nor XML, but still plausible text so clients reach their parser.
      return new TextEncoder().encode(`{"Code":"Success",<<malformed>>${new TextDecoder().decode(bytes).slice(0, 64)}`);
    case 'oversized': {
      const out = new Uint8Array(Math.max(OVERSIZED_BYTES, bytes.byteLength));
      out.set(bytes, 0);
      out.fill(0x20, bytes.byteLength);
      return out;
    }
  }
}
