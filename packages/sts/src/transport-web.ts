/**
 * Edge twin of `transport-node.ts`. Web runtimes expose no connect phase to time, so the global `fetch` is
 * used and only the overall deadline (`timeoutMs`) applies.
 */
export function connectTimeoutFetch(_connectTimeoutMs: number): typeof fetch | undefined {
  return undefined;
}
