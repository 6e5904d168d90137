import { mergeConfig } from 'vitest/config';
import { vitestPreset } from '../../tooling/vitest.preset';

// The guard installed by test/setup.ts makes any request to a non-loopback host fail the suite, so a test
// that forgets to point the endpoint at the emulator can never reach 100.100.100.200.
export default mergeConfig(vitestPreset(), { test: { setupFiles: ['./test/setup.ts'] } });
