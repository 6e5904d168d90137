import { mergeConfig } from 'vitest/config';
import { vitestPreset } from '../../tooling/vitest.preset';

// test/setup.ts makes the global fetch refuse every host but loopback (and records what it refused), so a
// default-chain test that forgot to point ECS at the emulator can never reach 100.100.100.200.
export default mergeConfig(vitestPreset(), { test: { setupFiles: ['./test/setup.ts'] } });
