import { createHook, type AsyncHook } from 'node:async_hooks';

/** A resource that would keep the process alive. */
export interface LiveResource {
  readonly type: string;
  readonly asyncId: number;
}

interface Tracked {
  type: string;
  resource: unknown;
  serverSide: boolean;
}

// Handle types that keep an event loop alive when ref'd. Requests (ConnectWrap, WriteWrap …) finish on their
// own and promises are not handles, so they are left out.
const HANDLE_TYPES = new Set(['TCPWRAP', 'TCPSERVERWRAP', 'PIPEWRAP', 'UDPWRAP', 'Timeout', 'Immediate', 'TLSWRAP', 'FSEVENTWRAP', 'PROCESSWRAP']);

/**
 * Tracks the handles created while it is enabled, the way why-is-node-running does (async_hooks), and tells
 * which of them are still open and ref'd. Enable it before the servers start, so their connections are known. Everything a TCP server accepts — the emulator's and the test
 * proxies' side of each connection, and whatever those connections start — is "server side" and left out:
 * a keep-alive connection the emulator holds open is not the client's leak.
 */
export function createResourceTracker(): {
  enable(): void;
  disable(): void;
  /** Forget the client-side handles seen so far: `live()` then reports only those created after this. */
  mark(): void;
  /** Client-side handles created since `enable()` that are still open and ref'd. */
  live(): LiveResource[];
  /** Polls until no client-side handle is live or `withinMs` passed; returns what is still live. */
  settle(withinMs: number): Promise<LiveResource[]>;
} {
  const tracked = new Map<number, Tracked>();
  const serverSide = new Set<number>();
  const hook: AsyncHook = createHook({
    init(asyncId, type, triggerAsyncId, resource) {
      const isServer = type === 'TCPSERVERWRAP' || type === 'PIPESERVERWRAP' || serverSide.has(triggerAsyncId);
      if (isServer) serverSide.add(asyncId);
      if (HANDLE_TYPES.has(type)) tracked.set(asyncId, { type, resource, serverSide: isServer });
    },
    destroy(asyncId) {
      tracked.delete(asyncId);
      serverSide.delete(asyncId);
    },
  });

  const refd = (resource: unknown): boolean => {
    const r = resource as { hasRef?: () => boolean; _destroyed?: boolean; _idleTimeout?: number };
    // Timers: cleared ones have _idleTimeout -1 until their destroy hook runs.
    if (r && typeof r._idleTimeout === 'number' && r._idleTimeout < 0) return false;
    if (r?._destroyed === true) return false;
    return typeof r?.hasRef === 'function' ? r.hasRef() : true;
  };

  function live(): LiveResource[] {
    const out: LiveResource[] = [];
    for (const [asyncId, t] of tracked) {
      if (t.serverSide || !refd(t.resource)) continue;
      out.push({ type: t.type, asyncId });
    }
    return out;
  }

  return {
    enable: () => {
      tracked.clear();
      hook.enable();
    },
    mark: () => {
      for (const [id, t] of tracked) if (!t.serverSide) tracked.delete(id);
    },
    disable: () => {
      hook.disable();
      tracked.clear();
      serverSide.clear();
    },
    live,
    async settle(withinMs) {
      const until = Date.now() + withinMs;
      for (;;) {
        // Let closes and destroy hooks run before looking.
        await new Promise((r) => setImmediate(r));
        const now = live();
        if (now.length === 0 || Date.now() >= until) return now;
        await new Promise((r) => setTimeout(r, 20).unref());
      }
    },
  };
}
