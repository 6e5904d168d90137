/** The JavaScript runtime alicred is running on, as reported in the User-Agent. */
export type Runtime = 'node' | 'bun' | 'deno' | 'workerd' | 'edge-light' | 'browser' | 'unknown';

/**
 * Detects the runtime from globals only (no imports, never throws). Bun and Deno also expose a Node-like
 * `process`, so they are checked before Node; workerd identifies itself through `navigator.userAgent`.
 */
export function detectRuntime(): Runtime {
  const g = globalThis as Record<string, unknown> & {
    navigator?: { userAgent?: unknown };
    process?: { versions?: Record<string, unknown> };
  };
  try {
    if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
    if (typeof g.Deno === 'object' && g.Deno !== null) return 'deno';
    if (typeof g.Bun === 'object' && g.Bun !== null) return 'bun';
    if (typeof g.EdgeRuntime === 'string') return 'edge-light';
    if (typeof g.process?.versions?.node === 'string') return 'node';
    if (typeof g.window === 'object' && typeof g.document === 'object') return 'browser';
  } catch {
    // A hostile or locked-down global (a getter that throws) just means we cannot tell.
  }
  return 'unknown';
}
