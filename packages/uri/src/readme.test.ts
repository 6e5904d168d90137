import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { afterEach, expect, it } from 'vitest';

const saved = { ...process.env };
afterEach(() => {
  process.env = saved;
});

it('the README example is examples/readme.ts verbatim, and it runs against a local credential server', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('../examples/readme.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ Code: 'Success', AccessKeyId: 'STS.NReadme', AccessKeySecret: 's', SecurityToken: 't', Expiration: expiration }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    process.env = { ...saved, ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:${(server.address() as { port: number }).port}/credentials` };
    const { credentials } = await import('../examples/readme');
    expect(credentials.accessKeyId).toBe('STS.NReadme');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
