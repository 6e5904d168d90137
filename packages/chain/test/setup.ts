// Loaded before every test file (vitest.config.ts): the global fetch refuses every host but loopback, so no
// test can reach the ECS metadata address 100.100.100.200 or any *.aliyuncs.com host. Refused URLs are
// recorded on globalThis so tests can prove the real metadata address was never requested.
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const refusedRequests: string[] = [];
(globalThis as { __refusedRequests?: string[] }).__refusedRequests = refusedRequests;

globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) {
    refusedRequests.push(url.href);
    return Promise.reject(new Error(`test guard: refused a request to ${url.host}; tests only talk to loopback`));
  }
  return realFetch(input, init);
}) as typeof fetch;
