import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createResourceTracker } from './resource-tracker';

// The fault matrix's "clean" column is only as good as this detector: prove it sees what it must.
describe('createResourceTracker', () => {
  it('reports a forgotten timer and a client socket, and forgets them once closed', async () => {
    const tracker = createResourceTracker();
    tracker.enable();
    try {
      const server = net.createServer((c) => c.on('error', () => {}));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      tracker.mark();
      const timer = setTimeout(() => {}, 60_000);
      const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      // The server's accepted socket is server side: only the timer and the client socket count.
      expect(tracker.live().map((r) => r.type).sort()).toEqual(['TCPWRAP', 'Timeout']);
      clearTimeout(timer);
      socket.destroy();
      expect(await tracker.settle(1_000)).toEqual([]);
      await new Promise<void>((r) => server.close(() => r()));
    } finally {
      tracker.disable();
    }
  });

  it('does not count unref’d handles (they do not keep the process alive)', async () => {
    const tracker = createResourceTracker();
    tracker.enable();
    try {
      tracker.mark();
      const timer = setTimeout(() => {}, 60_000).unref();
      expect(tracker.live()).toEqual([]);
      clearTimeout(timer);
    } finally {
      tracker.disable();
    }
  });
});
