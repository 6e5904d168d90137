// The conformance harness: a test registry and a handful of assertions that need nothing but ECMAScript, so
// the same suite runs unchanged on Node, Bun, Deno, workerd and Vercel Edge (vitest does not run in the last
// three). Suites call `suite('<package>')` once and register tests with the `test` it returns; the runner's
// generated entry calls `run(ctx)` and reports the JSON it resolves to.

const registered = [];

/**
 * Names a suite. Returns `test(name, fn)` and `skip(name, reason)`; test names are reported as
 * `<suite> › <name>`. `fn(ctx)` may be async; it fails by throwing.
 */
export function suite(suiteName) {
  return {
    test(name, fn) {
      registered.push({ name: `${suiteName} › ${name}`, fn });
    },
    skip(name, reason) {
      registered.push({ name: `${suiteName} › ${name}`, skip: reason ?? 'skipped' });
    },
  };
}

const SKIP = Symbol.for('alicred.conformance.skip');

/** Ends the current test as skipped (e.g. the emulator is not built yet); call as `skip(reason)`. */
export function skipTest(reason) {
  throw { [SKIP]: true, reason };
}

/** Thrown by every assertion; the runner prints `message`. */
export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(value) {
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    // Cyclic or BigInt: fall through to String().
  }
  return String(value);
}

function fail(message, hint) {
  throw new AssertionError(hint ? `${hint}: ${message}` : message);
}

function deepEqualValues(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.every((v, i) => v === y[i]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqualValues(a[k], b[k]));
}

/** Assertions in the spirit of node:assert/strict, without Node. */
export const assert = {
  ok(value, hint) {
    if (!value) fail(`expected a truthy value, got ${show(value)}`, hint);
  },
  equal(actual, expected, hint) {
    if (!Object.is(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, hint);
  },
  notEqual(actual, unexpected, hint) {
    if (Object.is(actual, unexpected)) fail(`expected anything but ${show(unexpected)}`, hint);
  },
  deepEqual(actual, expected, hint) {
    if (!deepEqualValues(actual, expected)) fail(`expected ${show(expected)}, got ${show(actual)}`, hint);
  },
  /** `text` contains `part` (string) or matches it (RegExp). */
  match(text, part, hint) {
    const hit = part instanceof RegExp ? part.test(String(text)) : String(text).includes(part);
    if (!hit) fail(`expected ${show(text)} to contain ${String(part)}`, hint);
  },
  /** `text` does not contain `part`: the redaction assertion. */
  notMatch(text, part, hint) {
    const hit = part instanceof RegExp ? part.test(String(text)) : String(text).includes(part);
    if (hit) fail(`expected the output not to contain ${String(part)}`, hint);
  },
  /** `fn()` throws (or its promise rejects); returns the error so a test can inspect it. */
  async rejects(fn, check, hint) {
    let error;
    try {
      await fn();
    } catch (e) {
      error = e;
    }
    if (error === undefined) fail('expected a rejection, got none', hint);
    if (check) check(error);
    return error;
  },
  throws(fn, check, hint) {
    let error;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    if (error === undefined) fail('expected an exception, got none', hint);
    if (check) check(error);
    return error;
  },
};

function describeError(error) {
  if (error && typeof error === 'object') {
    const code = 'code' in error && error.code ? ` [${error.code}]` : '';
    return `${error.name ?? 'Error'}${code}: ${error.message ?? String(error)}`;
  }
  return String(error);
}

/**
 * Runs every registered test in order with `ctx` (`{ runtime, emulatorUrl?, echoUrl?, env }`) and resolves
 * to `{ runtime, passed, failed, skipped, results: [{ name, status, error? }] }`. Never rejects.
 */
export async function run(ctx, { timeoutMs = 15_000 } = {}) {
  const results = [];
  for (const t of registered) {
    if (t.skip) {
      results.push({ name: t.name, status: 'skipped', error: t.skip });
      continue;
    }
    let timer;
    try {
      await Promise.race([
        Promise.resolve().then(() => t.fn(ctx)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      results.push({ name: t.name, status: 'passed' });
    } catch (error) {
      if (error && error[SKIP]) results.push({ name: t.name, status: 'skipped', error: error.reason });
      else results.push({ name: t.name, status: 'failed', error: describeError(error) });
    } finally {
      clearTimeout(timer);
    }
  }
  const count = (status) => results.filter((r) => r.status === status).length;
  return { runtime: ctx.runtime, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), results };
}
