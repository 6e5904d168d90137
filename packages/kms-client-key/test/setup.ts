// Loaded before every test file (vitest.config.ts): the global fetch refuses every host but loopback, so a
// test that forgets to point the endpoint at the emulator fails instead of reaching kms.*.aliyuncs.com.
const realFetch = globalThis.fetch;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOOPBACK.has(url.hostname)) {
    return Promise.reject(new Error(`test guard: refused a request to ${url.host}; tests only talk to loopback`));
  }
  return realFetch(input, init);
}) as typeof fetch;
