import net from 'node:net';

/**
 * A loopback TCP proxy in front of the emulator that can reset connections: the emulator has no
 * "connection reset" fault, and a reset is what a crashed or overloaded upstream (or a middlebox) does.
 * `pass` forwards bytes both ways; `reset` answers every new request with a TCP RST once its first bytes
 * arrive, and switching to `reset` resets the connections already open (keep-alive sockets included).
 */
export interface ResetProxy {
  readonly url: string;
  mode: 'pass' | 'reset';
  close(): Promise<void>;
}

export async function startResetProxy(target: URL): Promise<ResetProxy> {
  let mode: 'pass' | 'reset' = 'pass';
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => {});
    if (mode === 'reset') {
      client.once('data', () => client.resetAndDestroy());
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    open.add(upstream);
    upstream.once('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    set mode(next) {
      mode = next;
      if (next === 'reset') for (const s of open) s.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
