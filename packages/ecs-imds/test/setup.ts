// Loaded before every test file (vitest.config.ts): the global fetch refuses every host but loopback.
// Requests to 100.100.100.200 are also recorded, so the guard test can prove none was attempted.
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** URLs of requests the guard refused during this test file (read by the guard test through globalThis). */
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
