import { Agent, fetch as undiciFetch } from 'undici';

// One connection pool per connect timeout, made on first use: connections are reused across refreshes,
// and undici unrefs idle sockets, so the pool never keeps a process alive.
const pools = new Map<number, Agent>();

/**
 * A `fetch` whose TCP/TLS connect phase gives up after `connectTimeoutMs`. Node's global fetch has no such
 * option; the read deadline is applied on top by `@alicred/core`'s `httpRequest`.
 */
export function connectTimeoutFetch(connectTimeoutMs: number): typeof fetch | undefined {
  let agent = pools.get(connectTimeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: connectTimeoutMs } });
    pools.set(connectTimeoutMs, agent);
  }
  const dispatcher = agent;
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}
