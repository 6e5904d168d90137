import { createServer, type Socket } from 'node:net';
import { isCredentialsError } from '@alicred/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromCredentialsUri } from './index';
import { connectTimeoutFetch } from './transport-node';
import { connectTimeoutFetch as webTwin } from './transport-web';

// A TCP server that accepts and then says nothing: an https client never finishes its TLS handshake, which
// is the connect phase. The connect timeout then fails the request as a network error, long before the
// total deadline (which would report `Timeout`), so no clock needs to be read.
let port: number;
const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

it('the connect timeout ends a connection that never completes', async () => {
  const error = await fromCredentialsUri({
    uri: `https://127.0.0.1:${port}/credentials`,
    connectTimeoutMs: 150,
    timeoutMs: 15_000,
  })().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCredentialsError(error)).toBe(true);
  expect((error as { code: string }).code).toBe('NetworkError');
});

it('without the connect timeout the same request runs into the total deadline instead', async () => {
  const error = await fromCredentialsUri({
    uri: `https://127.0.0.1:${port}/credentials`,
    connectTimeoutMs: 15_000,
    timeoutMs: 150,
  })().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect((error as { code: string }).code).toBe('Timeout');
});

it('one pool per connect timeout; the web twin defers to the global fetch', () => {
  expect(typeof connectTimeoutFetch(1234)).toBe('function');
  expect(webTwin(1234)).toBeUndefined();
});
