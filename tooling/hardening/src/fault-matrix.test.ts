import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type Emulator } from '@alicred/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, MATRIX_EMULATOR_CONFIG, renderMatrix, runCell, SOURCES, type CellResult } from './support/matrix';
import { startResetProxy, type ResetProxy } from './support/reset-proxy';
import { createResourceTracker } from './support/resource-tracker';

/**
 * Cells where alicred currently breaks its own contract (none at present), reported to the owner of the code.
 * Each is asserted exactly, so the test turns red when the bug is fixed: then delete the entry and
 * regenerate docs/fault-matrix.md.
 */
const KNOWN_VIOLATIONS: Record<string, { cold?: string[]; warm?: string[]; why: string }> = {};

/**
 * Documented exceptions to "a broken answer never becomes credentials": a KMS key whose rotation is overdue
 * (the emulator's expired fault) is still the key KMS hands out; the provider serves it and looks again in
 * ~10 minutes (kms-client-key README, "Refresh and rotation").
 */
const DOCUMENTED_SUCCESS = new Set(['kms-client-key/expired']);

const NOTES = [
  'STS answers an injected 4xx with the emulator\'s `InjectedFault` code; real STS errors keep their own codes (`isStsError`).',
  'Clock skew ±20 min: STS refuses a request `Timestamp` more than 15 min off (`InvalidTimeStamp.Expired`), the OIDC token check fails when STS is behind the token issuer, KMS refuses the skewed signature (`KmsAuthFailed`); ECS and the credentials URI sign nothing and their 1 h credentials are still valid either way.',
  '`kms-client-key` + expired credentials: the key KMS hands out has an overdue rotation; it is served and looked at again in ~10 min (kms-client-key README, "Refresh and rotation").',
  'ECS 4xx/5xx: the failed credentials GET is retried once without the IMDSv2 token (the official IMDSv1 fallback), hence up to 4 attempts.',
];

const docPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/fault-matrix.md');

let emu: Emulator;
let proxy: ResetProxy;
let unhandled = 0;
/** The emulator's clock runs this far ahead of the real one (warm cells of sources that share the clock). */
let emulatorOffsetMs = 0;
const onUnhandled = (): void => {
  unhandled += 1;
};
const tracker = createResourceTracker();
const results = new Map<string, { cold: CellResult; warm: CellResult }>();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  tracker.enable();
  // One hour credentials everywhere, so "warm" means the same thing for every source.
  emu = await startEmulator({ config: MATRIX_EMULATOR_CONFIG, now: () => new Date(Date.now() + emulatorOffsetMs) });
  proxy = await startResetProxy(new URL(emu.url));
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await proxy?.close();
  await emu?.close();
  tracker.disable();
});

describe('fault matrix', () => {
  for (const source of SOURCES) {
    describe(source.label, () => {
      for (const fault of FAULTS) {
        it(fault.label, { timeout: 30_000 }, async () => {
          const env = { emu, proxy, tracker, unhandled: () => unhandled, setEmulatorOffset: (ms: number) => void (emulatorOffsetMs = ms) };
          const cold = await runCell(env, source, fault, 'cold');
          const warm = await runCell(env, source, fault, 'warm');
          results.set(`${source.id}/${fault.id}`, { cold, warm });
          if (process.env.ALICRED_DEBUG_MATRIX) console.log(source.id, fault.id, JSON.stringify({ cold, warm }));
          const known = KNOWN_VIOLATIONS[`${source.id}/${fault.id}`];
          expect(cold.violations, known?.why).toEqual(known?.cold ?? []);
          expect(warm.violations, known?.why).toEqual(known?.warm ?? []);
          for (const cell of [cold, warm]) {
            expect(cell.unhandled).toBe(0);
            expect(cell.leaks).toEqual([]);
            expect(cell.elapsedMs).toBeLessThan(cell.boundMs);
            expect(cell.attempts).toBeLessThanOrEqual(source.maxAttempts);
          }
          // A fault that only slows the answer down within the timeout is invisible.
          if (fault.id === 'latency') expect(cold.outcome).toBe('fresh');
          // A broken answer never becomes credentials.
          if (!known && !DOCUMENTED_SUCCESS.has(`${source.id}/${fault.id}`) && ['status-500', 'status-503', 'status-400', 'status-403', 'malformed', 'truncated', 'oversized', 'hang', 'reset', 'expired', 'throttle'].includes(fault.id)) {
            expect(cold.outcome).toMatch(/^error /);
            expect(warm.outcome).toMatch(/^cached; refresh → error /);
          }
        });
      }
    });
  }

  it('publishes docs/fault-matrix.md (regenerated, and the committed copy is current)', () => {
    expect(results.size).toBe(SOURCES.length * FAULTS.length);
    const generated = renderMatrix(
      results,
      Object.entries(KNOWN_VIOLATIONS).map(([cell, k]) => `\`${cell}\`: ${k.why}.`),
      NOTES,
    );
    const committed = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
    if (process.env.ALICRED_UPDATE_FAULT_MATRIX || !committed) writeFileSync(docPath, generated);
    else expect(committed, 'docs/fault-matrix.md is stale: rerun with ALICRED_UPDATE_FAULT_MATRIX=1 and commit it').toBe(generated);
  });
});
