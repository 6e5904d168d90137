import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Credentials } from '@alicred/core';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { fromCredentialsUri } from '@alicred/uri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Soak: 10^6 getCredentials calls from 100 concurrent tasks across 100 refresh cycles, on a fake clock shared
// by the provider and the emulator's credential server → exactly 100 upstream fetches, no error, a flat heap.

const CYCLES = 100;
const TASKS = 100;
const CALLS_PER_TASK_PER_CYCLE = 100; // 100 × 100 × 100 = 10^6
const MIN = 60_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const clock = { t: Date.parse('2030-01-01T00:00:00Z') };
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => new Date(clock.t) });
});
afterAll(async () => {
  await emu?.close();
});

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('soak', () => {
  it('10^6 calls over 100 refresh cycles: 100 upstream fetches, no error, flat memory', { timeout: 120_000 }, async () => {
    const provider = fromCredentialsUri({ uri: `${emu.url}${emu.seed.credentialsPath}`, env: {}, now: () => clock.t, random: () => 0.5 });
    let calls = 0;
    let errors = 0;
    const heap: number[] = [];
    let current: Credentials | undefined;
    const task = async (): Promise<void> => {
      for (let i = 0; i < CALLS_PER_TASK_PER_CYCLE; i += 1) {
        try {
          await provider();
        } catch {
          errors += 1;
        }
        calls += 1;
      }
    };

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      if (current) {
        // 58 min into a 1 h credential: inside the refresh window (≤ 5 min, jittered down), before hard expiry.
        clock.t = current.expiration!.getTime() - 2 * MIN;
      }
      await Promise.all(Array.from({ length: TASKS }, task));
      // The cycle's one background refresh (or the first fetch) has to land before the clock moves on.
      const want = cycle + 1;
      for (let i = 0; i < 500 && emu.requests({ service: 'uri' }).length < want; i += 1) await new Promise((r) => setTimeout(r, 5));
      let next = await provider();
      for (let i = 0; i < 500 && next === current; i += 1) {
        await new Promise((r) => setTimeout(r, 5));
        next = await provider();
      }
      calls += 1;
      expect(next).not.toBe(current);
      current = next;
      if (cycle === 9 || cycle === CYCLES - 1) heap.push(heapMiB());
    }

    if (process.env.ALICRED_DEBUG_SOAK) console.log({ calls, heap });
    expect(calls).toBeGreaterThanOrEqual(10 ** 6);
    expect(errors).toBe(0);
    expect(emu.requests({ service: 'uri' })).toHaveLength(CYCLES);
    // Flat: 90 more cycles and ~900 000 more calls may not grow the heap by more than 4 MiB (a leak of
    // even one small object per call would be ~30 MiB).
    expect(heap[1]! - heap[0]!).toBeLessThan(4);
  });
});
